"""Test world: fake Discord, an embedded runtime with the Discord sink, real bots that log in."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from typing import Any

from bot.discord.app import LightboxBot
from bot.discord.runner import use_api_base
from bot.discord.settings import DiscordSettings
from tests.discord import payloads as p
from tests.discord.fake_discord import Call, FakeDiscord
from tests.waiting import settle_until
from workers.runtime import Runtime

ANSWER_SECONDS = 10.0


class World:
    """One fake Discord, one runtime; bots come and go (a new bot is a restart)."""

    def __init__(self, fake: FakeDiscord, runtime: Runtime):
        self.fake = fake
        self.runtime = runtime
        self.bot: LightboxBot | None = None

    async def start_bot(self, **extra: Any) -> LightboxBot:
        use_api_base(self.fake.base)
        settings = DiscordSettings(_env_file=None, guild_ids=[p.GUILD], **extra)  # type: ignore[call-arg]
        bot = LightboxBot(self.runtime.studio, self.runtime.bindings, settings)
        await bot.login(p.TOKEN)
        self.bot = bot
        return bot

    async def restart_bot(self) -> LightboxBot:
        if self.bot is not None:
            await self.bot.close()
        return await self.start_bot()

    async def close(self) -> None:
        if self.bot is not None:
            await self.bot.close()
            self.bot = None

    async def send(self, payload: dict[str, Any]) -> Call:
        """Feed an INTERACTION_CREATE to the bot and wait for its final answer."""
        assert self.bot is not None
        self.fake.interactions.hand_over(payload["id"])
        self.bot._connection.parse_interaction_create(payload)
        return await self.answer_to(payload)

    async def answer_to(self, payload: dict[str, Any]) -> Call:
        token = payload["token"]

        def answer() -> Call | None:
            for call in self.fake.find("POST", rf"/webhooks/\d+/{token}"):
                return call
            for call in self.fake.find("POST", rf"/interactions/\d+/{token}/callback"):
                if call.body.get("type") in (4, 7, 9):  # a message, a redraw, a modal
                    return call
            return None

        await settle_until(answer, f"an answer to interaction {payload['id']}", ANSWER_SECONDS)
        found = answer()
        assert found is not None
        return found

    def callbacks(self, payload: dict[str, Any]) -> list[Call]:
        return self.fake.find("POST", rf"/interactions/{payload['id']}/{payload['token']}/callback")

    async def idle(self) -> None:
        """Every job, delivery and queued header refresh is done."""
        assert await asyncio.to_thread(self.runtime.wait_idle, ["discord"], 30.0)

    def header(self, thread_id: int) -> dict[str, Any]:
        """The card header message of a thread (Discord gives the thread its starter's id)."""
        return self.fake.messages[thread_id]

    # -- payload shortcuts -------------------------------------------------------------------

    def channel(self, channel_id: int = p.CHANNEL) -> dict[str, Any]:
        return self.fake.channels.get(channel_id) or p.text_channel(channel_id)

    def command(
        self,
        name: str,
        *options: dict[str, Any],
        sub: str | None = None,
        where: int = p.CHANNEL,
        user_id: int = 501,
        admin: bool = True,
        resolved: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        data = p.slash(name, list(options), sub=sub, resolved=resolved)
        return p.interaction(2, data, channel=self.channel(where), user_id=user_id, admin=admin)

    def press(
        self, message: dict[str, Any], custom_id: str, *, user_id: int = 501, admin: bool = True
    ) -> dict[str, Any]:
        channel = self.channel(int(message["channel_id"]))
        return p.interaction(
            3, p.button(custom_id), channel=channel, user_id=user_id, admin=admin, message=message
        )

    def submit(
        self,
        channel_id: int,
        custom_id: str,
        value: str | dict[str, str],
        *,
        user_id: int = 501,
        field: str = "name",
        message: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A modal submission (`message` is the message whose button opened the modal);
        `value` answers `field`, or is a dict of field id → answer."""
        data = p.modal(custom_id, value if isinstance(value, dict) else {field: value})
        channel = self.channel(channel_id)
        return p.interaction(5, data, channel=channel, user_id=user_id, message=message)


async def until(check: Callable[[], bool], seconds: float = 10.0) -> None:
    """Wait for a condition (polled), failing after `seconds`."""
    await settle_until(check, "a condition", seconds)


def answer_text(call: Call) -> str:
    body = call.body
    return str(body.get("content") or (body.get("data") or {}).get("content") or "")


def is_ephemeral(call: Call) -> bool:
    flags = call.body.get("flags") or (call.body.get("data") or {}).get("flags") or 0
    return bool(flags & 64)


def custom_ids(message: dict[str, Any]) -> list[str]:
    return [c["custom_id"] for row in message["components"] for c in row["components"]]


def reaction(message: dict[str, Any], emoji: str, user_id: int = 501) -> dict[str, Any]:
    """A MESSAGE_REACTION_ADD gateway event."""
    return {
        "user_id": str(user_id),
        "channel_id": message["channel_id"],
        "message_id": message["id"],
        "guild_id": str(p.GUILD),
        "member": p.member(user_id, "ada"),
        "emoji": {"id": None, "name": emoji},
        "burst": False,
        "type": 0,
    }


def versions_in(world: World, thread_id: int) -> dict[int, dict[str, Any]]:
    """The thread's version messages by version number (workers post them in any order)."""
    found = {}
    for message in world.fake.thread_messages(thread_id):
        match = re.search(r"· v(\d+) of \d+", message["content"])
        if match:
            found[int(match[1])] = message
    return found


def registered_commands(world: World) -> set[str]:
    """The top-level slash commands the bot registered with Discord."""
    [sync] = world.fake.find("PUT", rf"/applications/{p.APP}/guilds/{p.GUILD}/commands")
    return {command["name"] for command in sync.body}


def answer_files(call: Call) -> list[str]:
    """The names of the files an answer attached."""
    return [filename for _field, filename, _data in call.files]


def modal_fields(call: Call) -> dict[str, str]:
    """The text inputs of a modal answer (type 9): custom_id → pre-filled value."""
    found = {}
    for row in call.body["data"]["components"]:
        for component in row["components"]:
            found[component["custom_id"]] = component.get("value", "")
    return found


def version_id(message: dict[str, Any]) -> int:
    return int(custom_ids(message)[0].rsplit(":", 1)[1])


async def open_card(world: World, prompt: str = "a red fox in snow", count: int = 2) -> int:
    """/project new + /imagine; returns the card thread id once its versions are posted."""
    await world.send(world.command("project", p.option("name", "Demo"), sub="new"))
    payload = world.command("imagine", p.option("prompt", prompt), p.option("count", count))
    answer = await world.send(payload)
    assert "queued v1" in answer_text(answer), answer_text(answer)
    threads = world.fake.find("POST", rf"/channels/{p.CHANNEL}/messages/\d+/threads")
    await world.idle()
    return int(threads[-1].path.split("/")[4])
