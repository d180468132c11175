"""Leased concurrency slots per self-hosted backend: in Redis across processes, else in-process.

A holder takes one of `limit` slots for `lease` seconds and refreshes it while it works; a holder
that dies without releasing loses its slot when the lease runs out. The Redis board keys the
slots by the backend's base URL, so every worker process sharing that Redis shares the limit.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

import redis

# Score = expiry time (Redis clock). Expired holders are dropped first; a holder already in the
# set is refreshed; otherwise a slot is taken only while fewer than ARGV[2] are held.
ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local lease = tonumber(ARGV[3])
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  redis.call('ZADD', KEYS[1], now + lease, ARGV[1])
  return 1
end
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now + lease, ARGV[1])
  return 1
end
return 0
"""

# Extends a holder's lease only while it still holds the slot (an expired one is not revived).
REFRESH = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[2]), ARGV[1])
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  return 1
end
return 0
"""

WAIT_STEP = 0.1  # seconds between attempts while every slot is taken


class SlotLimit(Protocol):
    """At most `limit` holders at once for one backend."""

    limit: int
    lease: float

    def try_acquire(self, holder: str) -> bool: ...

    def refresh(self, holder: str) -> bool: ...

    def release(self, holder: str) -> None: ...

    def held(self) -> int: ...


class LocalSlots:
    """The in-process limit (embedded, no Redis): holders with expiry times behind one lock."""

    def __init__(self, limit: int, lease: float = 60.0):
        self.limit = max(1, limit)
        self.lease = lease
        self._expiry: dict[str, float] = {}
        self._lock = threading.Lock()

    def _drop_expired(self) -> None:
        now = time.monotonic()
        for holder in [h for h, until in self._expiry.items() if until <= now]:
            del self._expiry[holder]

    def try_acquire(self, holder: str) -> bool:
        with self._lock:
            self._drop_expired()
            if holder not in self._expiry and len(self._expiry) >= self.limit:
                return False
            self._expiry[holder] = time.monotonic() + self.lease
            return True

    def refresh(self, holder: str) -> bool:
        with self._lock:
            self._drop_expired()
            if holder not in self._expiry:
                return False
            self._expiry[holder] = time.monotonic() + self.lease
            return True

    def release(self, holder: str) -> None:
        with self._lock:
            self._expiry.pop(holder, None)

    def held(self) -> int:
        with self._lock:
            self._drop_expired()
            return len(self._expiry)


class RedisSlots:
    """The cross-process limit: a sorted set of holders scored by lease expiry, changed by Lua."""

    def __init__(self, client: redis.Redis, key: str, limit: int, lease: float = 60.0):
        self.client = client
        self.key = key
        self.limit = max(1, limit)
        self.lease = lease
        self._acquire = client.register_script(ACQUIRE)
        self._refresh = client.register_script(REFRESH)

    def try_acquire(self, holder: str) -> bool:
        return bool(self._acquire(keys=[self.key], args=[holder, self.limit, self.lease]))

    def refresh(self, holder: str) -> bool:
        return bool(self._refresh(keys=[self.key], args=[holder, self.lease]))

    def release(self, holder: str) -> None:
        self.client.zrem(self.key, holder)

    def held(self) -> int:
        self.client.zremrangebyscore(self.key, "-inf", _redis_now(self.client))
        return int(self.client.zcard(self.key))


def _redis_now(client: redis.Redis) -> float:
    seconds, micros = client.time()
    return float(seconds) + float(micros) / 1_000_000


class SlotBoard:
    """Makes the slot limit of each backend: Redis-backed when a client is given, else local."""

    def __init__(self, client: redis.Redis | None = None, *, namespace: str = "lightbox"):
        self.client = client
        self.namespace = namespace
        self._local: dict[str, LocalSlots] = {}
        self._lock = threading.Lock()

    @classmethod
    def from_url(cls, redis_url: str | None, *, namespace: str = "lightbox") -> SlotBoard:
        client = redis.Redis.from_url(redis_url) if redis_url else None
        return cls(client, namespace=namespace)

    def key(self, base_url: str) -> str:
        return f"{self.namespace}:gpu-slots:{base_url.rstrip('/')}"

    def limit(self, base_url: str, limit: int, lease: float = 60.0) -> SlotLimit:
        """The slots of the backend at `base_url` (one shared object per URL when local)."""
        if self.client is not None:
            return RedisSlots(self.client, self.key(base_url), limit, lease)
        with self._lock:
            slots = self._local.get(base_url.rstrip("/"))
            if slots is None:
                slots = self._local[base_url.rstrip("/")] = LocalSlots(limit, lease)
            return slots


def new_holder() -> str:
    return uuid.uuid4().hex


@contextmanager
def holding(slots: SlotLimit) -> Iterator[str]:
    """Wait for a slot, keep its lease fresh while the body runs, release it afterwards."""
    holder = new_holder()
    waiting = threading.Event()  # never set: a pause between attempts
    while not slots.try_acquire(holder):
        waiting.wait(WAIT_STEP)
    done = threading.Event()

    def keep_fresh() -> None:
        while not done.wait(slots.lease / 3):
            slots.refresh(holder)

    heart = threading.Thread(target=keep_fresh, name="gpu-slot-lease", daemon=True)
    heart.start()
    try:
        yield holder
    finally:
        done.set()
        heart.join()
        slots.release(holder)
