"""Slash commands call core's typed use cases directly; this module answers and registers them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import discord
from discord import app_commands

from bot.discord import answers, context
from core.identity import Actor, Place
from core.prompt_params import PromptParams, apply_options, parse_prompt
from core.studio import Outcome, Studio

UseCase = Callable[[Studio, Actor, Place], Outcome]
SlashCommand = app_commands.Command[Any, ..., Any] | app_commands.Group


async def answer(interaction: discord.Interaction, use_case: UseCase) -> None:
    """Defer, run the use case off the event loop as this member here, answer privately."""
    studio = context.bot_of(interaction).studio
    await context.defer(interaction)

    async def work() -> None:
        actor, place = context.actor_of(interaction), context.place_of(interaction)
        outcome = await context.in_core(lambda: use_case(studio, actor, place))
        await answers.send_outcome(interaction, outcome)

    await context.guarded(interaction, work)


def prompt_params(studio: Studio, prompt: str, **options: str | int | None) -> PromptParams:
    """The prompt (with any --flags) plus the typed options, each option validated on its own."""
    models = studio.catalog.ids()
    return apply_options(parse_prompt(prompt, models=models), options, models=models)


def settings_params(studio: Studio, **options: str | int | None) -> PromptParams | None:
    """Only settings (New Version, Generate): None when no option was given."""
    if all(value is None or not str(value).strip() for value in options.values()):
        return None
    return apply_options(PromptParams(""), options, models=studio.catalog.ids())


def version_id(studio: Studio, actor: Actor, place: Place, number: int | None) -> int | None:
    """The id of version `number` of the card acted on (None: the one being viewed)."""
    if number is None:
        return None
    return studio.view_version(actor, place, str(number)).versions[0].version_id
