"""Forum channels: a card is a forum post whose starter message is the card header."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord

from bot.discord.render import card_content, card_rows, thread_name
from bot.discord.tags import initial_tags, status_tags
from core.errors import BadInput
from core.views import CardView

if TYPE_CHECKING:
    from bot.discord.app import LightboxBot

FORUM = 15
MEDIA = 16
REQUIRE_TAG = 1 << 4  # channel flag: every forum post needs a tag (else 40067)
ARCHIVE_MINUTES = 10080


async def channel_type(bot: LightboxBot, channel_id: int) -> int:
    """The channel's Discord type (cached per bot: a channel's type never changes)."""
    known = bot.channel_types.get(channel_id)
    if known is None:
        data = await bot.http.get_channel(channel_id)
        known = bot.channel_types[channel_id] = int(data.get("type", 0))
    return known


async def forum_of(bot: LightboxBot, forum_id: int) -> dict[str, Any]:
    """The forum channel as Discord describes it now (tags and flags change at any time)."""
    forum: dict[str, Any] = dict(await bot.http.get_channel(forum_id))
    bot.channel_types[forum_id] = int(forum.get("type", FORUM))
    return forum


def opening_tags(forum: dict[str, Any], status: str) -> list[str] | None:
    """A new post's applied_tags: the card's status tag (None: the forum has no status tags).

    A forum that requires a tag (flag REQUIRE_TAG) refuses an untagged post with 40067, so it
    gets a status tag even when none matches yet (the header refresh swaps it); a forum that
    requires tags but has no status tag cannot hold cards: BadInput, before anything exists."""
    by_status = status_tags(forum.get("available_tags") or [])
    tags = initial_tags(status, by_status)
    if tags or not int(forum.get("flags") or 0) & REQUIRE_TAG:
        return tags
    if by_status:
        return [next(iter(by_status.values()))]
    raise BadInput(
        "this forum requires a tag on every post and has no status tag I can use: ask an admin "
        "to add a tag named Draft, Ready, Generating or Done, or to stop requiring tags"
    )


async def create_post(bot: LightboxBot, forum: dict[str, Any], card: CardView) -> tuple[str, str]:
    """Open a forum post for the card (header as its first message, status tag applied);
    returns (thread id, header message id). One request: it fails whole or not at all."""
    post: dict[str, Any] = {
        "name": thread_name(card.title),
        "auto_archive_duration": ARCHIVE_MINUTES,
    }
    tags = opening_tags(forum, card.status)
    if tags is not None:
        post["applied_tags"] = tags
    params = discord.http.handle_message_parameters(
        content=card_content(card),
        allowed_mentions=discord.AllowedMentions.none(),
        channel_payload=post,
    )
    assert params.payload is not None
    params.payload["message"]["components"] = card_rows(card)
    forum_id = int(forum["id"])
    thread: dict[str, Any] = dict(await bot.http.start_thread_in_forum(forum_id, params=params))
    # A forum post's starter message has the post's id (Discord also returns it as `message`).
    starter = thread.get("message") or {}
    return str(thread["id"]), str(starter.get("id") or thread["id"])
