"""Shared bench pieces: throwaway databases, a zero-latency provider, a timing sink, stats."""

from __future__ import annotations

import io
import itertools
import os
import struct
import threading
import time
import uuid
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
import redis
from PIL import Image

from core.identity import Actor, Place
from core.ports import GenerationRequest, GenerationResult, Storage
from core.previews import TELEGRAM, preview_of
from core.settings import Settings
from core.views import VersionView

PG_ADMIN = os.environ.get("LIGHTBOX_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("LIGHTBOX_BENCH_REDIS", "redis://127.0.0.1:6379/14")
BACKENDS = ("sqlite", "postgres")
PLATFORM = "bench"
ACTOR = Actor(PLATFORM, "alice", "Alice")
PLACE = Place(PLATFORM, "room")


def _png(side: int) -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise((side, side), 40).convert("RGB").save(buffer, format="PNG")
    return buffer.getvalue()


TINY_PNG = _png(8)
READY_1K_PNG = _png(1024)
"""What an instant provider returns in the pipeline bench: a ready 1K image (~1 MB of PNG)."""


def numbered_png(png: bytes, number: int) -> bytes:
    """`png` with a text chunk carrying `number`: the same pixels, bytes (and sha) of its own,
    so each version is stored, checked and previewed as a new image is."""
    body = b"tEXt" + b"Comment\x00" + str(number).encode()
    chunk = struct.pack(">I", len(body) - 4) + body + struct.pack(">I", zlib.crc32(body))
    end = png.rindex(b"IEND") - 4
    return png[:end] + chunk + png[end:]


class ZeroProvider:
    """An ImageProvider that returns a ready image at once (a 1K PNG unless told; each call's
    PNG with bytes of its own) and reports seconds=0."""

    name = "zero"

    def __init__(self, image: bytes = READY_1K_PNG) -> None:
        self._local = threading.local()
        self._image = image
        self._numbers = itertools.count(1)

    def generate(self, request: GenerationRequest) -> GenerationResult:
        start = time.perf_counter()
        image = self._image
        if image.startswith(b"\x89PNG"):
            image = numbered_png(image, next(self._numbers))
        result = GenerationResult(data=image, mime="image/png", provider=self.name, seconds=0.0)
        self._local.seconds = time.perf_counter() - start
        return result

    def last_seconds(self) -> float:
        """Wall time of this thread's last call (what "provider time" means for the bench)."""
        return float(getattr(self._local, "seconds", 0.0))


class TimedSink:
    """A DeliverySink for platform "bench" that records when each version was posted.

    Given a storage, it first gets the version's preview as the Telegram sink does (rendered on
    the first delivery of an image, read back after), so a delivery costs what a real one does.
    """

    platform = PLATFORM

    def __init__(self, storage: Storage | None = None) -> None:
        self.lock = threading.Lock()
        self.posts: list[tuple[int, float]] = []
        self.on_post: Callable[[VersionView, float], None] | None = None
        self.storage = storage

    def post(self, view: VersionView, target: str, message_id: str | None) -> str:
        if self.storage is not None and view.image_sha:
            preview_of(self.storage, view.image_sha, TELEGRAM)
        now = time.perf_counter()
        with self.lock:
            self.posts.append((view.version_id, now))
            count = len(self.posts)
        if self.on_post is not None:
            self.on_post(view, now)
        return message_id or f"{self.platform}-{count}"


def bench_settings(db_url: str, data_dir: Path, redis_url: str | None = REDIS_URL) -> Settings:
    """Settings for one bench runtime; every field that matters is explicit (no .env)."""
    return Settings(
        database_url=db_url,
        data_dir=data_dir,
        storage_dir=data_dir / "images",
        redis_url=redis_url,
        default_model="local",
        worker_threads=4,
        job_max_retries=3,
        job_stale_seconds=120.0,
        _env_file=None,  # type: ignore[call-arg]
    )


def unique_namespace(label: str) -> str:
    return f"lightbox-bench-{label}-{os.getpid()}-{uuid.uuid4().hex[:8]}"


@contextmanager
def throwaway_database(backend: str, workdir: Path, label: str) -> Iterator[str]:
    """A fresh database URL: a SQLite file in `workdir`, or a PostgreSQL database dropped after."""
    if backend == "sqlite":
        yield f"sqlite:///{workdir / f'{label}.db'}"
        return
    name = f"lightbox_bench_{label}_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{PG_ADMIN.rsplit('/', 1)[0]}/{name}"
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def drop_namespace(redis_url: str, namespace: str) -> int:
    """Delete every Redis key of a Dramatiq namespace; returns how many were deleted."""
    client = redis.Redis.from_url(redis_url)
    try:
        keys = list(client.scan_iter(match=f"{namespace}:*", count=1000))
        if keys:
            client.delete(*keys)
        return len(keys)
    finally:
        client.close()


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0–100) with linear interpolation between closest ranks."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass(frozen=True)
class Summary:
    """p50 / p99 of a sample in milliseconds."""

    p50: float
    p99: float
    count: int

    @classmethod
    def of(cls, seconds: list[float]) -> Summary:
        return cls(percentile(seconds, 50) * 1000, percentile(seconds, 99) * 1000, len(seconds))
