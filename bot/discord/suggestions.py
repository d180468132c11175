"""The refinement chat's suggestion buttons: `lbq:<n>` answers the assistant with suggestion n."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord

from bot.discord import context
from bot.discord.render import MAX_LABEL, clip, outcome_text

if TYPE_CHECKING:
    from bot.discord.app import LightboxBot

SUGGESTION_TEMPLATE = r"lbq:(?P<number>[1-9])"
MAX_SUGGESTIONS = 4


def suggestion_view(suggestions: list[str]) -> discord.ui.View | None:
    """One button per suggestion (stopped, so discord.py keeps no in-memory copy)."""
    if not suggestions:
        return None
    view = discord.ui.View(timeout=None)
    for number, label in enumerate(suggestions[:MAX_SUGGESTIONS], start=1):
        view.add_item(
            discord.ui.Button(
                label=clip(label, MAX_LABEL),
                custom_id=f"lbq:{number}",
                style=discord.ButtonStyle.secondary,
            )
        )
    view.stop()
    return view


class SuggestionButton(discord.ui.DynamicItem[discord.ui.Button], template=SUGGESTION_TEMPLATE):
    """Pressed in a card thread: the thread's card chat gets `/pick n` from the presser."""

    def __init__(self, button: discord.ui.Button, number: int):
        super().__init__(button)
        self.number = number

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: Any, /
    ) -> SuggestionButton:
        assert isinstance(item, discord.ui.Button)
        return cls(item, int(match["number"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        bot: LightboxBot = interaction.client  # type: ignore[assignment]
        await context.defer(interaction)

        async def work() -> None:
            actor, place = context.actor_of(interaction), context.place_of(interaction)
            outcome = await context.in_core(
                lambda: bot.router.handle(actor, place, f"/pick {self.number}")
            )
            view = suggestion_view(outcome.suggestions)
            text = clip(outcome_text(outcome))
            if view is None:
                await interaction.followup.send(text, ephemeral=True)
            else:
                await interaction.followup.send(text, ephemeral=True, view=view)

        await context.guarded(interaction, work)
