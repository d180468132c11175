"""🔍 Full size: core's `full` action names the original; its bytes are sent when they fit."""

from __future__ import annotations

import io
from functools import partial

import discord

from bot.discord import context
from bot.discord.previews import suffix_of
from bot.discord.render import clip, error_text
from core.media import MEDIA_TYPES
from core.studio import Outcome
from core.views import VersionView


def media_suffix(view: VersionView) -> str:
    """ ".mp4", ".mp3", ".glb", … for a media version's file ("" for an image)."""
    if view.media_sha and view.media_mime in MEDIA_TYPES:
        return MEDIA_TYPES[view.media_mime][1]
    return ""


def mib(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MiB"


async def send_originals(interaction: discord.Interaction, outcome: Outcome) -> None:
    """Answer privately with each original image, or say why it cannot be sent here."""
    studio = context.bot_of(interaction).studio
    limit = interaction.filesize_limit
    for view in outcome.originals:
        key = view.media_sha or view.image_sha  # a video, audio or 3D file: the file itself
        if not key:
            continue
        data = await context.in_core(partial(studio.read_image, key))
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
        name = f"v{view.number}{media_suffix(view) or suffix_of(data)}"
        text = clip(f"🔍 v{view.number} full size · {view.width}×{view.height} · {mib(size)}")
        file = discord.File(io.BytesIO(data), filename=name)
        await context.reply(interaction, text, file=file)
