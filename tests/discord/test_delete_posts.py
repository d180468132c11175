"""Archive takes a card's version messages down from its Discord thread (DELETE on the fake
REST API), /undo posts them back, and /delete after archive goes for good."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.discord import payloads as p
from tests.discord.harness import World, answer_text, open_card

CONFIRM = {"name": "confirm", "type": 5, "value": True}


def test_archive_takes_thread_posts_down_and_undo_brings_them_back(world: World) -> None:
    async def scenario() -> None:
        await world.start_bot()
        try:
            thread_id = await open_card(world, "a red fox in snow", 2)
            assert len(world.fake.thread_messages(thread_id)) == 2

            def archive() -> dict[str, Any]:
                return world.command("archive", p.option("name", "#1"), CONFIRM, sub="card")

            assert "archived card #1" in answer_text(await world.send(archive()))
            await world.idle()
            deletes = world.fake.find("DELETE", rf"/channels/{thread_id}/messages/\d+")
            assert len(deletes) == 2 and world.fake.thread_messages(thread_id) == []
            assert "is back" in answer_text(await world.send(world.command("undo")))
            await world.idle()
            assert len(world.fake.thread_messages(thread_id)) == 2
            await world.send(archive())
            await world.idle()
            gone = world.command("delete", p.option("number", 2), CONFIRM)
            assert "deleted card #1 “a red fox in snow”" in answer_text(await world.send(gone))
            assert world.fake.thread_messages(thread_id) == []
        finally:
            await world.close()

    asyncio.run(scenario())
