"""The Lightbox Discord bot: slash commands, persistent buttons, modals, reactions, start-up."""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Callable
from typing import Any, cast

import discord
from discord.ext import commands

from bot.discord import (
    buttons,
    chat,
    context,
    entitlements,
    failures,
    reactions,
    slash_cards,
    slash_credits,
    slash_edits,
    slash_elements,
    slash_library,
    slash_media,
    slash_project_library,
    slash_publish,
    slash_versions,
    viewer,
)
from bot.discord.custom_ids import PAGE_TEMPLATE, PICKER_TEMPLATE, parse_button
from bot.discord.render import error_text
from bot.discord.settings import DiscordSettings
from bot.discord.slash import SlashCommand
from core.bindings import ThreadBindings
from core.errors import LightboxError
from core.studio import Studio

log = logging.getLogger(__name__)
OTHER_ITEMS = re.compile(f"{PICKER_TEMPLATE}|{PAGE_TEMPLATE}")
COMMANDS: list[SlashCommand] = [
    *slash_cards.COMMANDS,
    *slash_versions.COMMANDS,
    *slash_library.COMMANDS,
    *slash_project_library.COMMANDS,
    *slash_elements.COMMANDS,
    chat.refine,
    *slash_edits.COMMANDS,
    *slash_credits.COMMANDS,
    *slash_publish.COMMANDS,
]
"""Every slash command (≤ 100 top-level; groups hold the rest)."""
UNKNOWN_BUTTON = "this is not a Lightbox button or form (or it is damaged); nothing was changed"


class LightboxBot(commands.Bot):
    """A discord.py bot that only translates: every decision is core's.

    `studio` serves people, `bindings` the card ↔ thread bookkeeping; no database session here.
    """

    def __init__(
        self,
        studio: Studio,
        bindings: ThreadBindings,
        settings: DiscordSettings,
        **client_options: Any,
    ):
        intents = discord.Intents.default()
        self.discord_settings = settings
        intents.message_content = self.discord_settings.message_content
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            help_command=None,
            **client_options,
        )
        self.studio = studio
        self.bindings = bindings
        self.channel_types: dict[int, int] = {}
        parsers = self._connection.parsers
        for event, parse in list(parsers.items()):
            parsers[event] = _dropping_failures(event, parse)

    async def setup_hook(self) -> None:
        self.tree.error(failures.on_command_error)
        self.add_dynamic_items(
            buttons.ActionButton, viewer.VersionPicker, viewer.OlderVersionsPicker
        )
        for command in COMMANDS + slash_media.commands_for(self.studio.catalog):
            self.tree.add_command(command)
        for guild_id in self.discord_settings.guild_ids:
            guild = discord.Object(guild_id)
            self.tree.copy_global_to(guild=guild)
            await self.tree.sync(guild=guild)
        if self.discord_settings.global_sync:
            await self.tree.sync()

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        """Catch what discord.py would drop silently: our modals, and unknown or forged buttons;
        credit the purchases the interaction carries."""
        await entitlements.on_interaction_entitlements(self.studio, interaction)
        if interaction.type == discord.InteractionType.modal_submit:
            if not await buttons.on_modal_submit(interaction):
                await context.reply(interaction, error_text(UNKNOWN_BUTTON))
        elif interaction.type == discord.InteractionType.component and not _dispatchable(
            interaction
        ):
            await context.reply(interaction, error_text(UNKNOWN_BUTTON))

    async def on_entitlement_create(self, entitlement: discord.Entitlement) -> None:
        await entitlements.on_entitlement(self.studio, entitlement)

    async def on_message(self, message: discord.Message) -> None:
        if self.discord_settings.message_content:
            await chat.on_thread_message(self, message)

    async def on_raw_reaction_add(self, event: discord.RawReactionActionEvent) -> None:
        await reactions.on_reaction(self, event)

    async def on_raw_reaction_remove(self, event: discord.RawReactionActionEvent) -> None:
        await reactions.on_reaction(self, event)

    async def on_error(self, event_method: str, /, *args: Any, **kwargs: Any) -> None:
        """A failed event handler (a modal's `on_interaction`, a message, a reaction): logged
        with ids and, for an interaction, answered privately with a ref; the bot goes on."""
        exc = sys.exc_info()[1] or RuntimeError("unknown failure")
        interaction = next((a for a in args if isinstance(a, discord.Interaction)), None)
        if interaction is not None:
            await failures.report(interaction, exc)
            return
        log.error(
            "Discord %s handler failed (%s): %s\n%s",
            event_method,
            failures.event_ids(args),
            type(exc).__name__,
            failures.code_path(exc),
        )


class ShardedLightboxBot(LightboxBot, commands.AutoShardedBot):
    """The same bot over several gateway connections (shards), for many servers."""


def make_bot(studio: Studio, bindings: ThreadBindings, settings: DiscordSettings) -> LightboxBot:
    """One gateway connection, or shards when `LIGHTBOX_DISCORD_SHARDS` asks for them."""
    if settings.shards is None:
        if settings.shard_ids:
            raise LightboxError("LIGHTBOX_DISCORD_SHARD_IDS needs LIGHTBOX_DISCORD_SHARDS")
        return LightboxBot(studio, bindings, settings)
    count = settings.shard_count
    if settings.shard_ids:
        wrong = [i for i in settings.shard_ids if count is None or not 0 <= i < count]
        if wrong:
            raise LightboxError(
                f"LIGHTBOX_DISCORD_SHARD_IDS: {wrong} outside 0 to {(count or 1) - 1}; "
                "shard ids need a fixed LIGHTBOX_DISCORD_SHARDS count above them"
            )
    return ShardedLightboxBot(
        studio, bindings, settings, shard_count=count, shard_ids=settings.shard_ids or None
    )


def _dropping_failures(event: str, parse: Callable[[Any], None]) -> Callable[[Any], None]:
    """A gateway parser that logs and drops an event discord.py cannot parse.

    Without it the exception ends `bot.start()`, and with it the whole process.
    """

    def parse_or_drop(data: Any) -> None:
        try:
            parse(data)
        except Exception:  # noqa: BLE001 - one malformed event never stops the bot
            log.exception(
                "dropped a Discord %s event that could not be parsed (%s)", event, _ids(data)
            )

    return parse_or_drop


def _ids(data: Any) -> str:
    """The ids of a raw gateway payload worth logging (never its content)."""
    if not isinstance(data, dict):
        return f"payload of type {type(data).__name__}"
    found = {key: data.get(key) for key in ("id", "type", "guild_id", "channel_id")}
    member = data.get("member")
    user = member.get("user") if isinstance(member, dict) else data.get("user")
    if isinstance(user, dict):
        found["user_id"] = user.get("id")
    inner = data.get("data")
    if isinstance(inner, dict):
        found["command"] = inner.get("name")
        found["custom_id"] = inner.get("custom_id")
    return ", ".join(f"{key}={value!r}" for key, value in found.items() if value is not None)


def _dispatchable(interaction: discord.Interaction) -> bool:
    """True when one of our DynamicItems will handle it: our id format, present on the message."""
    data = cast(dict[str, Any], interaction.data or {})
    custom_id = str(data.get("custom_id", ""))
    ours = parse_button(custom_id) is not None or OTHER_ITEMS.fullmatch(custom_id) is not None
    if not ours or interaction.message is None:
        return False
    return any(
        getattr(child, "custom_id", None) == custom_id
        for row in interaction.message.components
        for child in getattr(row, "children", [row])
    )
