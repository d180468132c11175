"""The card header message: its buttons (✨ Generate, ✏️ Edit prompt, 💾 Save) and refreshes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord

from bot.discord import context, forums
from bot.discord.custom_ids import CARD_TEMPLATE, EDIT_MODAL, PROMPT_FIELD, field_value
from bot.discord.render import card_content, card_rows, draft_of, outcome_text
from core.errors import BadInput
from core.identity import Place
from core.views import CardView

if TYPE_CHECKING:
    from bot.discord.app import LightboxBot

COMMANDS = {"generate": "/new", "save": "/save"}


class CardButton(discord.ui.DynamicItem[discord.ui.Button], template=CARD_TEMPLATE):
    """A header button; the card is found from the header message it sits on."""

    def __init__(self, button: discord.ui.Button, action: str):
        super().__init__(button)
        self.action = action

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: Any, /
    ) -> CardButton:
        assert isinstance(item, discord.ui.Button)
        return cls(item, match["action"])

    async def callback(self, interaction: discord.Interaction) -> None:
        if self.action == "edit":
            draft = draft_of(interaction.message.content if interaction.message else "")
            await interaction.response.send_modal(edit_modal(draft))
        elif self.action in COMMANDS:
            await header_command(interaction, COMMANDS[self.action])
        else:
            await context.reply(interaction, f'⚠️ unknown card button "{self.action}"')


def edit_modal(draft: str) -> discord.ui.Modal:
    modal = discord.ui.Modal(title="✏️ Edit prompt", custom_id=EDIT_MODAL)
    modal.add_item(
        discord.ui.TextInput(
            label="Prompt (--flags allowed; autosaved)",
            custom_id=PROMPT_FIELD,
            style=discord.TextStyle.paragraph,
            default=draft[:4000] or None,
            max_length=4000,
        )
    )
    modal.stop()  # handled by the bot's interaction listener, so it survives restarts
    return modal


def header_place(interaction: discord.Interaction) -> Place:
    """The card thread of the header pressed: Discord gives a thread its starter message's id.
    A text channel's header sits in the channel; a forum post's header sits in the post."""
    message = interaction.message
    if message is None:
        raise BadInput("this button must be pressed on a card header")
    if isinstance(interaction.channel, discord.Thread):
        return context.place_of(interaction)
    return Place(context.PLATFORM, str(interaction.channel_id), str(message.id))


async def on_edit_submit(interaction: discord.Interaction) -> bool:
    """The ✏️ Edit prompt modal was submitted: the new draft goes to `/prompt`."""
    data: dict[str, Any] = interaction.data or {}  # type: ignore[assignment]
    if data.get("custom_id") != EDIT_MODAL:
        return False
    prompt = field_value(data.get("components", []), PROMPT_FIELD)
    await header_command(interaction, f"/prompt {prompt}")
    return True


async def header_command(interaction: discord.Interaction, text: str) -> None:
    """Run a card command for the header's card, refresh the header, answer ephemerally."""
    bot: LightboxBot = interaction.client  # type: ignore[assignment]
    await context.defer(interaction)

    async def work() -> None:
        actor, place = context.actor_of(interaction), header_place(interaction)
        outcome = await context.in_core(lambda: bot.router.handle(actor, place, text))
        if outcome.card is not None:
            await context.best_effort(refresh_header(bot, place, outcome.card), "header")
        await context.reply(interaction, outcome_text(outcome))

    await context.guarded(interaction, work)


async def refresh_header(bot: LightboxBot, place: Place, card: CardView) -> None:
    """Edit the header (its id is the thread's) to show the card's state."""
    if place.thread_id is None:
        return
    params = discord.http.handle_message_parameters(content=card_content(card))
    params.payload["components"] = card_rows(card.actions, card.progress, card.choices)  # type: ignore[index]
    channel = await forums.header_channel(bot, place)
    thread = int(place.thread_id)
    await forums.edit_header(bot, channel, thread, params, thread)


async def post_header(bot: LightboxBot, channel_id: int, card: CardView) -> dict[str, Any]:
    """Post a new card header with its buttons; returns the message payload."""
    params = discord.http.handle_message_parameters(
        content=card_content(card), allowed_mentions=discord.AllowedMentions.none()
    )
    params.payload["components"] = card_rows(card.actions, card.progress, card.choices)  # type: ignore[index]
    return dict(await bot.http.send_message(channel_id, params=params))
