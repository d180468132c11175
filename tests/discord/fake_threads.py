"""The fake Discord's thread starts: a thread from a message, and a forum post with its tags."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiohttp import web

from tests.discord import payloads as p
from tests.discord.fake_refusals import REQUIRE_TAG, TAG_REQUIRED
from tests.discord.fake_refusals import error as _error
from tests.discord.fake_refusals import json_response as _json

if TYPE_CHECKING:
    from tests.discord.fake_discord import FakeDiscord

INVALID_FORM = {"message": "Invalid Form Body", "code": 50035}


async def start_thread(
    fake: FakeDiscord, body: dict[str, Any], _f: Any, cid: str, mid: str
) -> web.Response:
    if int(cid) in fake.no_threads:
        return _json({"message": "Missing Permissions", "code": 50013}, 403)
    # Discord gives a thread started from a message the id of that message.
    thread = p.thread_channel(int(mid), int(cid), body.get("name", "thread"))
    fake.channels[int(mid)] = thread
    return _json(thread)


async def start_post(fake: FakeDiscord, body: dict[str, Any], _f: Any, cid: str) -> web.Response:
    """A forum post: a thread whose starter message (same id) lives inside the thread."""
    forum = fake.channels.get(int(cid))
    if forum is None or forum["type"] != 15:
        return _json(INVALID_FORM, 400)
    known = {tag["id"] for tag in forum["available_tags"]}
    applied = set(map(str, body.get("applied_tags", [])))
    if not applied <= known:
        return _json(INVALID_FORM, 400)
    if forum.get("flags", 0) & REQUIRE_TAG and not applied:
        return _error(TAG_REQUIRED)
    post_id = fake.next_id()
    thread = p.thread_channel(post_id, int(cid), body.get("name", "post"))
    thread["applied_tags"] = [str(tag) for tag in body.get("applied_tags", [])]
    fake.channels[post_id] = thread
    inner = body.get("message") or {}
    message = p.message(post_id, post_id, inner.get("content") or "", inner, [])
    with fake.lock:
        fake.messages[post_id] = message
    return _json(thread | {"message": message})
