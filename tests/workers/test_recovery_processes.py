"""Recovery with real worker processes, Redis and default settings: SIGTERM, SIGKILL, lost message.

Workers run `tests/workers/slow_worker.py` with the stale (20 s), lost (10 s) and sweep (5 s)
defaults; this process creates cards and posts deliveries through a recording sink.
"""

from __future__ import annotations

import signal
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from sqlmodel import col, select

from bot.router import CommandRouter
from core.identity import Actor, Place
from core.models import Delivery, Job, Version
from core.settings import Settings
from tests.conftest import REDIS_URL, RecordingSink, wipe
from tests.waiting import wait_until
from tests.workers.processes import job, time_until_claimed_away, worker_pool
from tests.workers.test_jobs_redis import wipe_namespace
from workers.runtime import Runtime

ALICE = Actor("console", "alice", "Alice")
HERE = Place("console", "room")


@pytest.fixture
def namespace() -> Iterator[str]:
    ns = f"lightbox-test-{uuid.uuid4().hex}"
    yield ns
    wipe_namespace(ns)


@pytest.fixture
def poster(migrated: dict[str, str], tmp_path: Path, namespace: str) -> Iterator[Runtime]:
    """This process: makes cards and posts deliveries to a recording console sink."""
    wipe(migrated["postgres"])
    settings = Settings(
        database_url=migrated["postgres"],
        data_dir=tmp_path / "data",
        redis_url=REDIS_URL,
    )
    rt = Runtime(settings, sinks={"console": RecordingSink()}, namespace=namespace)
    rt.start_worker(generate=False, platforms=["console"], threads=2, sweep_interval=None)
    CommandRouter(rt.studio).handle(ALICE, HERE, "/project new Demo")
    try:
        yield rt
    finally:
        rt.stop()


def imagine(rt: Runtime, prompt: str) -> int:
    [job_id] = CommandRouter(rt.studio).handle(ALICE, HERE, f"/imagine {prompt}").job_ids
    return job_id


def running_lease(rt: Runtime, job_id: int, what: str, pool_output: object) -> str:
    wait_until(lambda: job(rt, job_id).state == "running", f"{what}\n{pool_output}", 60)
    lease = job(rt, job_id).lease
    assert lease is not None
    return lease


def assert_each_once(rt: Runtime, job_ids: list[int]) -> None:
    """Every job succeeded once, its version is done and was posted exactly once."""
    assert rt.wait_idle(platforms=["console"], timeout=30)
    with rt.db.session() as session:
        jobs = session.exec(select(Job).where(col(Job.id).in_(job_ids))).all()
        assert {j.state for j in jobs} == {"succeeded"}
        versions = session.exec(select(Version)).all()
        assert {v.status for v in versions} == {"done"}
        deliveries = session.exec(select(Delivery)).all()
        assert {d.state for d in deliveries} == {"sent"}
    sink = rt.sinks["console"]
    assert isinstance(sink, RecordingSink)
    assert Counter(view.version_id for view, _, _ in sink.posts) == Counter(
        {v.id: 1 for v in versions}
    )


def test_sigterm_releases_the_job_at_once_and_exits_zero(
    poster: Runtime, tmp_path: Path, namespace: str
) -> None:
    with worker_pool(
        poster.settings.database_url or "", tmp_path / "data", namespace, tmp_path
    ) as pool:
        stopping = pool.start(delay=60, threads=1)  # a provider call far longer than the grace
        job_id = imagine(poster, "a lighthouse at night")
        lease = running_lease(poster, job_id, "the first worker to start the job", pool.output())
        pool.start(delay=0.2, threads=1)

        signalled = time.monotonic()
        stopping.send_signal(signal.SIGTERM)
        taken_over = time_until_claimed_away(poster, job_id, lease, timeout=30)
        assert stopping.wait(timeout=20) == 0, pool.output()
        exited = time.monotonic() - signalled
        print(f"SIGTERM: taken over after {taken_over:.2f} s; the worker exited in {exited:.2f} s")
        # At once (0.05–0.07 s measured on an idle machine). The stopping worker fetches nothing
        # before it hands the job back, so the other worker never waits for the 5 s grace.
        assert taken_over < 5, pool.output()
        # The grace (5 s) bounds the exit even though the provider call would take 60 s.
        assert exited < 15
        assert_each_once(poster, [job_id])
        assert job(poster, job_id).attempts == 1  # the stopped worker gave its attempt back


def test_default_settings_recover_a_killed_worker_and_a_lost_message_in_seconds(
    poster: Runtime, tmp_path: Path, namespace: str
) -> None:
    with worker_pool(
        poster.settings.database_url or "", tmp_path / "data", namespace, tmp_path
    ) as pool:
        doomed = pool.start(delay=60, threads=1)
        killed_job = imagine(poster, "a lighthouse at night")
        lease = running_lease(poster, killed_job, "the doomed worker to start", pool.output())
        doomed.kill()
        killed_at = time.monotonic()
        assert doomed.wait(timeout=10) == -signal.SIGKILL

        lost_job = imagine(poster, "a paper boat")
        client = redis.Redis.from_url(REDIS_URL)
        try:  # nobody consumes now: the message is in Redis; delete it there
            assert client.delete(f"{namespace}:generate", f"{namespace}:generate.msgs") >= 1
        finally:
            client.close()
        lost_at = time.monotonic()
        pool.start(delay=0.2, threads=2)

        time_until_claimed_away(poster, lost_job, None, timeout=40)
        lost_recovery = time.monotonic() - lost_at
        time_until_claimed_away(poster, killed_job, lease, timeout=45)
        kill_recovery = time.monotonic() - killed_at
        print(
            f"defaults: SIGKILL taken over in {kill_recovery:.1f} s; lost in {lost_recovery:.1f} s"
        )
        assert kill_recovery <= 30, pool.output()
        assert lost_recovery <= 18, pool.output()  # lost 10 s + sweep 5 s + a loaded start-up
        assert_each_once(poster, [killed_job, lost_job])
        assert job(poster, killed_job).attempts == 2
        assert job(poster, lost_job).attempts == 1
