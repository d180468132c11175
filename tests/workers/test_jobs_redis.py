"""Jobs on the real Redis: a Dramatiq RedisBroker, real workers, both databases.

Each test has its own broker namespace on Redis db 15 (deleted afterwards), so tests never see
each other's queues; the database rows are checked to show every job ends exactly once.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import dramatiq
import pytest
import redis
from sqlmodel import select

from bot.router import CommandRouter
from core.errors import Permanent, RetryLater
from core.identity import Actor, Place
from core.models import Delivery, Job, Version
from core.ports import GenerationRequest, GenerationResult, ImageProvider
from core.settings import Settings
from tests.conftest import REDIS_URL, RecordingSink
from tests.waiting import wait_until
from workers.providers.local import LocalProvider
from workers.runtime import Runtime

ROOT = Path(__file__).resolve().parents[2]
ALICE = Actor("console", "alice", "Alice")
HERE = Place("console", "room")

MakeRuntime = Callable[..., Runtime]


# -- helpers -----------------------------------------------------------------------------------


def wait_for(predicate: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
    """Poll `predicate` until it holds; fail naming `what` after `timeout` seconds."""
    wait_until(predicate, what, timeout)


def rows(rt: Runtime, model: Any) -> list[Any]:
    with rt.db.session() as session:
        return list(session.exec(select(model).order_by(model.id)).all())


def stored_images(rt: Runtime) -> list[Path]:
    """Original image files in the content-addressed store (thumbnails excluded)."""
    root = rt.settings.resolved_storage_dir
    return [p for p in root.glob("??/*") if p.is_file()]


def start_card(rt: Runtime, text: str) -> list[int]:
    """A user makes a project and imagines a card; returns the queued job ids."""
    router = CommandRouter(rt.studio)
    router.handle(ALICE, HERE, "/project new Demo")
    return router.handle(ALICE, HERE, text).job_ids


def assert_done_once(rt: Runtime, sink: RecordingSink, count: int) -> list[Version]:
    """Every version done with its own image, one sent delivery and one post each."""
    versions = rows(rt, Version)
    assert len(versions) == count
    assert [v.status for v in versions] == ["done"] * count
    assert all(v.image_sha for v in versions)
    assert len({v.image_sha for v in versions}) == count
    assert len(stored_images(rt)) == count
    assert [j.state for j in rows(rt, Job)] == ["succeeded"] * count
    deliveries = rows(rt, Delivery)
    assert sorted(d.version_id for d in deliveries) == sorted(v.id for v in versions)
    assert {d.state for d in deliveries} == {"sent"}
    posted = Counter(view.version_id for view, _, _ in sink.posts)
    assert posted == Counter({v.id: 1 for v in versions})
    assert all(view.status == "done" and target == "room" for view, target, _ in sink.posts)
    return versions


class Processed(dramatiq.Middleware):
    """Counts messages each actor has finished with (processed, failed or skipped)."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.lock = threading.Lock()

    def after_process_message(self, broker, message, *, result=None, exception=None):  # type: ignore[no-untyped-def]
        with self.lock:
            self.counts[message.actor_name] += 1

    def after_skip_message(self, broker, message):  # type: ignore[no-untyped-def]
        self.after_process_message(broker, message)


class FlakyProvider:
    """Raises RetryLater("busy") (or Permanent) for the first `failures` calls, then draws."""

    name = "local"

    def __init__(self, failures: int, *, transient: bool):
        self.failures = failures
        self.transient = transient
        self.calls: list[float] = []
        self.inner = LocalProvider()

    def generate(self, request: GenerationRequest) -> GenerationResult:
        self.calls.append(time.monotonic())
        if len(self.calls) <= self.failures:
            raise RetryLater("busy") if self.transient else Permanent("busy")
        return self.inner.generate(request)


# -- fixtures ----------------------------------------------------------------------------------


@pytest.fixture
def namespace() -> Iterator[str]:
    """A broker namespace of this test alone; its Redis keys are deleted at the end."""
    ns = f"lightbox-test-{uuid.uuid4().hex}"
    yield ns
    wipe_namespace(ns)


def wipe_namespace(ns: str) -> int:
    """Delete every Redis key of the namespace (queues, messages, acks, heartbeats)."""
    client = redis.Redis.from_url(REDIS_URL)
    try:
        keys = list(client.scan_iter(match=f"{ns}:*", count=1000))
        if keys:
            client.delete(*keys)
        return len(keys)
    finally:
        client.close()


@pytest.fixture
def runtimes(db_url: str, tmp_path: Path, namespace: str) -> Iterator[MakeRuntime]:
    """Builds Runtimes on the test database, Redis and namespace; stops them all at the end."""
    made: list[Runtime] = []

    def make(
        *,
        sinks: dict[str, RecordingSink] | None = None,
        providers: dict[str, ImageProvider] | None = None,
        **settings: Any,
    ) -> Runtime:
        rt = Runtime(
            Settings(
                database_url=db_url,
                data_dir=tmp_path / "data",
                redis_url=REDIS_URL,
                _env_file=None,  # type: ignore[call-arg]
                **settings,
            ),
            sinks=sinks,  # type: ignore[arg-type]
            providers=providers,
            namespace=namespace,
        )
        made.append(rt)
        return rt

    yield make
    for rt in reversed(made):
        rt.stop()


@pytest.fixture
def spawn(db_url: str, tmp_path: Path, namespace: str) -> Iterator[Callable[..., Any]]:
    """Starts `tests/workers/slow_worker.py` processes; none is left running at the end."""
    procs: list[tuple[subprocess.Popen[bytes], Any]] = []

    def start(*, delay: float, threads: int, stale_seconds: float = 2) -> subprocess.Popen[bytes]:
        env = {
            **os.environ,
            "LIGHTBOX_DATABASE_URL": db_url,
            "LIGHTBOX_REDIS_URL": REDIS_URL,
            "LIGHTBOX_DATA_DIR": str(tmp_path / "data"),
            "LIGHTBOX_JOB_STALE_SECONDS": str(stale_seconds),
        }
        env.pop("LIGHTBOX_STORAGE_DIR", None)
        log = open(tmp_path / f"worker-{len(procs)}.log", "wb")
        args = ["--namespace", namespace, "--delay", str(delay), "--threads", str(threads)]
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.workers.slow_worker", *args],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        procs.append((proc, log))
        return proc

    yield start
    for proc, log in procs:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        log.close()


def worker_logs(tmp_path: Path) -> str:
    return "\n".join(p.read_text(errors="replace") for p in sorted(tmp_path.glob("worker-*.log")))


# -- tests -------------------------------------------------------------------------------------


def test_n_versions_generate_concurrently(runtimes: MakeRuntime) -> None:
    sink = RecordingSink()
    rt = runtimes(sinks={"console": sink}, providers={"local": LocalProvider(delay_seconds=0.5)})
    rt.start_worker(threads=5, sweep_interval=None)

    job_ids = start_card(rt, "/imagine a red fox in snow --n 5")

    assert len(job_ids) == 5
    assert rt.wait_idle(platforms=["console"], timeout=30)
    versions = assert_done_once(rt, sink, 5)
    # Overlap: the last version to start started before the first one finished, so all five
    # were generating at the same moment.
    latest_start = max(v.started_at for v in versions)
    earliest_finish = min(v.finished_at for v in versions)
    assert latest_start < earliest_finish


def test_killed_worker_job_ends_exactly_once(
    runtimes: MakeRuntime, spawn: Callable[..., Any], tmp_path: Path
) -> None:
    sink = RecordingSink()
    rt = runtimes(sinks={"console": sink}, job_stale_seconds=2)
    rt.start_worker(generate=False, platforms=["console"], threads=2, sweep_interval=None)
    job_ids = start_card(rt, "/imagine a lighthouse at night --n 3")

    # One thread: one job runs, the worker prefetches another, the third stays in Redis.
    doomed = spawn(delay=6, threads=1)
    wait_for(
        lambda: any(j.state == "running" for j in rows(rt, Job)),
        f"a running job\n{worker_logs(tmp_path)}",
    )
    killed = [j.id for j in rows(rt, Job) if j.state == "running"]
    doomed.kill()
    assert doomed.wait(timeout=10) == -9
    assert rows(rt, Version) and not stored_images(rt)

    spawn(delay=0.2, threads=2)
    assert rt.wait_idle(platforms=["console"], timeout=45), worker_logs(tmp_path)

    assert_done_once(rt, sink, 3)
    jobs = {j.id: j for j in rows(rt, Job)}
    assert sorted(jobs) == sorted(job_ids)
    # The killed job was claimed by both workers; the others (prefetched by the dead worker, or
    # still in Redis) once, even when the sweep sent them again.
    assert len(killed) == 1
    assert {job_id: job.attempts for job_id, job in jobs.items()} == {
        job_id: 2 if job_id in killed else 1 for job_id in job_ids
    }


def test_redis_wiped_jobs_recovered_by_sweep(runtimes: MakeRuntime, namespace: str) -> None:
    sink = RecordingSink()
    rt = runtimes(sinks={"console": sink}, job_stale_seconds=1)
    job_ids = start_card(rt, "/imagine a castle on a hill --n 3")

    client = redis.Redis.from_url(REDIS_URL)
    try:
        assert client.llen(f"{namespace}:generate") == 3
        # Redis loses everything this broker had, before any worker consumed it.
        assert wipe_namespace(namespace) > 0
        assert client.llen(f"{namespace}:generate") == 0
    finally:
        client.close()

    rt.start_worker(threads=3, sweep_interval=None)
    assert {j.state for j in rows(rt, Job)} == {"queued"}
    recovered: set[int] = set()

    def swept_all() -> bool:
        recovered.update(rt.sweeper.sweep().jobs)
        return recovered >= set(job_ids)

    wait_for(swept_all, "the sweep to re-enqueue every job", timeout=15)
    assert rt.wait_idle(platforms=["console"], timeout=30)
    assert_done_once(rt, sink, 3)


def test_delivery_sent_twice_posts_once(runtimes: MakeRuntime) -> None:
    sink = RecordingSink()
    generator = runtimes()
    generator.start_worker(generate=True, platforms=[], threads=2, sweep_interval=None)
    start_card(generator, "/imagine a paper boat")
    assert generator.wait_idle(timeout=30)
    [delivery] = rows(generator, Delivery)
    assert delivery.state == "pending"  # its message waits in Redis: nobody consumes console yet

    # The same delivery id twice more, then a console consumer with threads enough to race.
    generator.queues.enqueue_delivery(delivery.id, "console")
    generator.queues.enqueue_delivery(delivery.id, "console")
    poster = runtimes(sinks={"console": sink})
    processed = Processed()
    poster.broker.add_middleware(processed)
    poster.start_worker(generate=False, platforms=["console"], threads=3, sweep_interval=None)
    wait_for(lambda: processed.counts["deliver_console"] >= 3, "three delivery messages")
    # And once more after it was sent.
    generator.queues.enqueue_delivery(delivery.id, "console")
    wait_for(lambda: processed.counts["deliver_console"] >= 4, "the fourth delivery message")

    assert len(sink.posts) == 1
    [delivery] = rows(poster, Delivery)
    assert delivery.state == "sent" and delivery.attempts == 1
    assert delivery.message_id == "console-1"


def test_generation_sent_twice_makes_one_version(runtimes: MakeRuntime) -> None:
    sink = RecordingSink()
    rt = runtimes(sinks={"console": sink}, providers={"local": LocalProvider(delay_seconds=0.5)})
    processed = Processed()
    rt.broker.add_middleware(processed)
    [job_id] = start_card(rt, "/imagine a paper boat")
    rt.queues.enqueue_generation(job_id)  # a second message for the same job

    rt.start_worker(threads=4, sweep_interval=None)
    wait_for(lambda: processed.counts["generate"] >= 2, "both generation messages")
    assert rt.wait_idle(platforms=["console"], timeout=30)

    assert_done_once(rt, sink, 1)
    [job] = rows(rt, Job)
    assert job.attempts == 1


def test_transient_provider_failure_retried_with_backoff(runtimes: MakeRuntime) -> None:
    sink = RecordingSink()
    provider = FlakyProvider(2, transient=True)
    rt = runtimes(sinks={"console": sink}, providers={"local": provider})
    rt.start_worker(threads=2, sweep_interval=None)
    start_card(rt, "/imagine a windmill")

    assert rt.wait_idle(platforms=["console"], timeout=30)
    assert_done_once(rt, sink, 1)
    [job] = rows(rt, Job)
    assert job.attempts == 3 and job.error is None
    assert len(provider.calls) == 3
    # Backoff: the retries were delayed 1 s, then 2 s (a lower bound the broker guarantees).
    first_gap = provider.calls[1] - provider.calls[0]
    second_gap = provider.calls[2] - provider.calls[1]
    assert first_gap >= 0.9 and second_gap >= 1.9


def test_permanent_provider_failure_fails_version_and_is_delivered(
    runtimes: MakeRuntime,
) -> None:
    sink = RecordingSink()
    provider = FlakyProvider(99, transient=False)
    rt = runtimes(sinks={"console": sink}, providers={"local": provider})
    rt.start_worker(threads=2, sweep_interval=None)
    start_card(rt, "/imagine a windmill")

    assert rt.wait_idle(platforms=["console"], timeout=30)
    assert len(provider.calls) == 1
    [version] = rows(rt, Version)
    assert version.status == "failed" and version.error == "busy"
    assert version.image_sha is None and not stored_images(rt)
    [job] = rows(rt, Job)
    assert job.state == "failed" and job.error == "busy" and job.attempts == 1
    [delivery] = rows(rt, Delivery)
    assert delivery.state == "sent"
    [(view, target, _)] = sink.posts
    assert (view.version_id, view.status, target) == (version.id, "failed", "room")
    assert view.error is not None and "busy" in view.error
