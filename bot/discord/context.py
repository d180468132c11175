"""Who and where an interaction comes from, and running core calls off the event loop."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import TYPE_CHECKING, Any, TypeVar, cast

import discord

from bot.discord import failures
from bot.discord.render import error_text
from core.errors import LightboxError
from core.identity import Actor, Place

if TYPE_CHECKING:
    from bot.discord.app import LightboxBot

log = logging.getLogger(__name__)
PLATFORM = "discord"
T = TypeVar("T")
# The interaction can no longer be answered: 10062 Unknown interaction (not answered within 3 s),
# 10015 Unknown Webhook, 40060 already acknowledged, 50027 Invalid Webhook Token (15 minutes).
INTERACTION_OVER = {10062, 10015, 40060, 50027}
MISSING_PERMISSION = (
    "I am missing a permission in this channel (View Channel, Send Messages, "
    "Send Messages in Threads, Create Public Threads, Attach Files); ask an admin to grant it"
)


def bot_of(interaction: discord.Interaction) -> LightboxBot:
    return cast("LightboxBot", interaction.client)


def actor_of(interaction: discord.Interaction) -> Actor:
    """The acting member; Manage Server makes them a chat admin (core decides what that means)."""
    user = interaction.user
    return Actor(
        PLATFORM,
        str(user.id),
        user.display_name,
        is_chat_admin=bool(interaction.guild_id) and interaction.permissions.manage_guild,
        # Roles come from the guild cache the gateway fills (plans can be assigned per role).
        roles=tuple(str(r.id) for r in user.roles) if isinstance(user, discord.Member) else (),
    )


def place_of(interaction: discord.Interaction) -> Place:
    """The channel (the project binding) and, inside a thread, the thread (the card);
    a DM is private (a person's first card there would get their own project)."""
    channel = interaction.channel
    if isinstance(channel, discord.Thread):
        return Place(PLATFORM, str(channel.parent_id), str(channel.id))
    return Place(PLATFORM, str(interaction.channel_id), private=interaction.guild_id is None)


async def in_core(call: Callable[[], T]) -> T:
    """Run a blocking core call in a worker thread so the gateway keeps its heartbeat."""
    return await asyncio.to_thread(call)


async def defer(interaction: discord.Interaction) -> None:
    """Acknowledge at once (Discord allows 3 s); the answer follows as an ephemeral message."""
    if not interaction.response.is_done():
        await interaction.response.defer(ephemeral=True, thinking=True)


async def reply(interaction: discord.Interaction, text: str, **extra: Any) -> None:
    """The ephemeral answer to a deferred (or not yet answered) interaction."""
    if interaction.response.is_done():
        await interaction.followup.send(text, ephemeral=True, **extra)
    else:
        await interaction.response.send_message(text, ephemeral=True, **extra)


async def guarded(interaction: discord.Interaction, work: Callable[[], Awaitable[None]]) -> None:
    """Run `work` (a coroutine factory); user errors and failures become an ephemeral message."""
    try:
        await work()
    except LightboxError as exc:
        await reply(interaction, error_text(str(exc)))
    except discord.HTTPException as exc:
        if exc.code in INTERACTION_OVER:  # nothing more can be sent through it: say so once, here
            log.warning("interaction %s can no longer be answered: %s", interaction.id, exc.text)
        elif isinstance(exc, discord.Forbidden):
            await reply(interaction, error_text(MISSING_PERMISSION))
        else:
            await failures.report(interaction, exc)
    except Exception as exc:  # noqa: BLE001 - logged with ids and a ref, answered privately
        await failures.report(interaction, exc)


async def best_effort(refresh: Coroutine[Any, Any, object], what: str) -> None:
    """Refresh a message after core already acted: a failure must not report the action failed."""
    try:
        await refresh
    except discord.HTTPException as exc:
        log.warning("could not refresh %s: %s", what, exc)
