"""A small synchronous Bot API client for worker threads (httpx), with Telegram's error shape."""

from __future__ import annotations

import json
from typing import Any

import httpx

from bot.telegram.settings import OFFICIAL_API
from core import errors

# Texts written by the Bot API server (tdlib/telegram-bot-api, telegram-bot-api/Client.cpp).
NOT_MODIFIED = "message is not modified"
GONE_TEXTS = ("message to edit not found", "message to delete not found", "message not found")
TOPIC_GONE = "message thread not found"
LOST_REASONS = (  # 403 "Forbidden: …" texts: the bot may no longer write to the chat
    ("bot was kicked", "kicked"),
    ("bot was blocked by the user", "blocked"),
    ("bot is not a member", "not a member"),
    ("user is deactivated", "deactivated"),
    ("can't initiate conversation", "never started"),
)


class BotApiError(Exception):
    """A refusal from the Bot API: `{"ok": false, "error_code", "description", "parameters"}`.

    `BotApi.call` raises one subclass per kind (see `refusal`); a bare BotApiError is never
    raised, so callers always catch one of the kinds below."""

    def __init__(self, code: int, description: str):
        # Not super(): the kinds below mix in core errors with their own constructors.
        Exception.__init__(self, f"Telegram {code}: {description}")
        self.code = code
        self.description = description


class NotModified(BotApiError):
    """An edit that changes nothing ("message is not modified"): the wanted state is there."""


class Refused(BotApiError, errors.Permanent):
    """Retrying cannot help: bad request, or the bot lost access (403 kicked, not a member)."""


class LostChatAccess(Refused, errors.LostAccess):
    """403 Forbidden: kicked from the group, blocked by the user, no longer a member."""

    def __init__(self, code: int, description: str):
        super().__init__(code, description)
        self.reason = lost_reason(description)


def lost_reason(description: str) -> str:
    """A short stable name for a 403: "kicked", "blocked", "not a member", "deactivated"."""
    text = description.lower()
    for needle, reason in LOST_REASONS:
        if needle in text:
            return reason
    return "forbidden"


class RetryLater(BotApiError, errors.RetryLater):
    """429 Too Many Requests (`retry_after` seconds), a 5xx or a network failure."""

    def __init__(self, code: int, description: str, retry_after: float | None = None):
        super().__init__(code, description)
        self.delay = retry_after
        self.retry_after = retry_after


class MessageGone(BotApiError, errors.Gone):
    """The message to edit or delete no longer exists."""


class TopicGone(MessageGone):
    """The forum topic was deleted ("message thread not found")."""


class ChatMigrated(BotApiError, errors.Moved):
    """The group became a supergroup: every call to it answers with `migrate_to_chat_id`."""

    def __init__(self, code: int, description: str, new_chat_id: int):
        BotApiError.__init__(self, code, description)
        self.new_target = str(new_chat_id)
        self.new_chat_id = new_chat_id


def refusal(code: int, description: str, parameters: dict[str, Any]) -> BotApiError:
    """The one exception a Bot API refusal maps to (by code, parameters and the server's text)."""
    text = description.lower()
    if parameters.get("migrate_to_chat_id"):
        return ChatMigrated(code, description, int(parameters["migrate_to_chat_id"]))
    if code == 429 or parameters.get("retry_after"):
        delay = parameters.get("retry_after")
        return RetryLater(code, description, float(delay) if delay else None)
    if code >= 500 or code == 0:
        return RetryLater(code, description)
    if NOT_MODIFIED in text:
        return NotModified(code, description)
    if TOPIC_GONE in text:
        return TopicGone(code, description)
    if any(gone in text for gone in GONE_TEXTS):
        return MessageGone(code, description)
    if code == 403:
        return LostChatAccess(code, description)
    return Refused(code, description)


class BotApi:
    """Calls `{base}/bot<token>/<method>` with form fields (JSON-encoded objects) or multipart."""

    def __init__(self, token: str, base_url: str = OFFICIAL_API, timeout: float = 30.0):
        self.url = f"{base_url.rstrip('/')}/bot{token}/"
        self.client = httpx.Client(timeout=timeout)

    def call(
        self,
        method: str,
        params: dict[str, Any],
        files: dict[str, tuple[str, bytes, str]] | None = None,
    ) -> Any:
        fields = {
            key: value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
            for key, value in params.items()
            if value is not None
        }
        try:
            response = self.client.post(self.url + method, data=fields, files=files)
            body = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise RetryLater(0, f"network error calling {method}: {exc}") from exc
        if body.get("ok"):
            return body.get("result")
        code = int(body.get("error_code") or response.status_code)
        description = str(body.get("description") or response.reason_phrase)
        raise refusal(code, description, body.get("parameters") or {})

    def close(self) -> None:
        self.client.close()
