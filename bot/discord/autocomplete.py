"""Autocomplete for projects, cards and refs: core's choices as Discord choices, never an error."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.discord import context
from bot.discord.render import clip
from core.choices import Choice

if TYPE_CHECKING:
    from core.identity import Actor, Place
    from core.studio import Studio

MAX_CHOICES = 25


async def _offer(
    interaction: discord.Interaction, fetch: Callable[[], list[Choice]]
) -> list[app_commands.Choice[str]]:
    """Run `fetch` off the event loop and shape its result as ≤ 25 choices of ≤ 100 chars."""
    found = await context.in_core(fetch)
    return [
        app_commands.Choice(name=clip(c.label, 100), value=c.value[:100])
        for c in found[:MAX_CHOICES]
    ]


async def _asked(
    interaction: discord.Interaction, ask: Callable[[Studio, Actor, Place], list[Choice]]
) -> list[app_commands.Choice[str]]:
    """`ask` core for the choices of the person in this channel's project."""
    bot = context.bot_of(interaction)
    actor, place = context.actor_of(interaction), context.place_of(interaction)
    return await _offer(interaction, lambda: ask(bot.studio, actor, place))


async def project_names(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """The acting user's projects whose name contains what was typed."""
    bot = context.bot_of(interaction)
    actor = context.actor_of(interaction)
    return await _offer(interaction, lambda: bot.studio.project_choices(actor, current))


async def card_keys(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """The channel's project's cards, newest first, as "#id title"."""
    return await _asked(interaction, lambda st, a, p: st.card_choices(a, p, current))


async def ref_names(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """The channel's project's refs, in their order."""
    return await _asked(interaction, lambda st, a, p: st.ref_choices(a, p, current))


async def scene_names(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """The channel's project's scenes whose name contains what was typed."""
    return await _asked(interaction, lambda st, a, p: st.scene_choices(a, p, current))


async def character_names(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """The channel's project's characters whose name contains what was typed."""
    return await _asked(interaction, lambda st, a, p: st.character_choices(a, p, current))


async def element_names(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """The channel's project's worldbuilding elements whose name contains what was typed."""
    return await _asked(interaction, lambda st, a, p: st.element_choices(a, p, current))


async def ordered_models(
    interaction: discord.Interaction,
    current: str,
    category: str | None = None,
    by_plan: bool = False,
) -> list[app_commands.Choice[str]]:
    """The models whose id or label contains what was typed, the user's ★ favourites first;
    `by_plan`: only those the person's plan here allows (pickers that generate)."""
    bot = context.bot_of(interaction)
    actor = context.actor_of(interaction)
    place = context.place_of(interaction) if by_plan else None
    found = await context.in_core(lambda: bot.studio.model_choices(actor, place))
    typed = current.lower()
    return [
        app_commands.Choice(
            name=clip(("★ " if c.favorite else "") + f"{c.profile.label} ({c.profile.id})", 100),
            value=c.profile.id,
        )
        for c in found
        if (category is None or c.profile.category == category)
        and (typed in c.profile.id.lower() or typed in c.profile.label.lower())
    ][:MAX_CHOICES]


async def lora_names(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """/imagine: the LoRA styles of the model chosen in this command (else the default)."""
    bot = context.bot_of(interaction)
    model = getattr(interaction.namespace, "model", None)
    chosen = model if isinstance(model, str) else None
    return await _offer(interaction, lambda: bot.studio.lora_choices(chosen, current))


async def card_lora_names(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """/new, /generate, /lora: the LoRA styles of the model chosen in this command, else of
    the card the command acts on here, else of the default model."""
    model = getattr(interaction.namespace, "model", None)
    chosen = model if isinstance(model, str) else None
    return await _asked(interaction, lambda st, a, p: st.card_lora_choices(a, p, chosen, current))
