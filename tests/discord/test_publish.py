"""The public web gallery from Discord: /publish (choosing what shows), /unpublish, /published."""

from __future__ import annotations

import asyncio

import pytest

from tests.discord import payloads as p
from tests.discord.harness import World, answer_text, open_card


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # core's tests run both
def test_publish_and_unpublish_from_a_card_thread(world: World) -> None:
    async def scenario() -> None:
        await world.start_bot()
        try:
            thread_id = await open_card(world, count=1)
            publish = world.command("publish", p.option("show", "prompt"), where=thread_id)
            published = answer_text(await world.send(publish))
            assert "/v/" in published, published
            listed = answer_text(await world.send(world.command("published", where=thread_id)))
            assert "/v/" in listed and "v1" in listed
            gone = answer_text(await world.send(world.command("unpublish", where=thread_id)))
            assert "v1" in gone, gone
            again = answer_text(await world.send(world.command("unpublish", where=thread_id)))
            assert "is not published" in again
            page = world.command("public", p.option("name", "Harbour Films"), sub="on")
            assert "Harbour Films" in answer_text(await world.send(page))
            off = answer_text(await world.send(world.command("public", sub="off")))
            assert "public" in off
        finally:
            await world.close()

    asyncio.run(scenario())
