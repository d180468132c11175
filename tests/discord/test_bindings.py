"""Thread bindings on Discord: a card's thread is found from its channel (its id is its own)."""

from __future__ import annotations

import asyncio

from tests.discord import payloads as p
from tests.discord.harness import World, open_card, version_id, versions_in

CARD = 1


def test_a_cards_thread_is_found_from_the_channel_it_was_opened_in(world: World) -> None:
    async def scenario() -> None:
        await world.start_bot()
        try:
            thread_id = await open_card(world, count=1)
        finally:
            await world.close()
        bindings, thread = world.runtime.bindings, str(thread_id)
        channel, other = str(p.CHANNEL), str(p.OTHER_CHANNEL)
        v1 = versions_in(world, thread_id)[1]
        assert bindings.thread_of_card(CARD, "discord", channel) == thread
        assert bindings.thread_of_card(CARD, "discord", thread) == thread
        assert bindings.thread_of_version("discord", channel, version_id(v1)) == thread
        assert bindings.thread_of_message("discord", channel, str(v1["id"])) == thread
        header = str(world.header(thread_id)["id"])
        assert bindings.thread_of_message("discord", channel, header) == thread
        assert bindings.header_of("discord", thread) == header
        # another channel of the server does not hold this card
        assert bindings.thread_of_card(CARD, "discord", other) is None
        assert bindings.thread_of_version("discord", other, version_id(v1)) is None

    asyncio.run(scenario())
