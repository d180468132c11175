"""Card = thread: one use case for `/imagine` and `/card new`, in one order (docs/discord.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import discord

from bot.discord import context, forums
from bot.discord.answers import suggestion_view
from bot.discord.header import open_thread
from bot.discord.render import clip, error_text, outcome_text
from core.errors import BadInput
from core.identity import Place
from core.prompt_params import PromptParams

if TYPE_CHECKING:
    from bot.discord.app import LightboxBot

NEEDED = {
    "view_channel": "View Channel",
    "send_messages": "Send Messages",
    "send_messages_in_threads": "Send Messages in Threads",
    "attach_files": "Attach Files",
}
IN_TEXT_CHANNELS = {"create_public_threads": "Create Public Threads"}


async def create_card(
    interaction: discord.Interaction, params: Callable[[], PromptParams], *, generate: bool
) -> None:
    """Refuse early where no card can live, create the card, open and bind its thread, then
    queue its versions. Core refuses before anything is posted; if Discord then refuses the
    thread, no header is left behind and the answer says the card stays in the project."""
    bot = context.bot_of(interaction)
    await context.defer(interaction)

    async def work() -> None:
        actor, where = context.actor_of(interaction), context.place_of(interaction)
        channel = Place(where.platform, where.chat_id)
        kind = await check_place(bot, interaction, int(channel.chat_id))
        forum = None
        if kind == forums.FORUM:  # a forum that cannot take our post is refused up front
            forum = await forums.forum_of(bot, int(channel.chat_id))
            forums.opening_tags(forum, "draft")
        parsed = params()
        created = await context.in_core(
            lambda: bot.studio.new_card(actor, channel, parsed, generate=False)
        )
        card = created.card
        assert card is not None
        try:
            if forum is not None:
                thread_id, header_id = await forums.create_post(bot, forum, card)
            else:
                thread_id, header_id = await open_thread(bot, int(channel.chat_id), card)
        except discord.HTTPException as exc:
            reason = context.MISSING_PERMISSION if exc.status == 403 else exc.text or str(exc)
            await context.reply(
                interaction,
                error_text(
                    f"card #{card.card_id} “{card.title}” was created in the project, but I "
                    f"could not open its thread here: {reason}. The card stays in the project "
                    f"(/cards); nothing was generated"
                ),
            )
            return
        await context.in_core(
            lambda: bot.bindings.bind_thread(
                card.card_id, context.PLATFORM, thread_id, header_id, chat_id=channel.chat_id
            )
        )
        answer = outcome_text(created)
        extra: dict[str, Any] = {}
        if generate:
            in_thread = Place(channel.platform, channel.chat_id, thread_id)
            queued = await context.in_core(
                lambda: bot.studio.new_version(actor, in_thread, card_id=card.card_id)
            )
            answer += f"\n{outcome_text(queued)}"
            if view := suggestion_view(queued):  # 👤 Use <name>, when the prompt names one
                extra["view"] = view
        await context.reply(interaction, clip(f"{answer}\n→ <#{thread_id}>"), **extra)

    await context.guarded(interaction, work)


async def check_place(bot: LightboxBot, interaction: discord.Interaction, home_id: int) -> int:
    """The Discord type of the channel the card is made in (a thread's parent), refusing
    places that cannot hold a card: DMs, media channels, channels where I lack a permission."""
    if interaction.guild_id is None:
        raise BadInput("cards live in server channels: use this command in a server channel")
    kind = await home_type(bot, interaction, home_id)
    if kind == forums.MEDIA:
        raise BadInput("media channels are not supported: use a text or forum channel")
    needed = NEEDED | ({} if kind == forums.FORUM else IN_TEXT_CHANNELS)
    granted = interaction.app_permissions
    missing = [label for name, label in needed.items() if not getattr(granted, name)]
    if missing:
        raise BadInput(
            f"I am missing a permission in this channel ({', '.join(missing)}); "
            "ask an admin to grant it"
        )
    return kind


async def home_type(bot: LightboxBot, interaction: discord.Interaction, home_id: int) -> int:
    """The Discord type of the channel cards are made in (the thread's parent inside a thread)."""
    channel = interaction.channel
    if channel is not None and channel.id == home_id:
        bot.channel_types[home_id] = channel.type.value
        return channel.type.value
    return await forums.channel_type(bot, home_id)
