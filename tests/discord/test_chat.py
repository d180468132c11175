"""Refinement chat: messages in a card thread (with the content intent) and `/refine`."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from bot.commands import SPECS
from tests.discord import payloads as p
from tests.discord.harness import World, answer_text, open_card, registered_commands
from tests.waiting import settle_until

COMMAND = re.compile(r"(?<![\w<:/-])/([a-z]+)")


def thread_message(thread_id: int, text: str, user_id: int = 501) -> dict[str, Any]:
    """A MESSAGE_CREATE gateway event from a member in a thread."""
    data = p.message(p.FIRST_ID + 90000 + len(text), thread_id, text, {}, [])
    data["author"] = p.user(user_id, "ada")
    data["guild_id"] = str(p.GUILD)
    data["member"] = {k: v for k, v in p.member(user_id, "ada").items() if k != "user"}
    return data


async def replies_in(world: World, thread_id: int, count: int = 1) -> list[dict[str, Any]]:
    """The bot's replies in the thread, once there are `count` of them."""

    def found() -> list[dict[str, Any]]:
        calls = world.fake.find("POST", rf"/channels/{thread_id}/messages")
        return [c.body for c in calls if c.body.get("message_reference")]

    await settle_until(lambda: len(found()) >= count, "the bot's reply in the thread")
    return found()


def commands_named(text: str) -> set[str]:
    """The slash commands a reply tells people to type."""
    return set(COMMAND.findall(text))


def test_card_chat_in_a_thread_and_refine(world: World) -> None:
    async def scenario() -> None:
        bot = await world.start_bot(message_content=True)
        try:
            thread_id = await open_card(world, count=1)
            # A plain message in the channel (not a card thread) gets no answer; the thread
            # message sent after it does, so the first was seen and ignored.
            bot._connection.parse_message_create(thread_message(p.CHANNEL, "hello"))
            bot._connection.parse_message_create(thread_message(thread_id, "make it darker"))
            [reply] = await replies_in(world, thread_id)
            assert reply["content"].startswith("🤖")
            assert not world.fake.find("POST", rf"/channels/{p.CHANNEL}/messages")[1:]
            answer = await world.send(
                world.command("refine", p.option("text", "add snow"), where=thread_id)
            )
            assert answer_text(answer).startswith("🤖")
            # Every command a reply names exists on Discord.
            names = registered_commands(world)
            for text in (reply["content"], answer_text(answer)):
                assert commands_named(text) <= names, text
        finally:
            await world.close()

    asyncio.run(scenario())


def test_suggestion_buttons_answer_the_assistant(world: World) -> None:
    """Before the first version the card chat asks; its suggestions are registry pick buttons."""

    async def scenario() -> None:
        bot = await world.start_bot(message_content=True)
        try:
            await world.send(world.command("project", p.option("name", "Demo"), sub="new"))
            await world.send(world.command("card", p.option("prompt", "a dragon"), sub="new"))
            threads = world.fake.find("POST", rf"/channels/{p.CHANNEL}/messages/\d+/threads")
            thread_id = int(threads[-1].path.split("/")[4])
            bot._connection.parse_message_create(thread_message(thread_id, "a dragon"))
            await replies_in(world, thread_id)
            asked = next(m for m in world.fake.thread_messages(thread_id) if m.get("components"))
            buttons = [c for row in asked["components"] for c in row["components"]]
            assert [b["custom_id"] for b in buttons][:2] == ["lbv:pick1:1", "lbv:pick2:1"]
            label = buttons[0]["label"]
            answer = await world.send(world.press(asked, "lbv:pick1:1"))
            assert answer_text(answer).startswith("🤖")
            card = world.runtime.presenter.card_view(1)
            assert card is not None and label in card.prompt
            forged = await world.send(world.press(asked, "lbv:pick7:1"))
            assert answer_text(forged).startswith("⚠️")
            assert commands_named(answer_text(answer)) <= registered_commands(world)
        finally:
            await world.close()

    asyncio.run(scenario())


def test_every_shared_command_is_reachable_on_discord(world: World) -> None:
    """Each command of the shared grammar is a slash command (refs is `/ref list`; /press is
    what every button does), within Discord's limit of 100 top-level commands."""

    async def scenario() -> None:
        await world.start_bot()
        try:
            [sync] = world.fake.find("PUT", rf"/applications/{p.APP}/guilds/{p.GUILD}/commands")
            top = {command["name"]: command for command in sync.body}
            assert len(top) <= 100
            elsewhere = {"refs": ("ref", "list"), "press": None}
            for spec in SPECS:
                if spec.name not in elsewhere:
                    assert spec.name in top, f"/{spec.name} is missing on Discord"
            group, sub = elsewhere["refs"]  # type: ignore[misc]
            assert sub in {o["name"] for o in top[group]["options"]}
            assert {o["name"] for o in top["ref"]["options"]} >= {"add", "remove", "kind"}
            assert {o["name"] for o in top["saveref"]["options"]} >= {"name", "kind"}
        finally:
            await world.close()

    asyncio.run(scenario())
