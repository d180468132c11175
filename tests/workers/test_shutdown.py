"""Runtime.stop in one process: held jobs go back at once, posts get a grace, stop is bounded."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from bot.router import CommandRouter
from core.identity import Actor, Place
from core.models import Delivery
from core.ports import GenerationRequest, GenerationResult
from core.settings import Settings
from core.views import VersionView
from tests.conftest import REDIS_URL, RecordingSink
from tests.workers.processes import job
from tests.workers.test_jobs_redis import rows, wipe_namespace
from workers.providers.local import LocalProvider
from workers.runtime import Runtime

ALICE = Actor("console", "alice", "Alice")
HERE = Place("console", "room")


class StuckProvider:
    """A provider call that takes far longer than any shutdown grace."""

    name = "local"

    def __init__(self) -> None:
        self.called = threading.Event()
        self.release = threading.Event()

    def generate(self, request: GenerationRequest) -> GenerationResult:
        self.called.set()
        self.release.wait(30)
        return LocalProvider().generate(request)


class StuckSink(RecordingSink):
    """A platform whose post hangs until told to answer."""

    def __init__(self) -> None:
        super().__init__()
        self.posting = threading.Event()
        self.release = threading.Event()

    def post(self, view: VersionView, target: str, message_id: str | None) -> str:
        self.posting.set()
        self.release.wait(30)
        return super().post(view, target, message_id)


@pytest.fixture
def namespace() -> Iterator[str]:
    ns = f"lightbox-test-{uuid.uuid4().hex}"
    yield ns
    wipe_namespace(ns)


def settings(db_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=db_url, data_dir=tmp_path / "data", redis_url=REDIS_URL, shutdown_seconds=0.5
    )


def queued_messages(namespace: str, queue: str) -> int:
    client = redis.Redis.from_url(REDIS_URL)
    try:
        return int(client.llen(f"{namespace}:{queue}"))
    finally:
        client.close()


def test_stop_hands_a_running_job_back_at_once(db_url: str, tmp_path: Path, namespace: str) -> None:
    provider = StuckProvider()
    rt = Runtime(settings(db_url, tmp_path), providers={"local": provider}, namespace=namespace)
    router = CommandRouter(rt.studio)
    router.handle(ALICE, HERE, "/project new Demo")
    [job_id] = router.handle(ALICE, HERE, "/imagine a kite").job_ids
    rt.start_worker(platforms=[], threads=1, sweep_interval=None)
    try:
        assert provider.called.wait(10)
        started = time.monotonic()
        rt.stop()
        stopped = time.monotonic() - started
    finally:
        provider.release.set()
    assert stopped < 3  # 2 × grace at most, though the provider call still runs
    row = job(rt, job_id)
    # Handed back with its attempt: a shutdown does not use up one of the job's retries.
    assert (row.state, row.lease, row.attempts) == ("queued", None, 0)
    assert row.error is not None and "shut down" in row.error
    assert queued_messages(namespace, "generate") == 1  # sent again: another worker starts now


def test_stop_gives_a_post_its_grace_then_hands_it_back(
    db_url: str, tmp_path: Path, namespace: str
) -> None:
    sink = StuckSink()
    rt = Runtime(settings(db_url, tmp_path), sinks={"console": sink}, namespace=namespace)
    router = CommandRouter(rt.studio)
    router.handle(ALICE, HERE, "/project new Demo")
    router.handle(ALICE, HERE, "/imagine a kite")
    rt.start_worker(threads=2, sweep_interval=None)
    try:
        assert sink.posting.wait(20)
        started = time.monotonic()
        rt.stop()
        stopped = time.monotonic() - started
    finally:
        sink.release.set()
    assert 0.4 < stopped < 3  # the post had its grace (0.5 s), then stop went on
    [delivery] = rows(rt, Delivery)
    assert (delivery.state, delivery.lease) == ("pending", None) and "shut down" in (
        delivery.error or ""
    )
    assert queued_messages(namespace, "deliver_console") == 1
