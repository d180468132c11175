"""Discord REST refusals by kind (core's remote errors) and what a 429 says about waiting."""

from __future__ import annotations

import httpx

from core.errors import Gone, LostAccess, Permanent, RetryLater

# JSON error codes (discord-api-docs, topics/opcodes-and-status-codes).
UNKNOWN_MESSAGE = 10008
THREAD_ARCHIVED = 50083
LOST = {50001: "missing access", 50013: "missing permissions", 10003: "unknown channel"}
"""Codes that mean the bot may no longer post in the channel (removed, rights taken, deleted)."""
GLOBAL = "global"  # the key of the global rate limit among route keys


class DiscordError(RuntimeError):
    """Discord refused a request; `refusal` raises exactly one of the kinds below."""


class Refused(DiscordError, Permanent):
    """Retrying cannot help: 403 Missing Access/Permissions, 404 Unknown Channel, bad request."""


class LostChannel(Refused, LostAccess):
    """50001 Missing Access, 50013 Missing Permissions, 10003 Unknown Channel: the owner is told."""

    def __init__(self, message: str, reason: str):
        LostAccess.__init__(self, message, reason)


class ThreadArchived(Refused):
    """50083: the thread is archived (unarchived first when allowed; locked threads stay)."""


class MessageGone(DiscordError, Gone):
    """10008 Unknown Message: the message was deleted."""


class RateLimited(DiscordError, RetryLater):
    """429 (bucket or global) past what a worker thread may wait, a 5xx or a network failure."""

    def __init__(self, message: str, delay: float | None = None):
        RetryLater.__init__(self, message, delay)


def refusal(method: str, url: str, response: httpx.Response) -> DiscordError:
    """The one exception a Discord error response maps to (by status and JSON error code)."""
    code = error_code(response)
    text = f"{method} {url} → {response.status_code} {code}: {response.text[:300]}"
    if response.status_code == 429:
        return RateLimited(text, rate_limit_delay(response))
    if response.status_code >= 500:
        return RateLimited(text)
    if code == UNKNOWN_MESSAGE:
        return MessageGone(text)
    if code == THREAD_ARCHIVED:
        return ThreadArchived(text)
    if code in LOST:
        return LostChannel(text, LOST[code])
    return Refused(text)


def rate_limit_delay(response: httpx.Response) -> float:
    """Seconds to wait: the body's `retry_after`, else `Retry-After` / `X-RateLimit-Reset-After`."""
    try:
        return float(response.json()["retry_after"])
    except (ValueError, KeyError, TypeError):
        pass
    for header in ("Retry-After", "X-RateLimit-Reset-After"):
        try:
            return float(response.headers[header])
        except (KeyError, ValueError):
            continue
    return 1.0


def is_global(response: httpx.Response) -> bool:
    if response.headers.get("X-RateLimit-Scope") == "global":
        return True
    if response.headers.get("X-RateLimit-Global", "").lower() == "true":
        return True
    try:
        return bool(response.json().get("global"))
    except (ValueError, AttributeError):
        return False


def route_of(method: str, url: str) -> str:
    """A rate-limit key: the method and path with ids other than the channel's generalised
    (Discord's buckets are per route and per top-level resource, the channel here)."""
    path = url.split("/api/", 1)[-1]
    parts = path.split("/")
    for index, part in enumerate(parts):
        if part.isdigit() and not (index and parts[index - 1] == "channels"):
            parts[index] = "{id}"
    return f"{method} {'/'.join(parts)}"


def error_code(response: httpx.Response) -> int | None:
    try:
        return int(response.json().get("code"))
    except (ValueError, TypeError, AttributeError):
        return None
