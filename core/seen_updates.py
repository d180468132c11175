"""Each chat update is handled once, however many bot processes or retries it reaches."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Protocol

# Telegram keeps an update it could not deliver for 24 hours and retries it meanwhile; a key
# kept as long covers every retry.
KEEP_SECONDS = 24 * 3600
MEMORY_KEYS = 100_000


class SeenUpdates(Protocol):
    """Remembers which updates were taken, shared by every process that may receive them."""

    async def first(self, key: str) -> bool:
        """True for the first caller with `key`; False for every later one (a duplicate)."""
        ...

    async def close(self) -> None: ...


class MemorySeen:
    """One process (the embedded default): the newest keys in memory, bounded."""

    def __init__(self, keep: int = MEMORY_KEYS):
        self._keys: OrderedDict[str, None] = OrderedDict()
        self._keep = keep
        self._lock = threading.Lock()

    async def first(self, key: str) -> bool:
        with self._lock:
            if key in self._keys:
                return False
            self._keys[key] = None
            while len(self._keys) > self._keep:
                self._keys.popitem(last=False)
            return True

    async def close(self) -> None:
        return None


class RedisSeen:
    """Several bot processes behind a load balancer: SET NX on the shared Redis decides."""

    def __init__(self, url: str, namespace: str, keep_seconds: int = KEEP_SECONDS):
        from redis.asyncio import Redis

        self._redis = Redis.from_url(url)
        self._prefix = f"{namespace}:seen-update:"
        self._keep = keep_seconds

    async def first(self, key: str) -> bool:
        taken = await self._redis.set(self._prefix + key, b"1", nx=True, ex=self._keep)
        return bool(taken)

    async def close(self) -> None:
        await self._redis.aclose()


def seen_updates_for(redis_url: str | None, namespace: str) -> SeenUpdates:
    """Redis when the deployment has one (several processes may serve), else this process."""
    return RedisSeen(redis_url, namespace) if redis_url else MemorySeen()
