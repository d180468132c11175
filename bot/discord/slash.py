"""Slash commands: each builds the shared command text and lets the CommandRouter handle it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands

from bot.discord import autocomplete, context
from bot.discord.cards import create_card
from bot.discord.help import send_help
from bot.discord.render import clip, outcome_text

if TYPE_CHECKING:
    from bot.discord.app import LightboxBot

Resolution = Literal["1K", "2K", "4K"]
FeedFilter = Literal["approved", "mine", "all"]


async def routed(
    interaction: discord.Interaction, text: str, attachment: discord.Attachment | None = None
) -> None:
    """Defer, pass `text` (and the attachment's bytes) to the router, answer ephemerally."""
    bot: LightboxBot = interaction.client  # type: ignore[assignment]
    await context.defer(interaction)

    async def work() -> None:
        data = await attachment.read() if attachment is not None else None
        actor, place = context.actor_of(interaction), context.place_of(interaction)
        outcome = await context.in_core(lambda: bot.router.handle(actor, place, text, data))
        await context.reply(interaction, outcome_text(outcome))

    await context.guarded(interaction, work)


def imagine_text(
    prompt: str,
    aspect: str | None = None,
    resolution: str | None = None,
    count: int | None = None,
    model: str | None = None,
    seed: int | None = None,
    negative: str | None = None,
) -> str:
    """The prompt with the options as --flags (core's one parser validates all of them)."""
    parts = [prompt.strip()]
    for flag, value in (("ar", aspect), ("res", resolution), ("n", count), ("model", model)):
        if value is not None and str(value).strip():
            parts.append(f"--{flag} {str(value).strip()}")
    if seed is not None:
        parts.append(f"--seed {seed}")
    if negative and negative.strip():
        parts.append(f"--no {negative.strip()}")
    return " ".join(parts)


@app_commands.command(name="imagine", description="New card from a prompt; generates at once")
@app_commands.describe(
    prompt="what to draw (--ar --res --n --seed --no --model flags work here too)",
    aspect="aspect ratio W:H, e.g. 16:9",
    count="how many versions (1-5)",
    negative="what to avoid",
)
async def imagine(
    interaction: discord.Interaction,
    prompt: str,
    aspect: str | None = None,
    resolution: Resolution | None = None,
    count: int | None = None,
    model: str | None = None,
    seed: int | None = None,
    negative: str | None = None,
) -> None:
    text = imagine_text(prompt, aspect, resolution, count, model, seed, negative)
    await create_card(interaction, text, generate=True)


async def ordered_models(
    interaction: discord.Interaction, current: str, category: str | None = None
) -> list[app_commands.Choice[str]]:
    """The models whose id or label contains what was typed, the user's ★ favourites first."""
    bot: LightboxBot = interaction.client  # type: ignore[assignment]
    actor = context.actor_of(interaction)
    found = await context.in_core(lambda: bot.studio.model_choices(actor))
    typed = current.lower()
    return [
        app_commands.Choice(
            name=clip(("★ " if c.favorite else "") + f"{c.profile.label} ({c.profile.id})", 100),
            value=c.profile.id,
        )
        for c in found
        if (category is None or c.profile.category == category)
        and (typed in c.profile.id.lower() or typed in c.profile.label.lower())
    ][:25]


@imagine.autocomplete("model")
async def model_choices(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """Image models for /imagine (≤ 25 choices), favourites first."""
    return await ordered_models(interaction, current, "image")


card = app_commands.Group(name="card", description="cards")


@card.command(name="new", description="New card without generating")
async def card_new(interaction: discord.Interaction, prompt: str) -> None:
    await create_card(interaction, prompt, generate=False)


project = app_commands.Group(name="project", description="projects of this channel")


@project.command(name="new", description="Create a project and bind this channel to it")
async def project_new(interaction: discord.Interaction, name: str) -> None:
    await routed(interaction, f"/project new {name}")


@project.command(name="use", description="Bind this channel to one of your projects")
async def project_use(interaction: discord.Interaction, name: str) -> None:
    await routed(interaction, f"/project use {name}")


project_use.autocomplete("name")(autocomplete.project_names)


@project.command(name="list", description="Your projects")
async def project_list(interaction: discord.Interaction) -> None:
    await routed(interaction, "/project list")


@project.command(name="members", description="Members of this channel's project")
async def project_members(interaction: discord.Interaction) -> None:
    await routed(interaction, "/project members")


@project.command(name="role", description="Set a member's role")
async def project_role(
    interaction: discord.Interaction,
    member: discord.Member,
    role: Literal["owner", "editor", "viewer"],
) -> None:
    await routed(interaction, f"/project role {member.id} {role}")


@project.command(name="showcase", description="The project's approved shots")
@app_commands.describe(channel="here: post approved shots to this channel; off: stop posting")
async def project_showcase(
    interaction: discord.Interaction, channel: Literal["here", "off"] | None = None
) -> None:
    await routed(interaction, f"/project showcase {channel or ''}".strip())


ref = app_commands.Group(name="ref", description="reference images")


@ref.command(name="add", description="Add an image as a named ref")
async def ref_add(interaction: discord.Interaction, name: str, image: discord.Attachment) -> None:
    await routed(interaction, f"/ref add {name}", image)


@ref.command(name="list", description="The project's refs")
async def ref_list(interaction: discord.Interaction) -> None:
    await routed(interaction, "/ref list")


@ref.command(name="remove", description="Remove a ref")
async def ref_remove(interaction: discord.Interaction, name: str) -> None:
    await routed(interaction, f"/ref remove {name}")


@ref.command(name="reorder", description="Move a ref to a position")
async def ref_reorder(interaction: discord.Interaction, name: str, position: int) -> None:
    await routed(interaction, f"/ref reorder {name} {position}")


ref_remove.autocomplete("name")(autocomplete.ref_names)
ref_reorder.autocomplete("name")(autocomplete.ref_names)


@app_commands.command(name="open", description="Open one of this project's cards")
@app_commands.describe(card="the card's number (#12) or words from its title")
@app_commands.autocomplete(card=autocomplete.card_keys)
async def open_card(interaction: discord.Interaction, card: str) -> None:
    await routed(interaction, f"/open {card}")


@app_commands.command(name="feed", description="Finished versions")
async def feed(
    interaction: discord.Interaction, filter: FeedFilter = "all", search: str | None = None
) -> None:
    await routed(interaction, f"/feed {filter} {search or ''}".strip())


@app_commands.command(name="search", description="Cards whose prompt contains the text")
async def search(interaction: discord.Interaction, text: str) -> None:
    await routed(interaction, f"/search {text}")


@app_commands.command(name="queue", description="Jobs waiting and running")
async def queue(interaction: discord.Interaction) -> None:
    await routed(interaction, "/queue")


@app_commands.command(name="upload", description="Your own image as a new version of this card")
async def upload(interaction: discord.Interaction, image: discord.Attachment) -> None:
    await routed(interaction, "/upload", image)


models = app_commands.Group(name="models", description="the models offered here")


@models.command(name="list", description="Models by category: what each supports and costs")
async def models_list(interaction: discord.Interaction) -> None:
    await routed(interaction, "/models")


@models.command(name="fav", description="★ Pin a model: listed first here and in /imagine")
async def models_fav(interaction: discord.Interaction, model: str) -> None:
    await routed(interaction, f"/models fav {model}")


@models.command(name="unfav", description="Unpin a model")
async def models_unfav(interaction: discord.Interaction, model: str) -> None:
    await routed(interaction, f"/models unfav {model}")


@models_fav.autocomplete("model")
@models_unfav.autocomplete("model")
async def any_model_choices(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """Models of every category for /models fav and unfav, favourites first."""
    return await ordered_models(interaction, current)


@app_commands.command(name="help", description="What Lightbox can do")
async def help_command(interaction: discord.Interaction) -> None:
    await send_help(interaction)


COMMANDS = [
    imagine,
    card,
    open_card,
    project,
    ref,
    feed,
    search,
    queue,
    upload,
    models,
    help_command,
]


def register(tree: app_commands.CommandTree) -> None:
    for command in COMMANDS:
        tree.add_command(command)
