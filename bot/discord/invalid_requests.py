"""Discord's invalid request limit: 401, 403 and 429 answers counted over 10 minutes.

Discord bans an IP for a while after 10,000 such answers in 10 minutes; a 429 whose
`X-RateLimit-Scope` is "shared" (a resource's limit, not the bot's) is not counted
(discord-api-docs, topics/rate-limits.md "Invalid Request Limit"). The sink stops sending before
the limit instead of finding it.
"""

from __future__ import annotations

import threading
import time
from collections import deque

import httpx

WINDOW = 600.0
LIMIT = 10_000
SAFE_SHARE = 0.5  # stop at half the limit: other processes on the same IP count too


def is_invalid(response: httpx.Response) -> bool:
    """Whether Discord counts this answer toward the limit."""
    if response.status_code in (401, 403):
        return True
    return response.status_code == 429 and response.headers.get("X-RateLimit-Scope") != "shared"


class InvalidRequests:
    """A sliding 10-minute count of invalid answers, shared by the sink's threads."""

    def __init__(self, allowed: int = int(LIMIT * SAFE_SHARE), window: float = WINDOW):
        self.allowed = allowed
        self.window = window
        self._seen: deque[float] = deque()
        self._lock = threading.Lock()

    def note(self, response: httpx.Response) -> None:
        if is_invalid(response):
            with self._lock:
                self._seen.append(time.monotonic())

    def wait(self) -> float:
        """Seconds until another request is safe (0: now)."""
        now = time.monotonic()
        with self._lock:
            while self._seen and now - self._seen[0] >= self.window:
                self._seen.popleft()
            over = len(self._seen) - self.allowed
            if over < 0:
                return 0.0
            return self._seen[over] + self.window - now

    def count(self) -> int:
        with self._lock:
            return len(self._seen)
