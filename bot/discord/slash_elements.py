"""Worldbuilding and archive slash commands: /element …, /archive, /undo."""

from __future__ import annotations

from typing import Literal

import discord
from discord import app_commands

from bot.discord import context
from bot.discord.autocomplete import element_names
from bot.discord.slash import SlashCommand, answer
from core.elements import KINDS

KIND_CHOICES = [app_commands.Choice(name=kind, value=kind) for kind in KINDS]
element = app_commands.Group(name="element", description="worldbuilding elements")


@element.command(name="new", description="Create an element (character, location, item, …)")
@app_commands.choices(kind=KIND_CHOICES)
async def element_new(
    interaction: discord.Interaction,
    kind: app_commands.Choice[str],
    name: str,
    description: str = "",
    image: discord.Attachment | None = None,
) -> None:
    data = None
    if image is not None:
        await context.defer(interaction)
        data = await image.read()
    await answer(
        interaction, lambda st, a, p: st.new_element(a, p, kind.value, name, description, data)
    )


@element.command(name="image", description="Set an element's image")
@app_commands.autocomplete(name=element_names)
async def element_image(
    interaction: discord.Interaction, name: str, image: discord.Attachment
) -> None:
    await context.defer(interaction)
    data = await image.read()
    await answer(interaction, lambda st, a, p: st.element_image(a, p, name, data))


@element.command(name="data", description="Structured data: key: value; key: value")
@app_commands.autocomplete(name=element_names)
async def element_data(interaction: discord.Interaction, name: str, data: str) -> None:
    await answer(interaction, lambda st, a, p: st.element_data(a, p, name, data))


@element.command(name="toggle", description="What goes into generation context")
@app_commands.autocomplete(name=element_names)
async def element_toggle(
    interaction: discord.Interaction,
    name: str,
    part: Literal["image", "description", "data"],
    on: bool,
) -> None:
    await answer(interaction, lambda st, a, p: st.toggle_element(a, p, name, part, on))


@element.command(name="show", description="An element, its data and its context toggles")
@app_commands.autocomplete(name=element_names)
async def element_show(interaction: discord.Interaction, name: str) -> None:
    await answer(interaction, lambda st, a, p: st.show_element(a, p, name))


@element.command(name="list", description="The project's worldbuilding elements")
async def element_list(interaction: discord.Interaction) -> None:
    await answer(interaction, lambda st, a, p: st.list_elements(a, p))


archive = app_commands.Group(
    name="archive", description="Archive (nothing is deleted; /undo brings it back)"
)
CONFIRM_HELP = "archive now (without it: what would go, and how to confirm)"


def _archiving(kind: str, described: str):  # noqa: ANN202 - one subcommand per kind
    @archive.command(name=kind, description=f"Archive {described}")
    @app_commands.describe(name=f"which {kind}", confirm=CONFIRM_HELP)
    async def run(interaction: discord.Interaction, name: str, confirm: bool = False) -> None:
        await answer(interaction, lambda st, a, p: st.archive(a, p, kind, name, confirm))

    return run


archive_card = _archiving("card", "a card (#3 or title words)")
archive_version = _archiving("version", "a version of the open card (v2)")
archive_scene = _archiving("scene", "a scene")
archive_character = _archiving("character", "a character")
archive_element = _archiving("element", "a worldbuilding element")


@archive.command(name="list", description="What is archived, by number")
async def archive_list(interaction: discord.Interaction) -> None:
    await answer(interaction, lambda st, a, p: st.list_archived(a, p))


@archive.command(name="restore", description="Bring back an archived item by its number")
@app_commands.describe(number="its number in /archive list")
async def archive_restore(interaction: discord.Interaction, number: int) -> None:
    await answer(interaction, lambda st, a, p: st.restore_archived(a, p, str(number)))


@app_commands.command(name="undo", description="Bring back what you archived in the last minutes")
async def undo(interaction: discord.Interaction) -> None:
    await answer(interaction, lambda st, a, p: st.undo(a, p))


@app_commands.command(name="delete", description="Delete an archived item for good (asks first)")
@app_commands.describe(
    number="its number in /archive list",
    confirm="delete now (without it: what would go, and how to confirm)",
)
async def delete_archived(
    interaction: discord.Interaction, number: int, confirm: bool = False
) -> None:
    await answer(interaction, lambda st, a, p: st.delete_archived(a, p, str(number), confirm))


COMMANDS: list[SlashCommand] = [element, archive, undo, delete_archived]
