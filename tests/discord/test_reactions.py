"""Reactions ✅ ❌ ⭐ on version messages (raw events: the message need not be cached)."""

from __future__ import annotations

import asyncio

from tests.discord.harness import World, open_card, reaction, until, version_id, versions_in


def test_reactions_review_and_favorite(world: World) -> None:
    async def scenario() -> None:
        bot = await world.start_bot()
        try:
            thread_id = await open_card(world, count=2)
            found = versions_in(world, thread_id)
            v1, v2 = version_id(found[1]), version_id(found[2])
            presenter = world.runtime.presenter
            state = bot._connection
            state.parse_message_reaction_add(reaction(found[1], "✅"))
            await until(lambda: presenter.version_view(v1).review == "approved")
            state.parse_message_reaction_add(reaction(found[2], "❌"))
            await until(lambda: presenter.version_view(v2).review == "rejected")
            state.parse_message_reaction_add(reaction(found[2], "⭐"))
            await until(lambda: "⭐1" in presenter.version_view(v2).caption)
            state.parse_message_reaction_remove(reaction(found[2], "⭐"))
            await until(lambda: "⭐" not in presenter.version_view(v2).caption)
            # Other emoji, the bot's own reactions and unknown messages change nothing.
            state.parse_message_reaction_add(reaction(found[1], "🔥"))
            state.parse_message_reaction_add(reaction(found[2], "✅", user_id=int(bot.user.id)))
            state.parse_message_reaction_add(reaction(dict(found[1], id="42"), "❌"))
            # A known-good reaction after them: once it landed, the ones before were handled.
            state.parse_message_reaction_add(reaction(found[1], "⭐"))
            await until(lambda: "⭐1" in presenter.version_view(v1).caption)
            assert presenter.version_view(v1).review == "approved"
            assert presenter.version_view(v2).review == "rejected"
        finally:
            await world.close()

    asyncio.run(scenario())
