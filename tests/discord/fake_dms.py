"""The fake Discord's direct messages: Create DM and the refusal of a user who takes none.

From discord-api-docs: `POST /users/@me/channels` with `recipient_id` returns a DM channel
object (type 1, `recipients`); sending to a user who shares no server with the bot or has
closed DMs is refused with 403 and JSON code 50007 "Cannot send messages to this user".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiohttp import web

from tests.discord import payloads as p
from tests.discord.fake_refusals import error, json_response

if TYPE_CHECKING:
    from tests.discord.fake_discord import FakeDiscord

DM = 1
CANNOT_DM = ({"message": "Cannot send messages to this user", "code": 50007}, 403)


def open_dm(fake: FakeDiscord, body: dict[str, Any]) -> web.Response:
    """Create (or return) the DM channel with `recipient_id`."""
    recipient = str(body.get("recipient_id") or "")
    if not recipient.isdigit():
        return json_response({"message": "Invalid Form Body", "code": 50035}, 400)
    for channel in fake.channels.values():
        if channel["type"] == DM and channel["recipients"][0]["id"] == recipient:
            return json_response(channel)
    channel_id = fake.next_id()
    channel = {
        "id": str(channel_id),
        "type": DM,
        "last_message_id": None,
        "recipients": [p.user(int(recipient), f"user{recipient}")],
    }
    fake.channels[channel_id] = channel
    return json_response(channel)


def dm_refusal(fake: FakeDiscord, channel_id: int) -> web.Response | None:
    """50007 when the DM's recipient takes no DMs from the bot, else None."""
    channel = fake.channels.get(channel_id) or {}
    if channel.get("type") != DM:
        return None
    if int(channel["recipients"][0]["id"]) in fake.closed_dms:
        return error(CANNOT_DM)
    return None


def dms_to(fake: FakeDiscord, user_id: int) -> list[dict[str, Any]]:
    """The messages the bot sent to `user_id` in private."""
    ids = {
        int(c["id"])
        for c in fake.channels.values()
        if c["type"] == DM and c["recipients"][0]["id"] == str(user_id)
    }
    return [m for m in fake.messages.values() if int(m["channel_id"]) in ids]
