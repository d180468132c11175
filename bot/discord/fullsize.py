"""🔍 Full size: core's `full` action names the original; its bytes are sent when they fit."""

from __future__ import annotations

import io
from functools import partial

import discord

from bot.discord import context
from bot.discord.previews import suffix_of
from bot.discord.render import clip, error_text
from core.studio import Outcome


def mib(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MiB"


async def send_originals(interaction: discord.Interaction, outcome: Outcome) -> None:
    """Answer privately with each original image, or say why it cannot be sent here."""
    studio = context.bot_of(interaction).studio
    limit = interaction.filesize_limit
    for view in outcome.originals:
        if not view.image_sha:
            continue
        data = await context.in_core(partial(studio.read_image, view.image_sha))
        size = len(data)
        if size > limit:
            await context.reply(
                interaction,
                error_text(
                    f"the original of v{view.number} is {mib(size)} ({size} bytes), more than "
                    f"Discord lets me upload here ({mib(limit)}); the preview above is what fits"
                ),
            )
            continue
        name = f"v{view.number}{suffix_of(data)}"
        text = clip(f"🔍 v{view.number} full size · {view.width}×{view.height} · {mib(size)}")
        file = discord.File(io.BytesIO(data), filename=name)
        await context.reply(interaction, text, file=file)
