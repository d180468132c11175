"""The header's version picker: a private look at one version (banner, image, its buttons)."""

from __future__ import annotations

import io
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import discord

from bot.discord import context, failures
from bot.discord.custom_ids import PAGE_TEMPLATE, PICKER_TEMPLATE, button_id, page_id
from bot.discord.fullsize import media_suffix
from bot.discord.header import header_place
from bot.discord.previews import suffix_of
from bot.discord.render import (
    MAX_LABEL,
    ROW_WIDTH,
    STYLES,
    clip,
    version_content,
    version_options,
    with_full_size,
)
from core.identity import Place
from core.names import is_number
from core.previews import DISCORD
from core.studio import Outcome
from core.views import Action, VersionView

if TYPE_CHECKING:
    from bot.discord.app import LightboxBot


class VersionPicker(discord.ui.DynamicItem[discord.ui.Select], template=PICKER_TEMPLATE):
    """The header's select menu; the card is the one whose header carries it."""

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: Any, /
    ) -> VersionPicker:
        assert isinstance(item, discord.ui.Select)
        return cls(item)

    @failures.isolated
    async def callback(self, interaction: discord.Interaction) -> None:
        values = self.item.values
        await pick(interaction, values[0] if values else "", header_place(interaction))


class OlderVersionsPicker(discord.ui.DynamicItem[discord.ui.Select], template=PAGE_TEMPLATE):
    """A private page of older versions; its id names the card thread (core re-checks)."""

    def __init__(self, item: discord.ui.Select, thread_id: str):
        super().__init__(item)
        self.thread_id = thread_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: Any, /
    ) -> OlderVersionsPicker:
        assert isinstance(item, discord.ui.Select)
        return cls(item, match["thread"])

    @failures.isolated
    async def callback(self, interaction: discord.Interaction) -> None:
        values = self.item.values
        channel = interaction.channel
        parent = (
            channel.parent_id if isinstance(channel, discord.Thread) else interaction.channel_id
        )
        place = Place(context.PLATFORM, str(parent), self.thread_id)
        await pick(interaction, values[0] if values else "", place)


async def pick(interaction: discord.Interaction, value: str, place: Place) -> None:
    """A picker choice: a version number, or "older:N" for the page of versions below N."""
    if value.startswith("older:") and is_number(value[6:]) and len(value) <= 16:
        await show_older(interaction, place, int(value[6:]))
    else:
        await show_version(interaction, value, place)


async def show_older(interaction: discord.Interaction, place: Place, before: int) -> None:
    """Privately: a select of the 24 versions below `before` (and "older…" when more exist)."""
    bot = context.bot_of(interaction)
    await context.defer(interaction)

    async def work() -> None:
        actor = context.actor_of(interaction)
        choices = await context.in_core(lambda: bot.studio.older_versions(actor, place, before))
        if not choices:
            await context.reply(interaction, "there are no older versions")
            return
        select: discord.ui.Select[discord.ui.View] = discord.ui.Select(
            custom_id=page_id(place.thread_id or ""),
            placeholder="🔎 View an older version…",
            options=[
                discord.SelectOption(
                    label=o["label"], value=o["value"], description=o["description"]
                )
                for o in version_options(choices)
            ],
        )
        view = discord.ui.View(timeout=None)
        view.add_item(select)
        view.stop()
        await interaction.followup.send(f"versions before v{before}:", ephemeral=True, view=view)

    await context.guarded(interaction, work)


async def show_version(interaction: discord.Interaction, number: str, place: Place) -> None:
    """The header's card's version `number`, privately: the "viewing vN of M" banner (a view,
    not a change: the shared header stays as it is), the image and its buttons."""
    bot = context.bot_of(interaction)
    await context.defer(interaction)

    async def work() -> None:
        actor = context.actor_of(interaction)
        outcome = await context.in_core(lambda: bot.studio.view_version(actor, place, number))
        view = outcome.versions[0]
        banner = outcome.card.banner if outcome.card and outcome.card.banner else outcome.text
        content = clip(f"🔶 **{banner}**\n{version_content(view)}")
        file, preview = await _file_for(bot, view, interaction.filesize_limit)
        kwargs: dict[str, Any] = {"file": file} if file else {}
        actions = with_full_size(view.actions, view.version_id) if preview else view.actions
        await interaction.followup.send(
            content, ephemeral=True, view=buttons_view(actions), **kwargs
        )

    await context.guarded(interaction, work)


async def send_opened(interaction: discord.Interaction, outcome: Outcome) -> None:
    """A version an answer opened (a gallery tile, a portrait), privately: its image, what
    the answer said and the version's buttons (the interaction is already deferred)."""
    bot = context.bot_of(interaction)
    view = outcome.versions[0]
    content = clip(f"🔶 **{outcome.text}**\n{version_content(view)}")
    file, preview = await _file_for(bot, view, interaction.filesize_limit)
    kwargs: dict[str, Any] = {"file": file} if file else {}
    actions = with_full_size(view.actions, view.version_id) if preview else view.actions
    await interaction.followup.send(content, ephemeral=True, view=buttons_view(actions), **kwargs)


async def _file_for(
    bot: LightboxBot, view: VersionView, limit: int
) -> tuple[discord.File | None, bool]:
    """The image within this interaction's upload limit (a preview when the original is larger)
    and whether it is a preview; bytes come from storage by key, never from a path."""
    key = view.image_sha
    if not key or view.status != "done":
        return None, False
    if view.media_sha and (found := await _media_file(bot, view, view.media_sha, limit)):
        return found
    shown = await context.in_core(lambda: bot.studio.preview_image(key, DISCORD.within(limit)))
    stem = f"v{view.number}" if shown.original else f"v{view.number}-preview"
    filename = f"{stem}{suffix_of(shown.data)}"
    return discord.File(io.BytesIO(shown.data), filename=filename), not shown.original


async def _media_file(
    bot: LightboxBot, view: VersionView, media: str, limit: int
) -> tuple[discord.File | None, bool] | None:
    """A video, audio or 3D file that fits, as itself (it plays here); larger: None for its
    poster, marked a preview so 🔍 Full size is offered. None when it is missing."""
    size = await context.in_core(lambda: bot.studio.image_size(media))
    if size is None:
        return None
    if size > limit:
        poster, _preview = await _file_for(bot, replace(view, media_sha=None), limit)
        return poster, True
    data = await context.in_core(lambda: bot.studio.read_image(media))
    name = f"v{view.number}{media_suffix(view)}"
    return discord.File(io.BytesIO(data), filename=name), False


def buttons_view(actions: list[Action]) -> discord.ui.View:
    """The version's persistent buttons as a view (answered by VersionButton, never stored)."""
    view = discord.ui.View(timeout=None)
    for index, action in enumerate(actions[: ROW_WIDTH * 5]):
        view.add_item(
            discord.ui.Button(
                style=discord.ButtonStyle(STYLES.get(action.style, 2)),
                label=clip(action.label, MAX_LABEL),
                custom_id=button_id(action.action, action.target),
                row=index // ROW_WIDTH,
            )
        )
    view.stop()
    return view
