"""Public web gallery slash commands: /publish, /unpublish, /published and /public."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.discord.slash import SlashCommand, answer, version_id

VERSION = "version number (default: the one you are viewing)"
SHOW_CHOICES = [
    app_commands.Choice(name=label, value=value)
    for label, value in (
        ("the image only", "none"),
        ("the prompt", "prompt"),
        ("my handle", "handle"),
        ("prompt and handle", "both"),
    )
]


@app_commands.command(name="publish", description="🌐 Put a version on the public web gallery")
@app_commands.describe(version=VERSION, show="what the page shows besides the image")
@app_commands.choices(show=SHOW_CHOICES)
async def publish(
    interaction: discord.Interaction,
    version: int | None = None,
    show: app_commands.Choice[str] | None = None,
) -> None:
    chosen = show.value if show else ""
    await answer(
        interaction,
        lambda st, a, p: st.publish(a, p, version_id(st, a, p, version), chosen),
    )


@app_commands.command(name="unpublish", description="Take a version's public page down at once")
@app_commands.describe(version=VERSION)
async def unpublish(interaction: discord.Interaction, version: int | None = None) -> None:
    await answer(interaction, lambda st, a, p: st.unpublish(a, p, version_id(st, a, p, version)))


@app_commands.command(name="published", description="The project's public pages and their links")
async def published(interaction: discord.Interaction) -> None:
    await answer(interaction, lambda st, a, p: st.published(a, p))


public = app_commands.Group(name="public", description="The project's public gallery page")


@public.command(name="on", description="Owner: give the project a public page under this name")
@app_commands.describe(name="the project's public name (shown on its page and images)")
async def public_on(interaction: discord.Interaction, name: str) -> None:
    await answer(interaction, lambda st, a, p: st.public_project(a, p, name))


@public.command(name="off", description="Owner: take the project's public page down")
async def public_off(interaction: discord.Interaction) -> None:
    await answer(interaction, lambda st, a, p: st.public_project(a, p, None))


COMMANDS: list[SlashCommand] = [publish, unpublish, published, public]
