"""Forged or garbage component ids are refused ephemerally and change nothing."""

from __future__ import annotations

import asyncio
import copy
from typing import Any

from tests.discord import payloads as p
from tests.discord.harness import World, answer_text, is_ephemeral, open_card, version_id

STRANGER = 777


def with_button(message: dict[str, Any], custom_id: str) -> dict[str, Any]:
    """The message as a modified client could claim it: a button with any custom_id."""
    forged = copy.deepcopy(message)
    button = {"type": 2, "style": 3, "label": "Approve", "custom_id": custom_id}
    forged["components"] = [{"type": 1, "components": [button]}]
    return forged


def test_forged_and_garbage_ids_are_refused(world: World) -> None:
    async def scenario() -> None:
        await world.start_bot()
        try:
            thread_id = await open_card(world, count=1)
            [message] = world.fake.thread_messages(thread_id)
            vid = version_id(message)
            edits = len(world.fake.find("PATCH", r"/channels/\d+/messages/\d+"))
            # A stranger with their own project in another channel presses a button that names
            # a version of the first project.
            world.fake.channels[p.OTHER_CHANNEL] = p.text_channel(p.OTHER_CHANNEL)
            mine = world.command(
                "project",
                p.option("name", "Other"),
                sub="new",
                where=p.OTHER_CHANNEL,
                user_id=STRANGER,
            )
            await world.send(mine)
            elsewhere = dict(message, channel_id=str(p.OTHER_CHANNEL))
            for custom_id in (f"lbv:approve:{vid}", f"lbv:reject:{vid}", f"lbv:new:{vid}"):
                press = world.press(
                    with_button(elsewhere, custom_id), custom_id, user_id=STRANGER, admin=False
                )
                answer = await world.send(press)
                assert answer_text(answer).startswith("⚠️") and is_ephemeral(answer)
                assert "no version with id" in answer_text(answer)
            garbage = [
                "lbv:approve:abc",
                "lbv:approve:99999999999999999999",
                "lbv:nuke:1",
                "lbv:approve:0",
                "x" * 100,
                "",
            ]
            for custom_id in garbage:
                answer = await world.send(world.press(with_button(message, custom_id), custom_id))
                assert answer_text(answer).startswith("⚠️"), (custom_id, answer_text(answer))
                assert is_ephemeral(answer)
            # A custom_id that is well formed but not on the pressed message.
            answer = await world.send(world.press(message, f"lbv:approve:{vid + 1}"))
            assert "not a Lightbox button or form" in answer_text(answer)
            for custom_id in ("lbm:approve:1", "lbm:fork:abc", "nonsense"):
                answer = await world.send(world.submit(thread_id, custom_id, "x"))
                assert answer_text(answer).startswith("⚠️") and is_ephemeral(answer)
            view = world.runtime.presenter.version_view(vid)
            assert view.review == "none" and "⭐" not in view.caption
            assert world.runtime.busy(["discord"]) == 0
            assert len(world.fake.find("PATCH", r"/channels/\d+/messages/\d+")) == edits
        finally:
            await world.close()

    asyncio.run(scenario())


def test_a_viewer_cannot_approve(world: World) -> None:
    async def scenario() -> None:
        await world.start_bot()
        try:
            thread_id = await open_card(world, count=1)
            [message] = world.fake.thread_messages(thread_id)
            vid = version_id(message)
            owner = world.command("project", p.option("role", "viewer"), sub="role")
            owner["data"]["options"][0]["options"].insert(
                0, {"name": "member", "type": 6, "value": str(STRANGER)}
            )
            owner["data"]["resolved"] = {
                "users": {str(STRANGER): p.user(STRANGER, "eve")},
                "members": {
                    str(STRANGER): {
                        k: v for k, v in p.member(STRANGER, "eve").items() if k != "user"
                    }
                },
            }
            # The stranger joins first (as an editor by default), then is made a viewer.
            await world.send(world.command("queue", user_id=STRANGER, admin=False))
            answer = await world.send(owner)
            assert "is now viewer" in answer_text(answer), answer_text(answer)
            press = world.press(message, f"lbv:approve:{vid}", user_id=STRANGER, admin=False)
            answer = await world.send(press)
            assert answer_text(answer).startswith("⚠️") and is_ephemeral(answer)
            assert world.runtime.presenter.version_view(vid).review == "none"
        finally:
            await world.close()

    asyncio.run(scenario())
