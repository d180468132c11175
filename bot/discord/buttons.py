"""Persistent version buttons (DynamicItem) and the name modals of Fork and Save as Ref."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord

from bot.discord import context, header
from bot.discord.custom_ids import (
    BUTTON_TEMPLATE,
    NAME_FIELD,
    field_value,
    modal_id,
    parse_modal,
)
from bot.discord.fullsize import send_full_size
from bot.discord.render import FULL, MAX_LABEL, outcome_text, version_content
from bot.router import NAMED
from core.studio import Outcome

if TYPE_CHECKING:
    from bot.discord.app import LightboxBot

ASKS = {
    "fork": ("↗ Fork: new direction", "Direction name", "e.g. night, close-up, profile"),
    "saveref": ("📌 Save as Ref", "Ref name", "e.g. fox, hero, castle"),
}


class VersionButton(discord.ui.DynamicItem[discord.ui.Button], template=BUTTON_TEMPLATE):
    """A version message's button; its custom_id carries the action and version, nothing else."""

    def __init__(self, button: discord.ui.Button, action: str, version_id: int):
        super().__init__(button)
        self.action = action
        self.version_id = version_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: Any, /
    ) -> VersionButton:
        assert isinstance(item, discord.ui.Button)
        return cls(item, match["action"], int(match["version"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        if self.action in NAMED:
            await interaction.response.send_modal(name_modal(self.action, self.version_id))
            return
        if self.action == FULL:
            await send_full_size(interaction, self.version_id)
            return
        await press(interaction, self.action, self.version_id)


def name_modal(action: str, version_id: int) -> discord.ui.Modal:
    """The modal asking for a name; its submission is handled by `on_modal_submit` (persistent)."""
    title, label, placeholder = ASKS.get(action, (action, "Name", ""))
    modal = discord.ui.Modal(title=title, custom_id=modal_id(action, version_id))
    modal.add_item(
        discord.ui.TextInput(
            label=label[:MAX_LABEL],
            custom_id=NAME_FIELD,
            placeholder=placeholder,
            min_length=1,
            max_length=80,
        )
    )
    # Stopped before sending: discord.py then keeps no in-memory copy, so a submission after a
    # restart is handled the same way as any other (by the bot's interaction listener).
    modal.stop()
    return modal


async def press(
    interaction: discord.Interaction, action: str, version_id: int, answer: str = ""
) -> None:
    """Defer, let core re-authorize and act, answer ephemerally, refresh the pressed message."""
    bot: LightboxBot = interaction.client  # type: ignore[assignment]
    await context.defer(interaction)

    async def work() -> None:
        actor, place = context.actor_of(interaction), context.place_of(interaction)
        outcome = await context.in_core(
            lambda: bot.router.press(actor, place, action, version_id, answer)
        )
        await context.best_effort(refresh_message(interaction, outcome, version_id), "version")
        if outcome.card is not None:
            await context.best_effort(header.refresh_header(bot, place, outcome.card), "header")
        await context.reply(interaction, outcome_text(outcome))

    await context.guarded(interaction, work)


async def refresh_message(
    interaction: discord.Interaction, outcome: Outcome, version_id: int
) -> None:
    """Edit the version message when the action changed its caption (review, favorites)."""
    message = interaction.message
    views = [v for v in outcome.versions if v.version_id == version_id]
    if message is None or not views:
        return
    content = version_content(views[0])
    if content != message.content:
        await message.edit(content=content)


async def on_modal_submit(interaction: discord.Interaction) -> bool:
    """Handle a Fork / Save as Ref name modal; False when the modal is not one of ours."""
    data: dict[str, Any] = interaction.data or {}  # type: ignore[assignment]
    pressed = parse_modal(str(data.get("custom_id", "")))
    if pressed is None or pressed.action not in NAMED:
        return False
    name = field_value(data.get("components", []), NAME_FIELD)
    await press(interaction, pressed.action, pressed.version_id, name)
    return True
