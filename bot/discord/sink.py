"""Worker-side delivery: posts a version message into its card thread over Discord's REST API."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

import httpx

from bot.discord.previews import Upload, fit_upload
from bot.discord.render import button_rows, card_content, card_rows, version_content
from bot.discord.settings import DEFAULT_API_BASE, DEFAULT_UPLOAD_LIMIT
from core.views import CardView, VersionView

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 4
MAX_RETRY_AFTER = 30.0
THREAD_ARCHIVED = 50083
PREVIEW_NOTE = "(preview: the original is larger than Discord allows)"
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
        self._parents: dict[str, str] = {}
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
            upload = fit_upload(view.image_path, f"v{view.number}", self.upload_limit)
        note = PREVIEW_NOTE if upload and upload.preview else ""
        payload: dict[str, Any] = {
            "content": version_content(view, note),
            "components": button_rows(view.actions),
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
        """Edit the card header (in the thread's parent channel) to show progress."""
        parent = self._parents.get(target)
        if parent is None:
            thread = self._send("GET", f"{self.api_base}/channels/{target}", {}, None)
            parent = self._parents[target] = str(thread.get("parent_id") or target)
        payload = {
            "content": card_content(view),
            "components": card_rows(view.actions, view.progress, view.choices),
            "allowed_mentions": {"parse": []},
        }
        url = f"{self.api_base}/channels/{parent}/messages/{header_message_id}"
        self._send("PATCH", url, payload, None)

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
