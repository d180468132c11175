"""Discord payloads shaped as the API documents them: users, channels, messages, interactions."""

from __future__ import annotations

import itertools
import time
from datetime import UTC, datetime
from typing import Any

from tests.discord.fake_interactions import snowflake

APP = 1300000000000000001
BOT_USER = 1300000000000000002
GUILD = 1300000000000000003
CHANNEL = 1300000000000000004
OTHER_CHANNEL = 1300000000000000005
FORUM = 1300000000000000100
FIRST_ID = 1300000000000001000
TOKEN = "fake-bot-token"
MANAGE_GUILD = 1 << 5
MEMBER_PERMISSIONS = (1 << 11) | (1 << 10) | (1 << 6)  # send messages, view channel, reactions
# The bot's own: also attach files, create public threads, send messages in threads.
BOT_PERMISSIONS = MEMBER_PERMISSIONS | (1 << 15) | (1 << 35) | (1 << 38)
_interaction_serials = itertools.count(1)


def now() -> str:
    return datetime.now(UTC).isoformat()


def user(user_id: int, name: str, *, bot: bool = False) -> dict[str, Any]:
    return {
        "id": str(user_id),
        "username": name,
        "discriminator": "0",
        "global_name": name,
        "avatar": None,
        "bot": bot,
        "flags": 0,
        "public_flags": 0,
    }


def bot_user() -> dict[str, Any]:
    return user(BOT_USER, "Lightbox", bot=True) | {"verified": True, "mfa_enabled": False}


def application() -> dict[str, Any]:
    return {
        "id": str(APP),
        "name": "Lightbox",
        "description": "",
        "icon": None,
        "bot_public": True,
        "bot_require_code_grant": False,
        "owner": user(1300000000000000009, "owner"),
        "verify_key": "0" * 64,
        "flags": 0,
        "summary": "",
    }


def member(user_id: int, name: str, *, admin: bool = False) -> dict[str, Any]:
    permissions = MEMBER_PERMISSIONS | (MANAGE_GUILD if admin else 0)
    return {
        "user": user(user_id, name),
        "roles": [],
        "joined_at": now(),
        "deaf": False,
        "mute": False,
        "flags": 0,
        "pending": False,
        "nick": None,
        "permissions": str(permissions),
    }


def text_channel(channel_id: int) -> dict[str, Any]:
    return {
        "id": str(channel_id),
        "type": 0,
        "guild_id": str(GUILD),
        "name": "studio",
        "position": 0,
        "permission_overwrites": [],
        "nsfw": False,
        "parent_id": None,
        "topic": None,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "flags": 0,
    }


def forum_channel(channel_id: int, tags: list[str]) -> dict[str, Any]:
    """A forum channel (type 15) whose `available_tags` are named `tags` (ids `channel_id + n`)."""
    available = [
        {"id": str(channel_id + n), "name": name, "moderated": False, "emoji_id": None}
        | {"emoji_name": None}
        for n, name in enumerate(tags, start=1)
    ]
    return text_channel(channel_id) | {
        "type": 15,
        "name": "gallery",
        "available_tags": available,
        "default_reaction_emoji": None,
        "default_sort_order": None,
        "default_forum_layout": 0,
    }


def thread_channel(thread_id: int, parent_id: int, name: str) -> dict[str, Any]:
    return {
        "id": str(thread_id),
        "type": 11,
        "guild_id": str(GUILD),
        "parent_id": str(parent_id),
        "owner_id": str(BOT_USER),
        "name": name,
        "last_message_id": None,
        "message_count": 0,
        "member_count": 1,
        "rate_limit_per_user": 0,
        "flags": 0,
        "applied_tags": [],
        "thread_metadata": {
            "archived": False,
            "auto_archive_duration": 10080,
            "archive_timestamp": now(),
            "locked": False,
        },
    }


def message(
    message_id: int, channel_id: int, content: str, body: dict[str, Any], filenames: list[str]
) -> dict[str, Any]:
    attachments = [
        attachment(message_id + i + 1, name, 1, f"https://cdn.invalid/{name}")
        for i, name in enumerate(filenames)
    ]
    return {
        "id": str(message_id),
        "channel_id": str(channel_id),
        "type": 0,
        "content": content,
        "author": bot_user(),
        "attachments": attachments,
        "embeds": [],
        "mentions": [],
        "mention_roles": [],
        "mention_everyone": False,
        "pinned": False,
        "tts": False,
        "timestamp": now(),
        "edited_timestamp": None,
        "flags": body.get("flags", 0),
        "components": body.get("components", []),
        "nonce": body.get("nonce"),
    }


def attachment(attachment_id: int, name: str, size: int, url: str) -> dict[str, Any]:
    return {
        "id": str(attachment_id),
        "filename": name,
        "size": size,
        "url": url,
        "proxy_url": url,
        "content_type": "image/png",
    }


def interaction(
    kind: int,
    data: dict[str, Any],
    *,
    channel: dict[str, Any],
    user_id: int,
    name: str = "ada",
    admin: bool = False,
    message: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An INTERACTION_CREATE payload in a guild channel (or thread), created now (its id is a
    snowflake of this moment: the fake counts Discord's deadlines from it)."""
    serial = next(_interaction_serials)
    payload = {
        "id": str(snowflake(time.time(), serial)),
        "application_id": str(APP),
        "type": kind,
        "data": data,
        "guild_id": str(GUILD),
        "guild": {"id": str(GUILD), "locale": "en-US", "features": []},
        "channel_id": channel["id"],
        "channel": channel,
        "member": member(user_id, name, admin=admin),
        "token": f"itoken{serial}",
        "version": 1,
        "app_permissions": str(BOT_PERMISSIONS),
        "locale": "en-US",
        "guild_locale": "en-US",
        "entitlements": [],
        "authorizing_integration_owners": {"0": str(GUILD)},
        "context": 0,
        "attachment_size_limit": 10 * 1024 * 1024,
    }
    if message is not None:
        payload["message"] = message
    return payload


def option(name: str, value: Any) -> dict[str, Any]:
    kind = 4 if isinstance(value, int) else 3
    return {"name": name, "type": kind, "value": value}


def slash(
    name: str,
    options: list[dict[str, Any]] | None = None,
    *,
    sub: str | None = None,
    resolved: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The `data` of a chat-input command (`sub` wraps the options in a subcommand)."""
    opts = options or []
    if sub is not None:
        opts = [{"name": sub, "type": 1, "options": opts}]
    data: dict[str, Any] = {"id": str(APP + 100), "name": name, "type": 1, "options": opts}
    if resolved:
        data["resolved"] = resolved
    return data


def button(custom_id: str) -> dict[str, Any]:
    return {"custom_id": custom_id, "component_type": 2}


def modal(custom_id: str, values: dict[str, str]) -> dict[str, Any]:
    """A modal submission's data: one action row per text input."""
    rows = [
        {"type": 1, "components": [{"type": 4, "custom_id": field, "value": value}]}
        for field, value in values.items()
    ]
    return {"custom_id": custom_id, "components": rows}


def ready_event(resume_url: str) -> dict[str, Any]:
    return {
        "v": 10,
        "user": bot_user(),
        "guilds": [],
        "session_id": "fake-session",
        "resume_gateway_url": resume_url,
        "application": {"id": str(APP), "flags": 0},
        "private_channels": [],
        "relationships": [],
    }
