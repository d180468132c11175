"""Reactions ✅ ❌ ⭐ on a version message approve, reject or favorite it (raw events)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord

from bot.discord import context
from core.errors import LightboxError
from core.identity import Actor, Place

if TYPE_CHECKING:
    from bot.discord.app import LightboxBot

log = logging.getLogger(__name__)
ADDED = {"✅": "approve", "❌": "reject", "⭐": "favorite"}


async def on_reaction(bot: LightboxBot, event: discord.RawReactionActionEvent) -> None:
    """Translate one reaction into a review or favorite; core re-checks the member's role."""
    emoji = str(event.emoji)
    added = event.event_type == "REACTION_ADD"
    mine = bot.user is not None and event.user_id == bot.user.id
    if emoji not in ADDED or mine or event.guild_id is None:
        return
    message = str(event.message_id)
    version_id = await context.in_core(
        lambda: bot.bindings.version_of_message(context.PLATFORM, message)
    )
    if version_id is None:
        return
    parent_id = await parent_of(bot, event.channel_id)
    name = event.member.display_name if event.member else ""
    actor = Actor(context.PLATFORM, str(event.user_id), name)
    place = Place(context.PLATFORM, str(parent_id), str(event.channel_id))
    studio = bot.studio
    try:
        await context.in_core(lambda: studio.react(actor, place, version_id, ADDED[emoji], added))
    except LightboxError as exc:
        log.info("reaction %s by %s refused: %s", emoji, event.user_id, exc)


async def parent_of(bot: LightboxBot, channel_id: int) -> int:
    """The channel a card thread lives in (the project binding); cached, else fetched."""
    channel = bot.get_channel(channel_id)
    if channel is None:
        channel = await bot.fetch_channel(channel_id)
    return getattr(channel, "parent_id", None) or channel_id
