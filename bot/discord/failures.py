"""A handler that fails: logged with ids and a reference, answered privately, never fatal."""

from __future__ import annotations

import logging
import secrets
import traceback
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar, cast

import discord
from discord import app_commands

from bot.discord.render import error_text
from core.errors import LightboxError

log = logging.getLogger(__name__)
Item = TypeVar("Item")
Callback = Callable[[Item, discord.Interaction], Coroutine[Any, Any, None]]


def interaction_ids(interaction: discord.Interaction) -> str:
    """What identifies an interaction in a log: ids and names, never what anybody typed."""
    data = cast(dict[str, Any], interaction.data or {})
    found = {
        "interaction": interaction.id,
        "type": interaction.type.name if interaction.type else None,
        "command": data.get("name"),
        "custom_id": data.get("custom_id"),
        "guild": interaction.guild_id,
        "channel": interaction.channel_id,
        "user": interaction.user.id if interaction.user else None,
    }
    return ", ".join(f"{key}={value}" for key, value in found.items() if value is not None)


def code_path(exc: BaseException) -> str:
    """The traceback's frames without the exception's text (which may quote a prompt)."""
    return "".join(traceback.format_tb(exc.__traceback__)).rstrip()


async def report(interaction: discord.Interaction, exc: BaseException) -> str:
    """Log the failure with ids and a fresh reference; tell the person privately. Its ref."""
    ref = secrets.token_hex(4)
    log.error(
        "Discord handler failed (ref %s; %s): %s\n%s",
        ref,
        interaction_ids(interaction),
        type(exc).__name__,
        code_path(exc),
    )
    text = error_text(f"something went wrong on our side (ref {ref}); please try again")
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True)
        else:
            await interaction.response.send_message(text, ephemeral=True)
    except discord.HTTPException as failed:  # the interaction expired or is gone: log is enough
        log.warning("could not answer interaction %s (ref %s): %s", interaction.id, ref, failed)
    return ref


async def on_command_error(
    interaction: discord.Interaction, error: app_commands.AppCommandError
) -> None:
    """The command tree's error handler: a user error is said as such, anything else reported."""
    original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
    if isinstance(original, LightboxError):
        text = error_text(str(original))
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True)
        else:
            await interaction.response.send_message(text, ephemeral=True)
        return
    await report(interaction, original)


def isolated(callback: Callback[Item]) -> Callback[Item]:
    """A component callback whose failure is reported (not left to discord.py's log only)."""

    async def run(item: Item, interaction: discord.Interaction) -> None:
        try:
            await callback(item, interaction)
        except Exception as exc:  # noqa: BLE001 - one failed press never stops the bot
            await report(interaction, exc)

    return run


def event_ids(args: tuple[Any, ...]) -> str:
    """The ids of a gateway event's objects (a message, a reaction), never their content."""
    found = []
    for arg in args:
        if isinstance(arg, discord.Message):
            found.append(f"message={arg.id}, channel={arg.channel.id}, author={arg.author.id}")
        elif isinstance(arg, discord.RawReactionActionEvent):
            found.append(f"message={arg.message_id}, channel={arg.channel_id}, user={arg.user_id}")
        else:
            found.append(type(arg).__name__)
    return "; ".join(found)
