"""Card = thread: `/imagine` opens the card's thread (in a forum: a post) and generates there."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.discord import context, forums
from bot.discord.header import post_header, refresh_header
from bot.discord.render import clip, outcome_text, thread_name
from core.errors import BadInput
from core.identity import Place
from core.views import CardView

if TYPE_CHECKING:
    from bot.discord.app import LightboxBot

ARCHIVE_MINUTES = forums.ARCHIVE_MINUTES


async def create_card(interaction: discord.Interaction, text: str, *, generate: bool) -> None:
    """A new card in this channel (its parent when used in a thread), with its own thread."""
    bot: LightboxBot = interaction.client  # type: ignore[assignment]
    await context.defer(interaction)

    async def work() -> None:
        check_channel(interaction)
        actor, where = context.actor_of(interaction), context.place_of(interaction)
        channel = Place(where.platform, where.chat_id)
        kind = await home_type(bot, interaction, int(channel.chat_id))
        if kind == forums.MEDIA:
            raise BadInput("media channels are not supported: use a text or forum channel")
        # Created without generating: versions are queued only once the thread is bound, so
        # every delivery targets the thread (never the channel the card was made in).
        created = await context.in_core(
            lambda: bot.router.handle(actor, channel, f"/card new {text}")
        )
        card = created.card
        assert card is not None
        if kind == forums.FORUM:
            thread_id, header_id = await forums.create_post(bot, int(channel.chat_id), card)
        else:
            thread_id, header_id = await open_thread(bot, int(channel.chat_id), card)
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


async def open_thread(bot: LightboxBot, channel_id: int, card: CardView) -> tuple[str, str]:
    """Post the header in a text channel and start the card thread from it."""
    header = await post_header(bot, channel_id, card)
    thread = await bot.http.start_thread_with_message(
        channel_id,
        int(header["id"]),
        name=thread_name(card.title),
        auto_archive_duration=ARCHIVE_MINUTES,
        rate_limit_per_user=None,
    )
    return str(thread["id"]), str(header["id"])


async def home_type(bot: LightboxBot, interaction: discord.Interaction, home_id: int) -> int:
    """The Discord type of the channel cards are made in (the thread's parent inside a thread)."""
    channel = interaction.channel
    if channel is not None and channel.id == home_id:
        bot.channel_types[home_id] = channel.type.value
        return channel.type.value
    return await forums.channel_type(bot, home_id)


def check_channel(interaction: discord.Interaction) -> None:
    """Cards live in server channels (text channels and forums)."""
    if interaction.guild_id is None:
        raise BadInput("cards live in server channels: use this command in a server channel")
