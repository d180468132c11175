"""Answers to interactions: an outcome's text, its pictures as attachments, suggestion buttons."""

from __future__ import annotations

import io
from functools import partial
from typing import TYPE_CHECKING, Any

import discord

from bot.discord import context, viewer
from bot.discord.custom_ids import button_id
from bot.discord.render import MAX_LABEL, STYLES, clip, outcome_text
from core.studio import Outcome

if TYPE_CHECKING:
    from bot.discord.app import LightboxBot

MAX_FILES = 10
MAX_COMPONENTS = 25  # 5 action rows of 5 buttons


def suggestion_view(outcome: Outcome) -> discord.ui.View | None:
    """One registry button per suggestion, gallery tile or menu entry, in core's rows
    (stopped: discord.py keeps no in-memory copy)."""
    actions = outcome.suggestion_actions
    if not actions:
        return None
    view = discord.ui.View(timeout=None)
    for action in actions[:MAX_COMPONENTS]:
        view.add_item(
            discord.ui.Button(
                label=clip(action.label, MAX_LABEL),
                custom_id=button_id(action.action, action.target),
                style=discord.ButtonStyle(STYLES.get(action.style, 2)),
                row=action.row,
            )
        )
    view.stop()
    return view


async def picture_files(bot: LightboxBot, outcome: Outcome) -> list[discord.File]:
    """The outcome's pictures (contact sheets) as files, bytes read from storage by key."""
    files = []
    for picture in outcome.pictures[:MAX_FILES]:
        data = await context.in_core(partial(bot.studio.read_image, picture.key))
        files.append(discord.File(io.BytesIO(data), filename=picture.filename))
    return files


async def send_outcome(interaction: discord.Interaction, outcome: Outcome) -> None:
    """The ephemeral answer: text, pictures attached, suggestions as buttons (a version the
    answer opens: that version with its image and buttons)."""
    if outcome.opens and outcome.versions:
        await viewer.send_opened(interaction, outcome)
        return
    bot = context.bot_of(interaction)
    extra: dict[str, Any] = {}
    if files := await picture_files(bot, outcome):
        extra["files"] = files
    if view := suggestion_view(outcome):
        extra["view"] = view
    await context.reply(interaction, clip(outcome_text(outcome)), **extra)


async def redraw(interaction: discord.Interaction, outcome: Outcome) -> None:
    """The pressed message itself shows the answer (a cell picker's ✓ toggles)."""
    view = suggestion_view(outcome) or discord.ui.View(timeout=None)
    await interaction.response.edit_message(content=clip(outcome_text(outcome)), view=view)
