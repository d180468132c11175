"""Every button is core's: `lbv:<action>:<target>` asks (a modal) or presses, nothing else."""

from __future__ import annotations

from typing import Any, cast

import discord

from bot.discord import answers, context, failures, fullsize
from bot.discord.custom_ids import BUTTON_TEMPLATE, field_values, modal_id, parse_modal
from bot.discord.render import clip, kept_note, version_content
from core.errors import LightboxError
from core.identity import Place
from core.studio import Outcome, Question

MODAL_TITLE = 45
TEXT_LIMIT = 4000


class ActionButton(discord.ui.DynamicItem[discord.ui.Button], template=BUTTON_TEMPLATE):
    """Any registry button; its custom_id carries the action id and target id, nothing else."""

    def __init__(self, button: discord.ui.Button, action: str, target: int):
        super().__init__(button)
        self.action = action
        self.target = target

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: Any, /
    ) -> ActionButton:
        assert isinstance(item, discord.ui.Button)
        return cls(item, match["action"], int(match["target"]))

    @failures.isolated
    async def callback(self, interaction: discord.Interaction) -> None:
        bot = context.bot_of(interaction)
        actor, place = context.actor_of(interaction), await press_place(interaction)

        async def ask() -> None:
            question = await context.in_core(
                lambda: bot.studio.ask(actor, place, self.action, self.target)
            )
            if question is None and bot.studio.spec(self.action).redraws:
                outcome = await context.in_core(
                    lambda: bot.studio.press(actor, place, self.action, self.target)
                )
                await answers.redraw(interaction, outcome)
            elif question is None:
                await press(interaction, self.action, self.target)
            else:
                await interaction.response.send_modal(question_modal(question))

        await context.guarded(interaction, ask)


def question_modal(question: Question) -> discord.ui.Modal:
    """One text input per field, pre-filled with core's defaults (from the database)."""
    title = clip(question.title, MODAL_TITLE)
    modal = discord.ui.Modal(title=title, custom_id=modal_id(question.action, question.target))
    for field in question.fields[:5]:
        default = question.defaults.get(field.id, "")
        limit = min(field.max_length, TEXT_LIMIT)
        modal.add_item(
            discord.ui.TextInput(
                label=clip(field.label, 45),
                custom_id=field.id,
                style=discord.TextStyle.paragraph if field.long else discord.TextStyle.short,
                placeholder=clip(field.placeholder, 100) or None,
                default=default[:limit] or None,
                required=field.required,
                max_length=limit,
            )
        )
    # Stopped before sending: discord.py keeps no in-memory copy, so a submission after a
    # restart is handled like any other (by the bot's interaction listener).
    modal.stop()
    return modal


async def press_place(interaction: discord.Interaction) -> Place:
    """Where a button was pressed: in a thread, that card thread; a card header in a text
    channel stands for the thread started from it (Discord gives that thread its id)."""
    place = context.place_of(interaction)
    message = interaction.message
    if place.thread_id is not None or message is None or interaction.guild_id is None:
        return place
    bindings = context.bot_of(interaction).bindings
    header = await context.in_core(lambda: bindings.header_of(context.PLATFORM, str(message.id)))
    return Place(place.platform, place.chat_id, str(message.id)) if header else place


async def press(
    interaction: discord.Interaction,
    action: str,
    target: int,
    answers_given: dict[str, str] | None = None,
) -> None:
    """Defer, let core authorize and act, show the outcome on the pressed message and privately."""
    bot = context.bot_of(interaction)
    await context.defer(interaction)

    async def work() -> None:
        actor, place = context.actor_of(interaction), await press_place(interaction)
        outcome = await context.in_core(
            lambda: bot.studio.press(actor, place, action, target, answers_given or {})
        )
        await context.best_effort(refresh_pressed(interaction, outcome, target), "version message")
        if outcome.originals:
            await fullsize.send_originals(interaction, outcome)
        else:
            await answers.send_outcome(interaction, outcome)

    await context.guarded(interaction, work)


async def refresh_pressed(interaction: discord.Interaction, outcome: Outcome, target: int) -> None:
    """The pressed version message shows the action's result (review, ⭐) in its caption."""
    message = interaction.message
    views = [v for v in outcome.versions if v.version_id == target]
    if message is None or message.flags.ephemeral or not views:
        return
    content = version_content(views[0], kept_note(message.content or ""))
    if content != message.content:
        await message.edit(content=content)


async def on_modal_submit(interaction: discord.Interaction) -> bool:
    """A question modal was submitted: press its action with the answers (False: not ours)."""
    data = cast(dict[str, Any], interaction.data or {})
    pressed = parse_modal(str(data.get("custom_id", "")))
    if pressed is None or not _asks(interaction, pressed.action):
        return False
    given = field_values(data.get("components", []))
    await press(interaction, pressed.action, pressed.target, given)
    return True


def _asks(interaction: discord.Interaction, action: str) -> bool:
    """Only actions that ask have forms: a forged form for any other action is not ours."""
    try:
        return bool(context.bot_of(interaction).studio.spec(action).fields)
    except LightboxError:
        return False
