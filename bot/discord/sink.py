"""Worker-side delivery: posts a version message into its card thread over Discord's REST API."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Any

import httpx

from bot.discord.previews import Upload, fit_upload
from bot.discord.render import (
    button_rows,
    card_content,
    card_rows,
    version_content,
    with_full_size,
)
from bot.discord.settings import DEFAULT_API_BASE, DEFAULT_UPLOAD_LIMIT
from bot.discord.tags import retagged, status_tags
from core.views import CardView, VersionView

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 4
MAX_RETRY_AFTER = 30.0
THREAD_ARCHIVED = 50083
FORUM = 15
TAGS_SECONDS = 60.0
PREVIEW_NOTE = "(preview: the original is larger than Discord allows; 🔍 Full size tries it)"
MIME = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "webp": "image/webp", "gif": "image/gif"}


class DiscordError(RuntimeError):
    """Discord refused a request (the delivery is released and retried by the worker)."""


class ThreadArchived(DiscordError):
    """Messages in an archived thread cannot be edited until it is unarchived."""


class DiscordSink:
    """A `core.ports.DeliverySink` for Discord (sync, thread-safe: one httpx client)."""

    platform = "discord"

    def __init__(
        self,
        token: str,
        api_base: str = DEFAULT_API_BASE,
        *,
        upload_limit: int = DEFAULT_UPLOAD_LIMIT,
        timeout: float = 30.0,
    ):
        self.api_base = api_base.rstrip("/")
        self.upload_limit = upload_limit
        self._parents: dict[str, tuple[str, bool]] = {}
        self._tags: dict[str, tuple[float, dict[str, str]]] = {}
        self.client = httpx.Client(
            timeout=timeout,
            headers={
                "Authorization": f"Bot {token}",
                "User-Agent": "DiscordBot (https://github.com/lightbox, 0.1) Lightbox",
            },
        )

    def post(self, view: VersionView, target: str, message_id: str | None) -> str:
        """Post the version into thread `target`; edit the message when it was posted before."""
        upload = None
        if view.image_path and view.status == "done":
            path = Path(view.image_path)
            data = path.read_bytes()
            upload = fit_upload(data, path.suffix, f"v{view.number}", self.upload_limit)
        preview = bool(upload and upload.preview)
        actions = with_full_size(view.actions, view.version_id) if preview else view.actions
        payload: dict[str, Any] = {
            "content": version_content(view, PREVIEW_NOTE if preview else ""),
            "components": button_rows(actions),
            "allowed_mentions": {"parse": []},
        }
        if message_id:
            return self._edit(target, message_id, payload)
        # The nonce makes a retried post return the message already created instead of a duplicate.
        payload |= {"nonce": f"lbv{view.version_id}", "enforce_nonce": True}
        url = f"{self.api_base}/channels/{target}/messages"
        return str(self._send("POST", url, payload, upload)["id"])

    def remove(self, target: str, message_id: str) -> None:
        """Take a showcase post down (already gone is fine)."""
        url = f"{self.api_base}/channels/{target}/messages/{message_id}"
        response = self.client.delete(url)
        if response.status_code >= 400 and response.status_code != 404:
            raise DiscordError(f"DELETE {url} → {response.status_code}: {response.text[:300]}")

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
            tags = status_tags(self._channel(forum_id).get("available_tags") or [])
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
        if tags is not None:
            self._send("PATCH", f"{self.api_base}/channels/{target}", {"applied_tags": tags}, None)

    def _edit(self, target: str, message_id: str, payload: dict[str, Any]) -> str:
        """Edit a posted version message, unarchiving its thread first when Discord asks to."""
        url = f"{self.api_base}/channels/{target}/messages/{message_id}"
        try:
            return str(self._send("PATCH", url, payload, None)["id"])
        except ThreadArchived:
            thread = f"{self.api_base}/channels/{target}"
            self._send("PATCH", thread, {"archived": False}, None)
            return str(self._send("PATCH", url, payload, None)["id"])

    def _send(
        self, method: str, url: str, payload: dict[str, Any], upload: Upload | None
    ) -> dict[str, Any]:
        for _attempt in range(MAX_ATTEMPTS):
            if method == "GET":
                response = self.client.get(url)
            elif upload is None:
                response = self.client.request(method, url, json=payload)
            else:
                body = payload | {"attachments": [{"id": 0, "filename": upload.filename}]}
                response = self.client.request(
                    method,
                    url,
                    data={"payload_json": json.dumps(body)},
                    files={"files[0]": (upload.filename, upload.data, _mime(upload.filename))},
                )
            if response.status_code == 429:
                retry_after = float(response.json().get("retry_after", 1.0))
                time.sleep(min(retry_after, MAX_RETRY_AFTER))
                continue
            if response.status_code == 400 and _code(response) == THREAD_ARCHIVED:
                raise ThreadArchived(f"{method} {url}: the thread is archived")
            if response.status_code >= 400:
                raise DiscordError(
                    f"{method} {url} → {response.status_code}: {response.text[:300]}"
                )
            return response.json()
        raise DiscordError(f"{method} {url}: still rate limited after {MAX_ATTEMPTS} attempts")

    def close(self) -> None:
        self.client.close()


def _mime(filename: str) -> str:
    return MIME.get(filename.rsplit(".", 1)[-1].lower(), "image/png")


def _code(response: httpx.Response) -> int | None:
    try:
        return int(response.json().get("code"))
    except (ValueError, TypeError, AttributeError):
        return None
