"""/edit on Discord: the edit in words (and an optional mask image) go to core as typed values."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.discord import context
from bot.discord.slash import SlashCommand, answer, version_id
from core.edit_commands import run_edit


@app_commands.command(name="edit", description="🖌 Edit a version into a new one")
@app_commands.describe(
    what="e.g. inpaint B2:C3 a red door · zoom 2 · upscale 2 · removebg · collage v1 v3 · info",
    version="version number (default: the one you are viewing)",
    mask="a mask image for `inpaint mask …` (white = edit, the image's size)",
)
async def edit(
    interaction: discord.Interaction,
    what: str,
    version: int | None = None,
    mask: discord.Attachment | None = None,
) -> None:
    data = None
    if mask is not None:
        await context.defer(interaction)  # reading the attachment may take longer than 3 s
        data = await mask.read()
    await answer(
        interaction,
        lambda st, a, p: run_edit(st, a, p, what, version_id(st, a, p, version), data),
    )


COMMANDS: list[SlashCommand] = [edit]
