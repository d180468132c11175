"""Worker-side delivery: posts a version message into its card thread over Discord's REST API."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import httpx

from bot.discord.invalid_requests import InvalidRequests
from bot.discord.media import DiscordMedia, media_mime
from bot.discord.previews import Upload, suffix_of
from bot.discord.refusals import (
    GLOBAL,
    MessageGone,
    RateLimited,
    Refused,
    ThreadArchived,
    is_global,
    rate_limit_delay,
    refusal,
    route_of,
)
from bot.discord.render import (
    button_rows,
    card_content,
    card_rows,
    version_content,
    with_full_size,
)
from bot.discord.settings import DEFAULT_API_BASE, DEFAULT_UPLOAD_LIMIT
from bot.discord.tags import retagged, status_tags
from core.errors import NotFound
from core.media_delivery import MediaDelivery, Shrink, is_media
from core.ports import Storage
from core.previews import DISCORD, preview_of
from core.views import CardView, VersionView

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 3
MAX_INLINE_WAIT = 2.0  # seconds a worker thread may sleep on a rate limit; longer: RetryLater
FORUM = 15
REQUIRE_TAG = 1 << 4
TAGS_SECONDS = 60.0
PREVIEW_NOTE = "(preview: the original is larger than Discord allows; 🔍 Full size tries it)"
FULL_SIZE_NOTE = "(preview — 🔍 Full size sends the original)"
MIME = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "webp": "image/webp", "gif": "image/gif"}


class DiscordSink:
    """A `core.ports.DeliverySink` for Discord (sync, thread-safe: one httpx client); image
    bytes come from `storage` by the view's key."""

    platform = "discord"

    def __init__(
        self,
        token: str,
        api_base: str = DEFAULT_API_BASE,
        *,
        storage: Storage,
        upload_limit: int = DEFAULT_UPLOAD_LIMIT,
        timeout: float = 30.0,
        invalid: InvalidRequests | None = None,
        shrink: Shrink | None = None,
    ):
        self.api_base = api_base.rstrip("/")
        self.storage = storage
        self.invalid = invalid or InvalidRequests()
        self.upload_limit = upload_limit
        delivery = MediaDelivery(
            storage, limit=upload_limit, platform="Discord", binary=True, shrink=shrink
        )
        self.media = DiscordMedia(storage, delivery)
        """Video, audio and 3D versions: attachments within `upload_limit` (shrunk or linked)."""
        self.rule = DISCORD.within(upload_limit)
        self._parents: dict[str, tuple[str, bool]] = {}
        self._tags: dict[str, tuple[float, dict[str, str]]] = {}
        self._tag_required: set[str] = set()
        self._resets: dict[str, float] = {}  # route (or GLOBAL) → monotonic time it frees up
        self._dms: dict[str, str] = {}  # user id → DM channel id
        self._lock = threading.Lock()
        self.client = httpx.Client(
            timeout=timeout,
            headers={
                "Authorization": f"Bot {token}",
                "User-Agent": "DiscordBot (https://github.com/lightbox, 0.1) Lightbox",
            },
        )

    def post(self, view: VersionView, target: str, message_id: str | None) -> str:
        """Post the version into thread `target`; edit the message when it was posted before."""
        return self.post_keyed(view, target, message_id, f"lbv{view.version_id}")

    def post_keyed(self, view: VersionView, target: str, message_id: str | None, key: str) -> str:
        """`post` with Discord's nonce = `key` and `enforce_nonce`: a post repeated within a few
        minutes (a worker killed before recording the id) returns the message already made."""
        if view.status == "done" and is_media(view):
            return self._post_media(view, target, message_id, key)
        upload = self._upload(view) if view.status == "done" else None
        preview = bool(upload and upload.preview)
        actions = with_full_size(view.actions, view.version_id) if preview else view.actions
        payload: dict[str, Any] = {
            "content": version_content(view, self._note(view) if preview else ""),
            "components": button_rows(actions),
            "allowed_mentions": {"parse": []},
        }
        if message_id:
            try:
                return self._edit(target, message_id, payload)
            except MessageGone:
                log.info("message %s is gone; posting v%s again", message_id, view.version_id)
        payload |= {"nonce": key[:25], "enforce_nonce": True}
        url = f"{self.api_base}/channels/{target}/messages"
        return str(self._unarchived(target, lambda: self._send("POST", url, payload, upload))["id"])

    def _post_media(self, view: VersionView, target: str, message_id: str | None, key: str) -> str:
        """A video, audio or 3D version; an edit attaches the file when the message had none
        (it was posted before the file was there)."""
        if message_id:
            url = f"{self.api_base}/channels/{target}/messages/{message_id}"
            patch = self.media.edit(view)
            try:
                edited = self._unarchived(target, lambda: self._send("PATCH", url, patch, None))
                if edited.get("attachments"):
                    return str(edited["id"])
                payload, uploads = self.media.message(view)
                if not uploads:
                    return str(edited["id"])
                sent = self._unarchived(target, lambda: self._send("PATCH", url, payload, uploads))
                return str(sent["id"])
            except MessageGone:
                log.info("message %s is gone; posting v%s again", message_id, view.version_id)
        payload, uploads = self.media.message(view)
        payload |= {"nonce": key[:25], "enforce_nonce": True}
        url = f"{self.api_base}/channels/{target}/messages"
        return str(
            self._unarchived(target, lambda: self._send("POST", url, payload, uploads))["id"]
        )

    def _upload(self, view: VersionView) -> Upload | None:
        """The image file to attach: an inline-sized preview made once per image (the original
        when it already suits); None when there is no image or nothing is stored for it."""
        if not view.image_sha:
            return None
        try:
            shown = preview_of(self.storage, view.image_sha, self.rule)
        except NotFound:
            return None
        stem = f"v{view.number}" if shown.original else f"v{view.number}-preview"
        return Upload(f"{stem}{suffix_of(shown.data)}", shown.data, preview=not shown.original)

    def _note(self, view: VersionView) -> str:
        """Under a preview: why, and what 🔍 Full size does."""
        try:
            larger = view.image_sha is not None and self.storage.size(view.image_sha) > (
                self.upload_limit
            )
        except NotFound:
            larger = False
        return PREVIEW_NOTE if larger else FULL_SIZE_NOTE

    def tell(self, platform_user_id: str, text: str) -> None:
        """A DM (a `core.ports.PrivateSink`): open the DM channel once, then post in it.
        A person who shares no server with the bot or closed DMs answers 50007 (`Refused`)."""
        channel = self._dms.get(platform_user_id)
        if channel is None:
            opened = self._send(
                "POST",
                f"{self.api_base}/users/@me/channels",
                {"recipient_id": platform_user_id},
                None,
            )
            channel = self._dms[platform_user_id] = str(opened["id"])
        payload = {"content": text[:2000], "allowed_mentions": {"parse": []}}
        self._send("POST", f"{self.api_base}/channels/{channel}/messages", payload, None)

    def remove(self, target: str, message_id: str) -> None:
        """Take a showcase post down (raises `Gone` when it was deleted already)."""
        self._send("DELETE", f"{self.api_base}/channels/{target}/messages/{message_id}", {}, None)

    def refresh_header(self, view: CardView, target: str, header_message_id: str) -> None:
        """Edit the card header to show progress: in the parent channel for a text channel's
        thread, in the post itself for a forum post (whose status tag follows the card)."""
        parent, forum = self._parent_of(target)
        payload = {
            "content": card_content(view),
            "components": card_rows(view),
            "allowed_mentions": {"parse": []},
        }
        if not forum:
            url = f"{self.api_base}/channels/{parent}/messages/{header_message_id}"
            self._send("PATCH", url, payload, None)
            return
        self._edit(target, header_message_id, payload)
        self._retag(target, parent, view.status)

    def _parent_of(self, target: str) -> tuple[str, bool]:
        """The thread's parent channel and whether it is a forum (cached: neither changes)."""
        known = self._parents.get(target)
        if known is None:
            thread = self._send("GET", f"{self.api_base}/channels/{target}", {}, None)
            parent = str(thread.get("parent_id") or target)
            forum = parent != target and self._channel(parent).get("type") == FORUM
            known = self._parents[target] = (parent, forum)
        return known

    def _status_tags(self, forum_id: str) -> dict[str, str]:
        """The forum's status tags, read again after a minute (admins may add or rename tags)."""
        cached = self._tags.get(forum_id)
        if cached is None or time.monotonic() - cached[0] > TAGS_SECONDS:
            forum = self._channel(forum_id)
            tags = status_tags(forum.get("available_tags") or [])
            if int(forum.get("flags") or 0) & REQUIRE_TAG:
                self._tag_required.add(forum_id)
            else:
                self._tag_required.discard(forum_id)
            cached = self._tags[forum_id] = (time.monotonic(), tags)
        return cached[1]

    def _channel(self, channel_id: str) -> dict[str, Any]:
        return self._send("GET", f"{self.api_base}/channels/{channel_id}", {}, None)

    def _retag(self, target: str, forum_id: str, status: str) -> None:
        """Swap the post's status tag (read fresh: the bot and other workers tag posts too)."""
        by_status = self._status_tags(forum_id)
        if not by_status:
            return
        applied = self._channel(target).get("applied_tags") or []
        tags = retagged(status, by_status, applied)
        if tags == [] and forum_id in self._tag_required:
            return  # 40067: a post in this forum keeps at least one tag
        if tags is not None:
            self._send("PATCH", f"{self.api_base}/channels/{target}", {"applied_tags": tags}, None)

    def _edit(self, target: str, message_id: str, payload: dict[str, Any]) -> str:
        """Edit a posted message (unarchiving its thread first when Discord asks to)."""
        url = f"{self.api_base}/channels/{target}/messages/{message_id}"
        return str(self._unarchived(target, lambda: self._send("PATCH", url, payload, None))["id"])

    def _unarchived(self, target: str, call: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        """Run `call`; on 50083 unarchive the thread once and run it again. A locked thread
        cannot be unarchived without Manage Threads: that refusal is permanent."""
        try:
            return call()
        except ThreadArchived:
            try:
                self._send("PATCH", f"{self.api_base}/channels/{target}", {"archived": False}, None)
            except Refused as exc:
                raise Refused(f"thread {target} is archived and locked: {exc}") from exc
            return call()

    def _send(
        self, method: str, url: str, payload: dict[str, Any], upload: Upload | list[Upload] | None
    ) -> dict[str, Any]:
        """One REST call; waits out short rate limits (bucket or global), raises the rest."""
        route = route_of(method, url)
        for _attempt in range(MAX_ATTEMPTS):
            self._wait(route)
            if pause := self.invalid.wait():
                raise RateLimited(f"{route}: near Discord's invalid request limit", pause)
            try:
                response = self._request(method, url, payload, upload)
            except httpx.HTTPError as exc:
                raise RateLimited(f"{method} {url}: {exc}") from exc
            self.invalid.note(response)
            self._note_limits(route, response)
            if response.status_code == 429:
                delay = rate_limit_delay(response)
                with self._lock:
                    key = GLOBAL if is_global(response) else route
                    self._resets[key] = time.monotonic() + delay
                continue
            if response.status_code >= 400:
                raise refusal(method, url, response)
            return response.json() if response.content else {}
        raise refusal(method, url, response)

    def _request(
        self, method: str, url: str, payload: dict[str, Any], upload: Upload | list[Upload] | None
    ) -> httpx.Response:
        if method in ("GET", "DELETE"):
            return self.client.request(method, url)
        uploads = [upload] if isinstance(upload, Upload) else upload or []
        if not uploads:
            return self.client.request(method, url, json=payload)
        listed = [{"id": n, "filename": u.filename} for n, u in enumerate(uploads)]
        files = [
            (f"files[{n}]", (u.filename, u.data, _mime(u.filename))) for n, u in enumerate(uploads)
        ]
        return self.client.request(
            method,
            url,
            data={"payload_json": json.dumps(payload | {"attachments": listed})},
            files=files,
        )

    def _wait(self, route: str) -> None:
        """Sleep until the route's bucket (and the global limit) allow a request, if that is
        short; otherwise raise RetryLater so the delivery comes back when it is allowed."""
        with self._lock:
            now = time.monotonic()
            until = max(self._resets.get(route, 0.0), self._resets.get(GLOBAL, 0.0))
        wait = until - now
        if wait > MAX_INLINE_WAIT:
            raise RateLimited(f"{route}: rate limited for {wait:.1f}s", wait)
        if wait > 0:
            time.sleep(wait)

    def _note_limits(self, route: str, response: httpx.Response) -> None:
        """`X-RateLimit-Remaining: 0` means the bucket is empty for `X-RateLimit-Reset-After`."""
        if response.headers.get("X-RateLimit-Remaining") != "0":
            return
        try:
            reset_after = float(response.headers["X-RateLimit-Reset-After"])
        except (KeyError, ValueError):
            return
        with self._lock:
            self._resets[route] = time.monotonic() + reset_after

    def close(self) -> None:
        self.client.close()


def _mime(filename: str) -> str:
    return media_mime(filename) or MIME.get(filename.rsplit(".", 1)[-1].lower(), "image/png")
