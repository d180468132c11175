"""What the fake Discord answers when it refuses: error bodies, status codes and 429 headers."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from aiohttp import web


def json_response(
    data: Any, status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    # discord.py parses a body only when Content-Type is exactly application/json.
    body = json.dumps(data)
    return web.Response(status=status, body=body, content_type="application/json", headers=headers)


# Error bodies as Discord sends them (discord-api-docs: opcodes-and-status-codes, JSON codes).
MISSING_ACCESS = ({"message": "Missing Access", "code": 50001}, 403)
MISSING_PERMISSIONS = ({"message": "Missing Permissions", "code": 50013}, 403)
UNKNOWN_CHANNEL = ({"message": "Unknown Channel", "code": 10003}, 404)
UNKNOWN_MESSAGE = ({"message": "Unknown Message", "code": 10008}, 404)
THREAD_ARCHIVED = ({"message": "Thread is archived", "code": 50083}, 400)
TAG_REQUIRED = (
    {"message": "A tag is required to create a forum post in this channel", "code": 40067},
    400,
)
TOO_LARGE = ({"message": "Request entity too large", "code": 40005}, 413)
FILE_LIMIT = 10 * 1024 * 1024  # a bot's upload limit per file (since January 2025)
REQUEST_LIMIT = 25 * 1024 * 1024  # a whole request
REQUIRE_TAG = 1 << 4  # channel flag: a forum post must have a tag
NONCE_SECONDS = 300.0  # enforce_nonce: "checked for uniqueness in the past few minutes"


def error(refusal: tuple[dict[str, Any], int]) -> web.Response:
    return json_response(refusal[0], refusal[1])


@dataclass
class Limit:
    """A 429 the fake answers the next request matching `method` and `pattern` with."""

    method: str
    pattern: str
    retry_after: float
    is_global: bool = False
    scope: str = "user"
    """"user" (the bot's own bucket) or "shared" (a per-resource limit shared by every user,
    which does not count toward the invalid request limit: discord-api-docs topics/rate-limits)."""

    def response(self) -> web.Response:
        headers = {
            "Retry-After": str(max(1, round(self.retry_after))),
            "X-RateLimit-Scope": "global" if self.is_global else self.scope,
        }
        if self.is_global:
            headers["X-RateLimit-Global"] = "true"
        else:
            # A shared limit is the resource's: the bot's own bucket may have room and reset
            # soon; only `retry_after` tells how long the resource stays limited.
            shared = self.scope == "shared"
            reset_after = 0.1 if shared else self.retry_after
            reset = datetime.now(UTC).timestamp() + reset_after
            headers |= {
                "X-RateLimit-Limit": "5",
                "X-RateLimit-Remaining": "4" if shared else "0",
                "X-RateLimit-Reset": f"{reset:.3f}",
                "X-RateLimit-Reset-After": f"{reset_after:.3f}",
                "X-RateLimit-Bucket": "fake-bucket",
            }
        body = {
            "message": "You are being rate limited.",
            "retry_after": self.retry_after,
            "global": self.is_global,
        }
        return json_response(body, 429, headers)
