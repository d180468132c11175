"""Runtime.stop in one process: held jobs go back at once, posts get a grace, stop is bounded."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from bot.router import CommandRouter
from core.identity import Actor, Place
from core.models import Delivery
from core.ports import GenerationRequest, GenerationResult
from core.settings import Settings
from core.views import VersionView
from tests.conftest import REDIS_URL, RecordingSink, make_settings
from tests.waiting import wait_until
from tests.workers.processes import job
from tests.workers.test_jobs_redis import rows, wipe_namespace
from workers import generation
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


def job_state(rt: Runtime, job_id: int) -> str:
    return job(rt, job_id).state


def test_a_handed_back_job_is_taken_over_during_the_grace(
    db_url: str, tmp_path: Path, namespace: str
) -> None:
    """The stopping worker fetches nothing more: another worker runs the handed-back job while
    the first still waits out its grace (its consumer used to fetch the message back itself and
    sit on it until the grace ended)."""
    provider = StuckProvider()
    slow = settings(db_url, tmp_path).model_copy(update={"shutdown_seconds": 30.0})
    stopping = Runtime(slow, providers={"local": provider}, namespace=namespace)
    router = CommandRouter(stopping.studio)
    router.handle(ALICE, HERE, "/project new Demo")
    [job_id] = router.handle(ALICE, HERE, "/imagine a kite").job_ids
    stopping.start_worker(platforms=[], threads=1, sweep_interval=None)
    stopper = threading.Thread(target=stopping.stop)
    other: Runtime | None = None
    try:
        assert provider.called.wait(10)
        stopper.start()
        wait_until(lambda: job_state(stopping, job_id) == "queued", "the job to be handed back")
        other = Runtime(settings(db_url, tmp_path), namespace=namespace)
        other.start_worker(platforms=[], threads=1, sweep_interval=None)
        wait_until(lambda: job_state(other, job_id) == "succeeded", "the other worker", 20)
        assert stopper.is_alive(), "taken over while the first worker still had its grace"
    finally:
        provider.release.set()
        if stopper.ident is not None:
            stopper.join(30)
        if other is not None:
            other.stop()
    assert job(other, job_id).attempts == 1  # the stopped worker gave its attempt back


def test_a_claim_racing_the_stop_is_handed_back_by_its_thread(
    db_url: str, tmp_path: Path, namespace: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Shutdown begins between a thread's claim and its bookkeeping: that thread hands the job
    back at once instead of starting the provider call (release_held could not see it)."""
    provider = StuckProvider()
    rt = Runtime(settings(db_url, tmp_path), providers={"local": provider}, namespace=namespace)
    router = CommandRouter(rt.studio)
    router.handle(ALICE, HERE, "/project new Demo")
    [job_id] = router.handle(ALICE, HERE, "/imagine a kite").job_ids
    claim_fairly = generation.claim_fairly

    def claim_then_stop(*args: Any, **kwargs: Any) -> Any:
        claimed = claim_fairly(*args, **kwargs)
        rt.generation.close()  # SIGTERM arrives right after the claim
        return claimed

    monkeypatch.setattr(generation, "claim_fairly", claim_then_stop)
    try:
        result = rt.generation.run(job_id)
    finally:
        provider.release.set()
        rt.stop()
    assert result.retry_after == 0.0 and not provider.called.is_set()
    row = job(rt, job_id)
    assert (row.state, row.lease, row.attempts) == ("queued", None, 0)
    assert rt.generation.release_held("again") == []


def test_embedded_a_job_handed_back_at_shutdown_runs_at_the_next_start(
    db_url: str, tmp_path: Path
) -> None:
    """The in-process broker dies with the process: the next start sends the handed-back job
    at once (its start-up sweep), not after the lost-message time (an hour here)."""
    provider = StuckProvider()
    embedded = make_settings(db_url, tmp_path / "data", shutdown_seconds=0.5)
    first = Runtime(embedded, providers={"local": provider})
    router = CommandRouter(first.studio)
    router.handle(ALICE, HERE, "/project new Demo")
    [job_id] = router.handle(ALICE, HERE, "/imagine a kite").job_ids
    first.start_worker(platforms=[], threads=1, sweep_interval=None)
    try:
        assert provider.called.wait(10)
        first.stop()  # SIGTERM: handed back into a broker that ends with this process
    finally:
        provider.release.set()
    assert job(first, job_id).state == "queued"
    patient = embedded.model_copy(update={"job_lost_seconds": 3600.0})
    second = Runtime(patient, providers={"local": LocalProvider()})
    second.start_worker(platforms=[], threads=1)  # with its recovery sweep, as `lightbox run`
    try:
        wait_until(lambda: job_state(second, job_id) == "succeeded", "the next start to run it")
    finally:
        second.stop()
