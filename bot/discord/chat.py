"""Refinement chat: plain messages in a card thread (message content intent) and `/refine`."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

from bot.discord import context
from bot.discord.answers import suggestion_view
from bot.discord.reactions import parent_of
from bot.discord.render import clip, outcome_text
from bot.discord.slash import answer
from core.errors import LightboxError
from core.identity import Actor, Place

if TYPE_CHECKING:
    from bot.discord.app import LightboxBot

log = logging.getLogger(__name__)


@app_commands.command(name="refine", description="Talk to the card chat (in a card thread)")
async def refine(interaction: discord.Interaction, text: str) -> None:
    await answer(interaction, lambda st, a, p: st.say(a, p, text))


async def on_thread_message(bot: LightboxBot, message: discord.Message) -> None:
    """A member wrote in a thread: if it is a card thread, the card chat answers there."""
    text = message.content.strip()
    if message.author.bot or not text or text.startswith("/"):
        return
    parent_id = await parent_of(bot, message.channel.id)
    if parent_id == message.channel.id:
        return  # not a thread
    permissions = getattr(message.author, "guild_permissions", None)
    actor = Actor(
        context.PLATFORM,
        str(message.author.id),
        message.author.display_name,
        is_chat_admin=bool(permissions and permissions.manage_guild),
    )
    place = Place(context.PLATFORM, str(parent_id), str(message.channel.id))
    try:
        outcome = await context.in_core(lambda: bot.studio.say(actor, place, text))
    except LightboxError as exc:
        log.info("thread message %s not taken by the card chat: %s", message.id, exc)
        return
    extra: dict[str, Any] = {"view": view} if (view := suggestion_view(outcome)) else {}
    await message.reply(
        clip(outcome_text(outcome)),
        mention_author=False,
        allowed_mentions=discord.AllowedMentions.none(),
        **extra,
    )
