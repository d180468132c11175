"""Card = thread: `/imagine` posts the card header, opens a thread from it and generates there."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.discord import context
from bot.discord.header import post_header, refresh_header
from bot.discord.render import clip, outcome_text, thread_name
from core.errors import BadInput
from core.identity import Place

if TYPE_CHECKING:
    from bot.discord.app import LightboxBot

ARCHIVE_MINUTES = 10080


async def create_card(interaction: discord.Interaction, text: str, *, generate: bool) -> None:
    """A new card in this channel (its parent when used in a thread), with its own thread."""
    bot: LightboxBot = interaction.client  # type: ignore[assignment]
    await context.defer(interaction)

    async def work() -> None:
        check_channel(interaction)
        actor, where = context.actor_of(interaction), context.place_of(interaction)
        channel = Place(where.platform, where.chat_id)
        # Created without generating: versions are queued only once the thread is bound, so
        # every delivery targets the thread (never the channel the card was made in).
        created = await context.in_core(
            lambda: bot.router.handle(actor, channel, f"/card new {text}")
        )
        card = created.card
        assert card is not None
        header = await post_header(bot, int(channel.chat_id), card)
        thread = await bot.http.start_thread_with_message(
            int(channel.chat_id),
            int(header["id"]),
            name=thread_name(card.title),
            auto_archive_duration=ARCHIVE_MINUTES,
            rate_limit_per_user=None,
        )
        thread_id, header_id = str(thread["id"]), str(header["id"])
        await context.in_core(
            lambda: bot.studio.bind_thread(card.card_id, context.PLATFORM, thread_id, header_id)
        )
        answer = outcome_text(created)
        if generate:
            in_thread = Place(channel.platform, channel.chat_id, thread_id)
            queued = await context.in_core(lambda: bot.router.handle(actor, in_thread, "/new"))
            answer += f"\n{outcome_text(queued)}"
            if queued.card is not None:
                await context.best_effort(refresh_header(bot, in_thread, queued.card), "header")
        await context.reply(interaction, clip(f"{answer}\n→ <#{thread_id}>"))

    await context.guarded(interaction, work)


def check_channel(interaction: discord.Interaction) -> None:
    """Cards are threads of a server text channel (forum posts are not supported yet)."""
    channel = interaction.channel
    if interaction.guild_id is None:
        raise BadInput("cards live in server channels: use this command in a server text channel")
    if channel is not None and channel.type in (
        discord.ChannelType.forum,
        discord.ChannelType.media,
    ):
        raise BadInput("forum channels are not supported yet: use a text channel for cards")
