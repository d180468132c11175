"""Shared provider HTTP: credentials bound to one origin, redirects, bounded retries, redaction."""

from __future__ import annotations

import asyncio
import base64
import json
import time
import weakref
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import httpx

from core.errors import Permanent, RetryLater
from workers.providers.refusals import NO_IMAGE, SAFETY, classify, parse_retry_after

__all__ = ["NO_IMAGE", "SAFETY", "ProviderHTTP", "RetryPolicy", "parse_retry_after", "redact"]

MAX_REDIRECTS = 5
BODY_KEYS = ("json", "data", "files", "content")
SAFE_METHODS = {"GET", "HEAD", "PUT", "DELETE"}


@dataclass(frozen=True)
class RetryPolicy:
    """How often one call is tried and for how long before the job layer takes over."""

    attempts: int = 3
    base_delay: float = 1.0
    max_delay: float = 10.0
    deadline: float = 30.0
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False)
    pause: Callable[[float], Awaitable[None]] = field(default=asyncio.sleep, compare=False)
    """The awaited sleep between attempts of an awaited call (`ProviderHTTP.request_async`)."""

    def delay(self, attempt: int, server_delay: float | None) -> float:
        if server_delay is not None:
            return server_delay
        return min(self.base_delay * 2 ** (attempt - 1), self.max_delay)


def redact(text: str, secrets: Iterable[str]) -> str:
    """`text` with every secret (and its Base64 form) replaced by ***."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "***")
            text = text.replace(base64.b64encode(secret.encode()).decode(), "***")
    return text


Hop = tuple[str, httpx.URL, dict[str, Any]]  # the next request of a redirect: method, URL, body
MAX_CONNECTIONS = None  # awaited calls: the process's call pool bounds them (workers.call_pool)


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return (url.scheme, url.host, url.port)


class ProviderHTTP:
    """An httpx.Client that sends credentials only to its own origin and maps failures by type.

    `request_async` sends the same request through an httpx.AsyncClient (one per event loop),
    so a call awaits the remote latency without holding a thread."""

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
        self.timeout = httpx.Timeout(timeout, connect=min(timeout, 10.0))
        self.client = client or httpx.Client(
            transport=transport,
            timeout=self.timeout,
            follow_redirects=False,  # followed here, so keys never travel to another origin
        )
        # Awaited calls need a transport that can be awaited: the default network one, or an
        # injected one that is both (httpx.MockTransport). An injected sync-only transport or
        # client keeps this provider on blocking calls rather than reaching the real network.
        self.async_transport: httpx.AsyncBaseTransport | None = (
            transport if isinstance(transport, httpx.AsyncBaseTransport) else None
        )
        self.awaitable = client is None and (transport is None or self.async_transport is not None)
        self._async_clients: weakref.WeakKeyDictionary[
            asyncio.AbstractEventLoop, httpx.AsyncClient
        ] = weakref.WeakKeyDictionary()

    def url(self, path_or_url: str) -> httpx.URL:
        """An absolute URL: paths are joined to the base URL, absolute URLs kept."""
        if "://" in path_or_url:
            return httpx.URL(path_or_url)
        return self.base.join(path_or_url.lstrip("/"))

    def same_origin(self, url: httpx.URL) -> bool:
        return _origin(url) == _origin(self.base)

    def _text(self, message: str) -> str:
        return redact(f"{self.provider}: {message}", self.secrets)

    def error(self, message: str) -> Permanent:
        """A permanent failure whose message names the provider and never carries a secret."""
        return Permanent(self._text(message))

    def retry_later(self, message: str, delay: float | None = None) -> RetryLater:
        """A failure worth retrying after `delay` seconds (None: the job queue's backoff)."""
        return RetryLater(self._text(message), delay)

    def _named(self, failure: Permanent | RetryLater) -> Permanent | RetryLater:
        if isinstance(failure, RetryLater):
            return self.retry_later(str(failure), failure.delay)
        return self.error(str(failure))

    def request(
        self,
        method: str,
        path_or_url: str,
        *,
        what: str,
        accept: tuple[int, ...] = (),
        **kwargs: Any,
    ) -> httpx.Response:
        """Send, retrying what may be retried within the deadline; raise Permanent/RetryLater.

        Responses with a status in `accept` are returned for the caller to read (e.g. a 400
        whose body names the invalid field).
        """
        url = self.url(path_or_url)
        started = time.monotonic()
        attempt = 0
        while True:
            attempt += 1
            outcome = self._send(method, url, what, accept, kwargs)
            delay = self._next_try(outcome, attempt, started)
            if isinstance(outcome, httpx.Response):
                return outcome
            self.retry.sleep(delay)

    async def request_async(
        self,
        method: str,
        path_or_url: str,
        *,
        what: str,
        accept: tuple[int, ...] = (),
        **kwargs: Any,
    ) -> httpx.Response:
        """`request`, awaited on the running event loop: the same retries, origins and errors."""
        url = self.url(path_or_url)
        started = time.monotonic()
        attempt = 0
        while True:
            attempt += 1
            outcome = await self._send_async(method, url, what, accept, kwargs)
            delay = self._next_try(outcome, attempt, started)
            if isinstance(outcome, httpx.Response):
                return outcome
            await self.retry.pause(delay)

    def _next_try(
        self, outcome: httpx.Response | Permanent | RetryLater, attempt: int, started: float
    ) -> float:
        """The delay before trying again; raises the failure when no try is left."""
        if isinstance(outcome, httpx.Response):
            return 0.0
        if isinstance(outcome, Permanent):
            raise outcome
        delay = self.retry.delay(attempt, outcome.delay)
        elapsed = time.monotonic() - started
        if attempt >= self.retry.attempts or elapsed + delay > self.retry.deadline:
            raise outcome
        return delay

    def _send(
        self,
        method: str,
        url: httpx.URL,
        what: str,
        accept: tuple[int, ...],
        kwargs: dict[str, Any],
    ) -> httpx.Response | Permanent | RetryLater:
        """One attempt, following redirects; credentials go only to the provider's origin."""
        headers = dict(kwargs.get("headers") or {})
        body = {k: v for k, v in kwargs.items() if k != "headers"}
        for _ in range(MAX_REDIRECTS + 1):
            try:
                response = self.client.request(
                    method, url, headers=self._headers(url, headers), **body
                )
            except httpx.TransportError as exc:
                return self._unreached(exc, method, what)
            step = self._step(response, method, url, body, what, accept)
            if not isinstance(step, tuple):
                return step
            method, url, body = step
        return self.error(f"{what}: more than {MAX_REDIRECTS} redirects")

    async def _send_async(
        self,
        method: str,
        url: httpx.URL,
        what: str,
        accept: tuple[int, ...],
        kwargs: dict[str, Any],
    ) -> httpx.Response | Permanent | RetryLater:
        """`_send` through this event loop's AsyncClient."""
        client = self.async_client()
        headers = dict(kwargs.get("headers") or {})
        body = {k: v for k, v in kwargs.items() if k != "headers"}
        for _ in range(MAX_REDIRECTS + 1):
            try:
                response = await client.request(
                    method, url, headers=self._headers(url, headers), **body
                )
            except httpx.TransportError as exc:
                return self._unreached(exc, method, what)
            step = self._step(response, method, url, body, what, accept)
            if not isinstance(step, tuple):
                return step
            method, url, body = step
        return self.error(f"{what}: more than {MAX_REDIRECTS} redirects")

    def _headers(self, url: httpx.URL, headers: dict[str, str]) -> dict[str, str]:
        return {**headers, **self.auth_headers} if self.same_origin(url) else headers

    def _step(
        self,
        response: httpx.Response,
        method: str,
        url: httpx.URL,
        body: dict[str, Any],
        what: str,
        accept: tuple[int, ...],
    ) -> httpx.Response | Permanent | RetryLater | Hop:
        """The response to keep, the failure it means, or the redirect's next request."""
        if response.is_success or response.status_code in accept:
            return response
        if not response.is_redirect:
            return self._named(classify(response, what))
        url = url.join(response.headers["location"])
        if response.status_code == 303 or (
            response.status_code in (301, 302) and method not in ("GET", "HEAD")
        ):
            method, body = "GET", {k: v for k, v in body.items() if k not in BODY_KEYS}
        return method, url, body

    def _unreached(self, exc: httpx.TransportError, method: str, what: str) -> RetryLater:
        if isinstance(exc, httpx.TimeoutException):
            return self._timed_out(method, what)
        return self.retry_later(f"{what} could not reach the server ({type(exc).__name__})")

    def _timed_out(self, method: str, what: str) -> RetryLater:
        # A generation that timed out may still be running (and billed) on the server: it is
        # not repeated within the call; the job queue retries it later, within its budget.
        failure = self.retry_later(f"{what} timed out")
        if method not in SAFE_METHODS:
            failure.delay = max(self.retry.deadline, 60.0)
        return failure

    def json(self, response: httpx.Response, what: str) -> dict[str, Any]:
        """The response body as a JSON object, or a permanent "malformed response" error."""
        try:
            body = response.json()
        except (ValueError, json.JSONDecodeError):
            body = None
        if not isinstance(body, dict):
            raise self.error(f"malformed response to {what} (not a JSON object)")
        return body

    def async_client(self) -> httpx.AsyncClient:
        """The AsyncClient of the running event loop (a client's pool is bound to one loop)."""
        loop = asyncio.get_running_loop()
        client = self._async_clients.get(loop)
        if client is None:
            client = httpx.AsyncClient(
                transport=self.async_transport,
                timeout=self.timeout,
                limits=httpx.Limits(max_connections=MAX_CONNECTIONS, max_keepalive_connections=100),
                follow_redirects=False,
            )
            self._async_clients[loop] = client
        return client

    async def aclose(self) -> None:
        """Close the running event loop's AsyncClient (the call pool does, as it stops)."""
        client = self._async_clients.pop(asyncio.get_running_loop(), None)
        if client is not None:
            await client.aclose()

    def close(self) -> None:
        self.client.close()
