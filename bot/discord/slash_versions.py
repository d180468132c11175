"""Version and direction slash commands: review, fork, save as ref, switch and rename directions."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.discord.slash import SlashCommand, answer, version_id
from core.refs import KINDS

VERSION = "version number (default: the one you are viewing)"
KIND_CHOICES = [app_commands.Choice(name=kind, value=kind) for kind in KINDS]


@app_commands.command(name="approve", description="Approve a version → project showcase")
@app_commands.describe(version=VERSION)
async def approve(interaction: discord.Interaction, version: int | None = None) -> None:
    await answer(
        interaction, lambda st, a, p: st.review(a, p, "approve", version_id(st, a, p, version))
    )


@app_commands.command(name="reject", description="Reject a version")
@app_commands.describe(version=VERSION)
async def reject(interaction: discord.Interaction, version: int | None = None) -> None:
    await answer(
        interaction, lambda st, a, p: st.review(a, p, "reject", version_id(st, a, p, version))
    )


@app_commands.command(name="favorite", description="⭐ Toggle a version as your favorite")
@app_commands.describe(version=VERSION)
async def favorite(interaction: discord.Interaction, version: int | None = None) -> None:
    await answer(interaction, lambda st, a, p: st.favorite(a, p, version_id(st, a, p, version)))


@app_commands.command(name="fork", description="↗ New direction from a version")
@app_commands.describe(name="the direction's name", version=VERSION)
async def fork(interaction: discord.Interaction, name: str, version: int | None = None) -> None:
    await answer(interaction, lambda st, a, p: st.fork(a, p, name, version_id(st, a, p, version)))


@app_commands.command(name="saveref", description="📌 Save a version as a project ref")
@app_commands.describe(name="the ref's name", version=VERSION, kind="what the ref shows")
@app_commands.choices(kind=KIND_CHOICES)
async def saveref(
    interaction: discord.Interaction,
    name: str,
    version: int | None = None,
    kind: app_commands.Choice[str] | None = None,
) -> None:
    chosen = kind.value if kind else None
    await answer(
        interaction,
        lambda st, a, p: st.save_as_ref(a, p, name, version_id(st, a, p, version), kind=chosen),
    )


@app_commands.command(name="directions", description="The card's directions")
async def directions(interaction: discord.Interaction) -> None:
    await answer(interaction, lambda st, a, p: st.list_directions(a, p))


@app_commands.command(name="direction", description="Switch direction (main: the main line)")
async def direction(interaction: discord.Interaction, name: str) -> None:
    await answer(interaction, lambda st, a, p: st.switch_direction(a, p, name))


@app_commands.command(name="rename", description="Rename a direction")
async def rename(interaction: discord.Interaction, old: str, new: str) -> None:
    await answer(interaction, lambda st, a, p: st.rename_direction(a, p, old, new))


COMMANDS: list[SlashCommand] = [
    approve,
    reject,
    favorite,
    fork,
    saveref,
    directions,
    direction,
    rename,
]
