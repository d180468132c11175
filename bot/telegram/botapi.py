"""A small synchronous Bot API client for worker threads (httpx), with Telegram's error shape."""

from __future__ import annotations

import json
from typing import Any

import httpx

from bot.telegram.settings import OFFICIAL_API
from core import errors


class BotApiError(Exception):
    """A refusal from the Bot API: `{"ok": false, "error_code", "description", "parameters"}`."""

    def __init__(self, code: int, description: str, retry_after: float | None = None):
        super().__init__(f"Telegram {code}: {description}")
        self.code = code
        self.description = description
        self.retry_after = retry_after

    @property
    def not_modified(self) -> bool:
        return "message is not modified" in self.description

    @property
    def message_gone(self) -> bool:
        text = self.description.lower()
        return "message to edit not found" in text or "message not found" in text


class RetryLater(BotApiError, errors.RetryLater):
    """429 Too Many Requests: the delivery should be retried after `retry_after` seconds."""

    def __init__(self, code: int, description: str, retry_after: float | None = None):
        super().__init__(code, description, retry_after)
        self.delay = retry_after


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
            raise BotApiError(0, f"network error calling {method}: {exc}") from exc
        if body.get("ok"):
            return body.get("result")
        code = int(body.get("error_code") or response.status_code)
        description = str(body.get("description") or response.reason_phrase)
        retry_after = (body.get("parameters") or {}).get("retry_after")
        if retry_after:
            raise RetryLater(code, description, float(retry_after))
        raise BotApiError(code, description)

    def close(self) -> None:
        self.client.close()
