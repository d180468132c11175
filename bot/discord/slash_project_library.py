"""Library slash commands: /gallery, /design, /scene and /character (names autocompleted)."""

from __future__ import annotations

from typing import Literal

import discord
from discord import app_commands

from bot.discord import context
from bot.discord.autocomplete import character_names, scene_names
from bot.discord.slash import SlashCommand, answer, settings_params
from bot.discord.slash_library import project  # /project invite and join join its group
from core.identity import Actor, Place
from core.studio import Outcome, Studio

FeedFilter = Literal["approved", "mine", "all"]
Resolution = Literal["1K", "2K", "4K"]


@app_commands.command(name="gallery", description="Contact sheet of numbered versions")
@app_commands.describe(tile="open tile N of the last gallery", older="the next, older page")
async def gallery(
    interaction: discord.Interaction,
    filter: FeedFilter = "all",
    search: str | None = None,
    tile: int | None = None,
    older: bool = False,
) -> None:
    if tile is not None:
        await answer(interaction, lambda st, a, p: st.open_tile(a, p, str(tile)))
    elif older:
        await answer(interaction, lambda st, a, p: st.gallery_older(a, p))
    else:
        await answer(interaction, lambda st, a, p: st.gallery(a, p, filter, search or None))


design = app_commands.Group(name="design", description="production design of this project")


@design.command(name="show", description="What new cards and portraits start from")
async def design_show(interaction: discord.Interaction) -> None:
    await answer(interaction, lambda st, a, p: st.show_design(a, p))


@design.command(name="set", description="Change the production design (editors)")
@app_commands.describe(seed="a whole number, or random", negative="what to avoid")
async def design_set(
    interaction: discord.Interaction,
    style: str | None = None,
    negative: str | None = None,
    seed: str | None = None,
    model: str | None = None,
    resolution: Resolution | None = None,
    aspect: str | None = None,
) -> None:
    def run(st: Studio, a: Actor, p: Place) -> Outcome:
        options = {"no": negative, "seed": seed, "model": model, "res": resolution, "ar": aspect}
        return st.set_design(a, p, settings_params(st, **options), style=style)

    await answer(interaction, run)


scene = app_commands.Group(name="scene", description="scenes: pools of shots used as refs")


@scene.command(name="new", description="Create a scene")
async def scene_new(interaction: discord.Interaction, name: str) -> None:
    await answer(interaction, lambda st, a, p: st.new_scene(a, p, name))


@scene.command(name="add", description="Add the viewed version (or version N, or an image)")
@app_commands.autocomplete(name=scene_names)
async def scene_add(
    interaction: discord.Interaction,
    name: str,
    version: int | None = None,
    image: discord.Attachment | None = None,
) -> None:
    data = None
    if image is not None:
        await context.defer(interaction)
        data = await image.read()

    def run(st: Studio, a: Actor, p: Place) -> Outcome:
        if data is not None:
            return st.add_shot(a, p, name, data=data)
        version_id = st.version_of_open_card(a, p, str(version)) if version else None
        return st.add_shot(a, p, name, version_id=version_id)

    await answer(interaction, run)


@scene.command(name="remove", description="Take shot N out of a scene")
@app_commands.autocomplete(name=scene_names)
async def scene_remove(interaction: discord.Interaction, name: str, shot: int) -> None:
    await answer(interaction, lambda st, a, p: st.remove_shot(a, p, name, str(shot)))


@scene.command(name="show", description="A scene's pool as a contact sheet")
@app_commands.autocomplete(name=scene_names)
async def scene_show(interaction: discord.Interaction, name: str) -> None:
    await answer(interaction, lambda st, a, p: st.show_scene(a, p, name))


@scene.command(name="list", description="The project's scenes")
async def scene_list(interaction: discord.Interaction) -> None:
    await answer(interaction, lambda st, a, p: st.list_scenes(a, p))


character = app_commands.Group(name="character", description="characters and their portraits")


@character.command(
    name="new", description="Create a character (its portraits start from the design)"
)
async def character_new(interaction: discord.Interaction, name: str, description: str = "") -> None:
    await answer(interaction, lambda st, a, p: st.new_character(a, p, name, description))


@character.command(name="portrait", description="Generate portraits")
@app_commands.autocomplete(name=character_names)
async def character_portrait(
    interaction: discord.Interaction, name: str, count: int | None = None, seed: str | None = None
) -> None:
    def run(st: Studio, a: Actor, p: Place) -> Outcome:
        return st.portrait(a, p, name, settings_params(st, n=count, seed=seed))

    await answer(interaction, run)


@character.command(name="upload", description="Upload a portrait")
@app_commands.autocomplete(name=character_names)
async def character_upload(
    interaction: discord.Interaction, name: str, image: discord.Attachment
) -> None:
    await context.defer(interaction)
    data = await image.read()
    await answer(interaction, lambda st, a, p: st.upload_portrait(a, p, name, data))


@character.command(name="show", description='Portrait N of the character ("3 of 7")')
@app_commands.autocomplete(name=character_names)
async def character_show(
    interaction: discord.Interaction, name: str, index: int | None = None
) -> None:
    shown = str(index) if index is not None else None
    await answer(interaction, lambda st, a, p: st.show_character(a, p, name, shown))


@character.command(name="use", description="Use portrait version N as the canonical portrait")
@app_commands.autocomplete(name=character_names)
async def character_use(interaction: discord.Interaction, name: str, version: int) -> None:
    await answer(
        interaction, lambda st, a, p: st.use_portrait(a, p, name=name, number=str(version))
    )


@character.command(name="describe", description="Set the description (empty: auto-describe)")
@app_commands.autocomplete(name=character_names)
async def character_describe(
    interaction: discord.Interaction, name: str, text: str | None = None
) -> None:
    await answer(interaction, lambda st, a, p: st.describe_character(a, p, name, text))


@character.command(name="list", description="The project's characters")
async def character_list(interaction: discord.Interaction) -> None:
    await answer(interaction, lambda st, a, p: st.list_characters(a, p))


@character.command(name="gallery", description="A character's portraits as a contact sheet")
@app_commands.autocomplete(name=character_names)
async def character_gallery(interaction: discord.Interaction, name: str) -> None:
    await answer(interaction, lambda st, a, p: st.character_gallery(a, p, name))


@project.command(name="invite", description="A code that binds another chat (Discord or Telegram)")
@app_commands.describe(role="the role of people who join through the invited chat")
async def project_invite(
    interaction: discord.Interaction, role: Literal["editor", "viewer", "owner"] = "editor"
) -> None:
    await answer(interaction, lambda st, a, p: st.project_invite(a, p, role))


@project.command(name="join", description="Bind this channel to a project with an invite code")
async def project_join(interaction: discord.Interaction, code: str) -> None:
    await answer(interaction, lambda st, a, p: st.project_join(a, p, code))


@app_commands.command(name="link", description="One person on Discord and Telegram")
@app_commands.describe(code="the code /link gave you on the other platform (empty: get one)")
async def link(interaction: discord.Interaction, code: str | None = None) -> None:
    if code:
        await answer(interaction, lambda st, a, p: st.link_account(a, p, code))
    else:
        await answer(interaction, lambda st, a, p: st.link_code(a, p))


COMMANDS: list[SlashCommand] = [gallery, design, scene, character, link]
