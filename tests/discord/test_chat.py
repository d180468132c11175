"""Refinement chat: messages in a card thread (with the content intent) and `/refine`."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from tests.discord import payloads as p
from tests.discord.harness import World, answer_text, open_card


def thread_message(thread_id: int, text: str, user_id: int = 501) -> dict[str, Any]:
    """A MESSAGE_CREATE gateway event from a member in a thread."""
    data = p.message(p.FIRST_ID + 90000, thread_id, text, {}, [])
    data["author"] = p.user(user_id, "ada")
    data["guild_id"] = str(p.GUILD)
    data["member"] = {k: v for k, v in p.member(user_id, "ada").items() if k != "user"}
    return data


async def reply_in(world: World, thread_id: int, seconds: float = 5.0) -> dict[str, Any]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for call in world.fake.find("POST", rf"/channels/{thread_id}/messages"):
            if call.body.get("message_reference"):
                return call.body
        await asyncio.sleep(0.02)
    raise AssertionError("no reply in the thread")


def test_card_chat_in_a_thread_and_refine(world: World) -> None:
    async def scenario() -> None:
        bot = await world.start_bot(message_content=True)
        try:
            thread_id = await open_card(world, count=1)
            bot._connection.parse_message_create(thread_message(thread_id, "make it darker"))
            reply = await reply_in(world, thread_id)
            assert reply["content"].startswith("🤖")
            # Plain messages in the channel (not a card thread) get no answer.
            before = len(world.fake.calls)
            bot._connection.parse_message_create(thread_message(p.CHANNEL, "hello"))
            await asyncio.sleep(0.3)
            assert not world.fake.find("POST", rf"/channels/{p.CHANNEL}/messages")[1:]
            assert all(c.method == "GET" for c in world.fake.calls[before:])
            answer = await world.send(
                world.command("refine", p.option("text", "add snow"), where=thread_id)
            )
            assert answer_text(answer).startswith("🤖")
        finally:
            await world.close()

    asyncio.run(scenario())


def test_suggestion_buttons_answer_the_assistant(world: World) -> None:
    """Before the first version the card chat asks; its suggestions are buttons that /pick."""

    async def scenario() -> None:
        bot = await world.start_bot(message_content=True)
        try:
            await world.send(world.command("project", p.option("name", "Demo"), sub="new"))
            await world.send(world.command("card", p.option("prompt", "a dragon"), sub="new"))
            threads = world.fake.find("POST", rf"/channels/{p.CHANNEL}/messages/\d+/threads")
            thread_id = int(threads[-1].path.split("/")[4])
            bot._connection.parse_message_create(thread_message(thread_id, "a dragon"))
            await reply_in(world, thread_id)
            asked = next(m for m in world.fake.thread_messages(thread_id) if m.get("components"))
            buttons = [c for row in asked["components"] for c in row["components"]]
            assert [b["custom_id"] for b in buttons][:2] == ["lbq:1", "lbq:2"]
            label = buttons[0]["label"]
            answer = await world.send(world.press(asked, "lbq:1"))
            assert answer_text(answer).startswith("🤖")
            card = world.runtime.studio.card_view_by_id(1)
            assert card is not None and label in card.prompt
            forged = await world.send(world.press(asked, "lbq:7"))
            assert "not a Lightbox button" in answer_text(forged) or "⚠️" in answer_text(forged)
        finally:
            await world.close()

    asyncio.run(scenario())
