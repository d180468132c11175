"""Project, ref, feed, search, queue, model and help slash commands."""

from __future__ import annotations

from typing import Literal

import discord
from discord import app_commands

from bot.discord import autocomplete, context
from bot.discord.help import send_help
from bot.discord.slash import SlashCommand, answer
from core.refs import KINDS

FeedFilter = Literal["approved", "mine", "all"]
KIND_CHOICES = [app_commands.Choice(name=kind, value=kind) for kind in KINDS]

project = app_commands.Group(name="project", description="projects of this channel")


@project.command(name="new", description="Create a project and bind this channel to it")
async def project_new(interaction: discord.Interaction, name: str) -> None:
    await answer(interaction, lambda st, a, p: st.new_project(a, p, name))


@project.command(name="use", description="Bind this channel to one of your projects")
@app_commands.autocomplete(name=autocomplete.project_names)
async def project_use(interaction: discord.Interaction, name: str) -> None:
    await answer(interaction, lambda st, a, p: st.use_project(a, p, name))


@project.command(name="list", description="Your projects")
async def project_list(interaction: discord.Interaction) -> None:
    await answer(interaction, lambda st, a, p: st.list_projects(a))


@project.command(name="members", description="Members of this channel's project")
async def project_members(interaction: discord.Interaction) -> None:
    await answer(interaction, lambda st, a, p: st.members(a, p))


@project.command(name="role", description="Set a member's role")
async def project_role(
    interaction: discord.Interaction,
    member: discord.Member,
    role: Literal["owner", "editor", "viewer"],
) -> None:
    await answer(interaction, lambda st, a, p: st.set_role(a, p, str(member.id), role))


@project.command(name="showcase", description="The project's approved shots")
@app_commands.describe(channel="here: post approved shots to this channel; off: stop posting")
async def project_showcase(
    interaction: discord.Interaction, channel: Literal["here", "off"] | None = None
) -> None:
    if channel is None:
        await answer(interaction, lambda st, a, p: st.showcase(a, p))
    else:
        await answer(interaction, lambda st, a, p: st.set_showcase(a, p, channel == "here"))


@project.command(name="archive", description="Archive a whole project (owners; asks first)")
@app_commands.describe(
    name="the project (default: this channel's)",
    confirm="archive now (without it: what would go, and how to confirm)",
)
@app_commands.autocomplete(name=autocomplete.project_names)
async def project_archive(
    interaction: discord.Interaction, name: str = "", confirm: bool = False
) -> None:
    await answer(interaction, lambda st, a, p: st.archive_project(a, p, name, confirm))


@project.command(name="restore", description="Bring back an archived project (owners)")
@app_commands.describe(name="the project's name or number (default: this channel's)")
async def project_restore(interaction: discord.Interaction, name: str = "") -> None:
    await answer(interaction, lambda st, a, p: st.restore_project(a, p, name))


@project.command(name="delete", description="Delete an archived project for good (owners)")
@app_commands.describe(
    name="the project's name or number (default: this channel's)",
    confirm="delete now (without it: what would go, and how to confirm)",
)
async def project_delete(
    interaction: discord.Interaction, name: str = "", confirm: bool = False
) -> None:
    await answer(interaction, lambda st, a, p: st.delete_project(a, p, name, confirm))


ref = app_commands.Group(name="ref", description="reference images")


@ref.command(name="add", description="Add an image as a named ref")
@app_commands.choices(kind=KIND_CHOICES)
async def ref_add(
    interaction: discord.Interaction,
    name: str,
    image: discord.Attachment,
    kind: app_commands.Choice[str] | None = None,
) -> None:
    await context.defer(interaction)  # reading the attachment may take longer than 3 s
    data = await image.read()
    chosen = kind.value if kind else "object"
    await answer(interaction, lambda st, a, p: st.add_ref(a, p, name, data, chosen))


@ref.command(name="list", description="The project's refs, with a contact sheet")
async def ref_list(interaction: discord.Interaction) -> None:
    await answer(interaction, lambda st, a, p: st.list_refs(a, p))


@ref.command(name="remove", description="Remove a ref")
@app_commands.autocomplete(name=autocomplete.ref_names)
async def ref_remove(interaction: discord.Interaction, name: str) -> None:
    await answer(interaction, lambda st, a, p: st.remove_ref(a, p, name))


@ref.command(name="reorder", description="Move a ref to a position")
@app_commands.autocomplete(name=autocomplete.ref_names)
async def ref_reorder(interaction: discord.Interaction, name: str, position: int) -> None:
    await answer(interaction, lambda st, a, p: st.reorder_ref(a, p, name, str(position)))


@ref.command(name="kind", description="Say what a ref shows")
@app_commands.autocomplete(name=autocomplete.ref_names)
@app_commands.choices(kind=KIND_CHOICES)
async def ref_kind(
    interaction: discord.Interaction, name: str, kind: app_commands.Choice[str]
) -> None:
    await answer(interaction, lambda st, a, p: st.set_ref_kind(a, p, name, kind.value))


@app_commands.command(name="feed", description="Finished versions, with a contact sheet")
@app_commands.describe(view="cards: a list; gallery: numbered tiles that open versions")
async def feed(
    interaction: discord.Interaction,
    filter: FeedFilter = "all",
    search: str | None = None,
    view: Literal["cards", "gallery"] = "cards",
) -> None:
    if view == "gallery":
        await answer(interaction, lambda st, a, p: st.gallery(a, p, filter, search or None))
    else:
        await answer(interaction, lambda st, a, p: st.feed(a, p, filter, search or None))


@app_commands.command(name="search", description="Cards whose prompt contains the text")
async def search(interaction: discord.Interaction, text: str) -> None:
    await answer(interaction, lambda st, a, p: st.search(a, p, text))


@app_commands.command(name="queue", description="Jobs waiting and running")
async def queue(interaction: discord.Interaction) -> None:
    await answer(interaction, lambda st, a, p: st.queue_status(a, p))


models = app_commands.Group(name="models", description="the models offered here")


@models.command(name="list", description="Models by category: what each supports and costs")
async def models_list(interaction: discord.Interaction) -> None:
    await answer(interaction, lambda st, a, p: st.list_models(a, p))


@models.command(name="fav", description="★ Pin a model: listed first here and in /imagine")
async def models_fav(interaction: discord.Interaction, model: str) -> None:
    await answer(interaction, lambda st, a, p: st.favorite_model(a, p, model, on=True))


@models.command(name="unfav", description="Unpin a model")
async def models_unfav(interaction: discord.Interaction, model: str) -> None:
    await answer(interaction, lambda st, a, p: st.favorite_model(a, p, model, on=False))


@models_fav.autocomplete("model")
@models_unfav.autocomplete("model")
async def any_model_choices(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """Models of every category for /models fav and unfav, favourites first."""
    return await autocomplete.ordered_models(interaction, current)


@app_commands.command(name="help", description="What Lightbox can do")
async def help_command(interaction: discord.Interaction) -> None:
    await send_help(interaction)


COMMANDS: list[SlashCommand] = [project, ref, feed, search, queue, models, help_command]
