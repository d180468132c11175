"""What a provider's error response means: give up (Permanent) or come back later (RetryLater).

The rules follow the services' own documentation and SDKs: Google APIs put the retry delay in the
body (`google.rpc.RetryInfo.retryDelay`) and name the exhausted quota in `google.rpc.QuotaFailure`
(a per-day quota does not come back for hours); OpenAI sends `retry-after-ms` before
`retry-after`, an `x-should-retry` hint, and `insufficient_quota` when the account has no credit;
fal locks an account whose balance is exhausted. 408, 409, 429 and 5xx are worth retrying.
"""

from __future__ import annotations

import email.utils
import re
import time
from typing import Any

import httpx

from core.errors import Permanent, RetryLater

SAFETY = "blocked by the provider's safety filter"
NO_IMAGE = "no image returned"
SAFETY_CODES = {"moderation_blocked", "content_policy_violation", "content_filter", "safety"}
RETRIED_STATUSES = {408, 409, 429}
QUOTA_CODES = {"insufficient_quota", "billing_hard_limit_reached"}
BALANCE_WORDS = ("exhausted balance", "user is locked")
DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)s\s*$")


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta seconds or an HTTP date); None if absent/bad."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def header_delay(headers: httpx.Headers) -> float | None:
    """`retry-after-ms` (OpenAI) before `retry-after` (seconds or a date)."""
    millis = headers.get("retry-after-ms")
    if millis:
        try:
            return max(0.0, float(millis) / 1000)
        except ValueError:
            pass
    return parse_retry_after(headers.get("retry-after"))


def _details(body: Any) -> list[dict[str, Any]]:
    error = body.get("error") if isinstance(body, dict) else None
    details = error.get("details") if isinstance(error, dict) else None
    return [d for d in details or [] if isinstance(d, dict)]


def google_retry_delay(body: Any) -> float | None:
    """`RetryInfo.retryDelay` ("36s", "0.5s") from a Google error body, in seconds."""
    for detail in _details(body):
        if str(detail.get("@type", "")).endswith("google.rpc.RetryInfo"):
            match = DURATION.match(str(detail.get("retryDelay", "")))
            if match:
                return float(match.group(1))
    return None


def google_daily_quota(body: Any) -> str | None:
    """The id of an exhausted per-day quota in a Google `QuotaFailure`, if one is named."""
    for detail in _details(body):
        if str(detail.get("@type", "")).endswith("google.rpc.QuotaFailure"):
            for violation in detail.get("violations") or []:
                quota = str(violation.get("quotaId", "")) if isinstance(violation, dict) else ""
                if "PerDay" in quota:
                    return quota
    return None


def explain(response: httpx.Response) -> tuple[str, set[str], Any]:
    """The provider's own explanation, its error codes (lower case) and the parsed body."""
    try:
        body: Any = response.json()
    except ValueError:
        return " ".join(response.text.split())[:200], set(), None
    codes: set[str] = set()
    messages: list[str] = []
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict):
        messages.append(str(error.get("message") or error.get("type") or ""))
        codes |= {str(error.get(k, "")).lower() for k in ("code", "type", "status")}
    elif isinstance(error, str):
        messages.append(error)
    detail = body.get("detail") if isinstance(body, dict) else None
    if isinstance(detail, str):
        messages.append(detail)
    elif isinstance(detail, list):
        for item in detail:
            if isinstance(item, dict):
                where = ".".join(str(p) for p in item.get("loc") or [] if p != "body")
                messages.append(
                    f"{where}: {item.get('msg', '')}" if where else str(item.get("msg"))
                )
                codes.add(str(item.get("type", "")).lower())
    if isinstance(body, dict) and isinstance(body.get("message"), str):
        messages.append(body["message"])
    text = "; ".join(m for m in messages if m) or " ".join(response.text.split())
    return text[:300], codes, body


def classify(response: httpx.Response, what: str) -> Permanent | RetryLater:
    """The failure an unsuccessful response stands for (message without the provider's name)."""
    detail, codes, body = explain(response)
    status = response.status_code
    daily = google_daily_quota(body)
    if daily or codes & QUOTA_CODES or any(w in detail.lower() for w in BALANCE_WORDS):
        why = f" ({daily})" if daily else ""
        return Permanent(f"{what}: the provider account's quota is exhausted{why}: {detail}")
    if codes & SAFETY_CODES:
        return Permanent(f"{SAFETY}: {detail}")
    hint = response.headers.get("x-should-retry", "").lower()
    if hint == "false":
        return Permanent(f"{what} was refused (HTTP {status}): {detail}")
    if status in RETRIED_STATUSES or status >= 500 or hint == "true":
        delay = google_retry_delay(body)
        delay = header_delay(response.headers) if delay is None else delay
        busy = "rate limited" if status == 429 else "server busy or failing"
        return RetryLater(f"{what}: {busy} (HTTP {status}): {detail}", delay)
    return Permanent(f"{what} was refused (HTTP {status}): {detail}")
