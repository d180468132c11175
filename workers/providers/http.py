"""Shared provider HTTP: transient/permanent error mapping, Retry-After, backoff, key redaction."""

from __future__ import annotations

import base64
import email.utils
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import httpx

from core.errors import ProviderError

SAFETY = "blocked by the provider's safety filter"
NO_IMAGE = "no image returned"
SAFETY_CODES = {"moderation_blocked", "content_policy_violation", "content_filter", "safety"}


@dataclass(frozen=True)
class RetryPolicy:
    """How often one call is tried and for how long before the job layer takes over."""

    attempts: int = 3
    base_delay: float = 1.0
    max_delay: float = 10.0
    deadline: float = 30.0
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False)

    def delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return retry_after
        return min(self.base_delay * 2 ** (attempt - 1), self.max_delay)


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


def redact(text: str, secrets: Iterable[str]) -> str:
    """`text` with every secret (and its Base64 form) replaced by ***."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "***")
            text = text.replace(base64.b64encode(secret.encode()).decode(), "***")
    return text


def error_detail(response: httpx.Response) -> tuple[str, bool]:
    """The provider's own explanation from an error body, and whether it is a safety refusal."""
    try:
        body: Any = response.json()
    except ValueError:
        return " ".join(response.text.split())[:200], False
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
                messages.append(str(item.get("msg", "")))
                codes.add(str(item.get("type", "")).lower())
    if isinstance(body, dict) and isinstance(body.get("message"), str):
        messages.append(body["message"])
    text = "; ".join(m for m in messages if m) or " ".join(response.text.split())
    return text[:300], bool(codes & SAFETY_CODES)


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return (url.scheme, url.host, url.port)


class ProviderHTTP:
    """An httpx.Client that sends credentials only to its own origin and maps failures."""

    def __init__(
        self,
        provider: str,
        base_url: str,
        *,
        auth_headers: dict[str, str] | None = None,
        secrets: Iterable[str] = (),
        timeout: float = 120.0,
        retry: RetryPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
        client: httpx.Client | None = None,
    ):
        self.provider = provider
        self.base = httpx.URL(base_url.rstrip("/") + "/")
        self.auth_headers = auth_headers or {}
        self.secrets = [s for s in secrets if s]
        self.retry = retry or RetryPolicy()
        self.client = client or httpx.Client(
            transport=transport, timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0))
        )

    def url(self, path_or_url: str) -> httpx.URL:
        """An absolute URL: paths are joined to the base URL, absolute URLs kept."""
        if "://" in path_or_url:
            return httpx.URL(path_or_url)
        return self.base.join(path_or_url.lstrip("/"))

    def same_origin(self, url: httpx.URL) -> bool:
        return _origin(url) == _origin(self.base)

    def error(
        self, message: str, *, transient: bool = False, retry_after: float | None = None
    ) -> ProviderError:
        """A ProviderError whose message names the provider and never carries a secret."""
        text = redact(f"{self.provider}: {message}", self.secrets)
        return ProviderError(text, transient=transient, retry_after=retry_after)

    def request(self, method: str, path_or_url: str, *, what: str, **kwargs: Any) -> httpx.Response:
        """Send with retries for transient failures; raise ProviderError when it cannot succeed."""
        url = self.url(path_or_url)
        headers = dict(kwargs.pop("headers", None) or {})
        if self.same_origin(url):
            headers.update(self.auth_headers)
        started = time.monotonic()
        attempt = 0
        while True:
            attempt += 1
            failure = self._try(method, url, headers, what, kwargs)
            if isinstance(failure, httpx.Response):
                return failure
            delay = self.retry.delay(attempt, failure.retry_after)
            elapsed = time.monotonic() - started
            if attempt >= self.retry.attempts or elapsed + delay > self.retry.deadline:
                raise failure
            self.retry.sleep(delay)

    def _try(
        self, method: str, url: httpx.URL, headers: dict[str, str], what: str, kwargs: dict
    ) -> httpx.Response | ProviderError:
        try:
            response = self.client.request(method, url, headers=headers, **kwargs)
        except httpx.TimeoutException:
            return self.error(f"{what} timed out", transient=True)
        except httpx.TransportError as exc:
            return self.error(
                f"{what} could not reach the server ({type(exc).__name__})", transient=True
            )
        if response.is_success:
            return response
        detail, safety = error_detail(response)
        status = response.status_code
        if status == 429 or status >= 500:
            retry_after = parse_retry_after(response.headers.get("retry-after"))
            busy = "rate limited" if status == 429 else "server error"
            return self.error(
                f"{what}: {busy} (HTTP {status}): {detail}", transient=True, retry_after=retry_after
            )
        if safety:
            raise self.error(f"{SAFETY}: {detail}")
        raise self.error(f"{what} was refused (HTTP {status}): {detail}")

    def json(self, response: httpx.Response, what: str) -> dict[str, Any]:
        """The response body as a JSON object, or a permanent "malformed response" error."""
        try:
            body = response.json()
        except (ValueError, json.JSONDecodeError):
            body = None
        if not isinstance(body, dict):
            raise self.error(f"malformed response to {what} (not a JSON object)")
        return body

    def close(self) -> None:
        self.client.close()
