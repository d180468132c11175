"""🔍 Full size: a preview's original file, sent privately when it fits this interaction's limit."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

import discord

from bot.discord import context
from bot.discord.render import clip
from core.errors import BadInput

if TYPE_CHECKING:
    from bot.discord.app import LightboxBot


def mib(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MiB"


async def send_full_size(interaction: discord.Interaction, version_id: int) -> None:
    """Answer the press privately with the original image, or say why it cannot be sent."""
    bot: LightboxBot = interaction.client  # type: ignore[assignment]
    await context.defer(interaction)

    async def work() -> None:
        actor, place = context.actor_of(interaction), context.place_of(interaction)
        view = await context.in_core(lambda: bot.studio.viewable_version(actor, place, version_id))
        path = view.image_path
        if not path or view.status != "done" or not Path(path).is_file():
            raise BadInput(f"v{view.number} has no image to send")
        size, limit = Path(path).stat().st_size, interaction.filesize_limit
        if size > limit:
            raise BadInput(
                f"the original of v{view.number} is {mib(size)} ({size} bytes), more than "
                f"Discord lets me upload here ({mib(limit)}); the preview above is what fits"
            )
        data = await context.in_core(lambda: Path(path).read_bytes())
        name = f"v{view.number}{Path(path).suffix or '.png'}"
        text = clip(f"🔍 v{view.number} full size · {view.width}×{view.height} · {mib(size)}")
        await interaction.followup.send(
            text, file=discord.File(io.BytesIO(data), filename=name), ephemeral=True
        )

    await context.guarded(interaction, work)
