"""The card header message: posted once with the card's registry buttons; core refreshes it."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Literal

import discord

from bot.discord import context
from bot.discord.render import card_content, card_rows, thread_name
from core.errors import BadInput
from core.identity import Place
from core.views import CardView

if TYPE_CHECKING:
    from bot.discord.app import LightboxBot

log = logging.getLogger(__name__)
ARCHIVE_MINUTES: Literal[10080] = 10080


def header_place(interaction: discord.Interaction) -> Place:
    """The card thread of the header a picker sits on: Discord gives a thread its starter
    message's id. A text channel's header sits in the channel; a forum post's in the post."""
    message = interaction.message
    if message is None:
        raise BadInput("this menu must be used on a card header")
    if isinstance(interaction.channel, discord.Thread):
        return context.place_of(interaction)
    return Place(context.PLATFORM, str(interaction.channel_id), str(message.id))


async def open_thread(bot: LightboxBot, channel_id: int, card: CardView) -> tuple[str, str]:
    """Post the header in a text channel and start the card thread from it; if Discord refuses
    the thread, the header is taken down again (the bot may always delete its own message)."""
    params = discord.http.handle_message_parameters(
        content=card_content(card), allowed_mentions=discord.AllowedMentions.none()
    )
    assert params.payload is not None
    params.payload["components"] = card_rows(card)
    header: dict[str, Any] = dict(await bot.http.send_message(channel_id, params=params))
    try:
        thread = await bot.http.start_thread_with_message(
            channel_id,
            int(header["id"]),
            name=thread_name(card.title),
            auto_archive_duration=ARCHIVE_MINUTES,
            rate_limit_per_user=None,
        )
    except discord.HTTPException:
        try:
            await bot.http.delete_message(channel_id, int(header["id"]))
        except discord.HTTPException as exc:
            log.warning("could not take down the header of card %s: %s", card.card_id, exc)
        raise
    return str(thread["id"]), str(header["id"])
