"""Awaited provider calls: a blocking-style provider keeps many calls in flight on few threads."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import select

from bot.router import CommandRouter
from core.identity import Actor, Place
from core.models import Card, Job, Version
from tests.conftest import RecordingSink, make_settings, wipe
from tests.waiting import wait_until
from tests.workers.providers.fake_servers import FakeProviderServer
from workers.providers.http import RetryPolicy
from workers.providers.registry import ProviderSettings, build_catalog, build_providers
from workers.runtime import Runtime

ANN = Actor("console", "ann", "Ann")
ROOM = Place("console", "room")
MODELS = """
default = "flash"
[[models]]
id = "flash"
provider = "gemini"
provider_model = "gemini-2.5-flash-image"
aspect_ratios = ["1:1"]
max_count = 5
options = { image_size = false }
"""
CARDS = 10  # × 5 versions: 50 calls


@pytest.fixture(scope="module")
def gemini() -> Iterator[FakeProviderServer]:
    server = FakeProviderServer()
    server.start()
    yield server
    server.stop()


def start(db_url: str, tmp_path: Path, gemini: FakeProviderServer, **extra: object) -> Runtime:
    """An embedded worker with two threads whose Gemini provider talks to the fake over HTTP."""
    models = tmp_path / "models.toml"
    models.write_text(MODELS)
    provider_settings = ProviderSettings(
        models_file=models,
        gemini_api_key=gemini.gemini_key,
        gemini_base_url=gemini.url,
        provider_timeout=30,
        _env_file=None,  # type: ignore[call-arg]
    )
    catalog = build_catalog(provider_settings)
    providers = build_providers(provider_settings, catalog, retry=RetryPolicy(attempts=1))
    runtime = Runtime(
        make_settings(db_url, tmp_path / "data", worker_threads=2, **extra),
        sinks={"console": RecordingSink()},
        providers=providers,
        catalog=catalog,
    )
    runtime.start_worker(threads=2, sweep_interval=None)
    return runtime


def posts(runtime: Runtime) -> list[int]:
    sink = runtime.sinks["console"]
    assert isinstance(sink, RecordingSink)
    return [view.version_id for view, _, _ in sink.posts]


def test_fifty_blocking_calls_in_flight_on_two_threads(
    migrated: dict[str, str], tmp_path: Path, gemini: FakeProviderServer
) -> None:
    db_url = migrated["postgres"]  # the many-workers shape; SQLite runs the other tests here
    wipe(db_url)
    gemini.peak_in_flight, gemini.gate = 0, CARDS * 5  # no answer before all 50 are asked
    runtime = start(db_url, tmp_path, gemini)
    try:
        router = CommandRouter(runtime.studio)
        router.handle(ANN, ROOM, "/project new Lanterns")
        for i in range(CARDS):
            router.handle(ANN, ROOM, f"/imagine a lantern in fog number {i} --n 5")
        assert runtime.wait_idle(platforms=["console"], timeout=60)
    finally:
        runtime.stop()
        gemini.gate = 0
    assert gemini.peak_in_flight == CARDS * 5  # all at once, though the worker has 2 threads
    delivered = posts(runtime)
    assert len(delivered) == CARDS * 5 and len(set(delivered)) == CARDS * 5  # exactly once
    with runtime.db.session() as session:
        assert {v.status for v in session.exec(select(Version))} == {"done"}
        assert {j.attempts for j in session.exec(select(Job))} == {1}


def test_awaited_refusals_fail_at_once_and_busy_answers_use_the_retries(
    db_url: str, tmp_path: Path, gemini: FakeProviderServer
) -> None:
    runtime = start(db_url, tmp_path, gemini, job_max_retries=1)
    before = len(gemini.seen)
    try:
        router = CommandRouter(runtime.studio)
        router.handle(ANN, ROOM, "/project new Refused")
        router.handle(ANN, ROOM, "/imagine a fox [safety]")
        router.handle(ANN, ROOM, "/imagine a fox [busy]")  # 429, RetryInfo 1 s, every time
        assert runtime.wait_idle(platforms=["console"], timeout=30)
    finally:
        runtime.stop()
    assert len(gemini.seen) - before == 1 + 2  # refused once; busy: first try and one retry
    with runtime.db.session() as session:
        cards = {c.id: c.prompt for c in session.exec(select(Card))}
        versions = {cards[v.card_id]: v for v in session.exec(select(Version))}
        jobs = {j.version_id: j for j in session.exec(select(Job))}
    refused, busy = versions["a fox [safety]"], versions["a fox [busy]"]
    assert refused.status == "failed" and "IMAGE_SAFETY" in (refused.error or "")
    assert busy.status == "failed" and "gave up after 2 attempts" in (busy.error or "")
    assert [(jobs[v.id].state, jobs[v.id].attempts) for v in (refused, busy)] == [
        ("failed", 1),
        ("failed", 2),
    ]
    assert sorted(posts(runtime)) == sorted([refused.id, busy.id])  # each told once


def test_shutdown_hands_awaited_jobs_back_at_once(
    db_url: str, tmp_path: Path, gemini: FakeProviderServer
) -> None:
    gemini.latency = 2.0  # still waiting on the server when the worker stops
    runtime = start(db_url, tmp_path, gemini, shutdown_seconds=0.5)
    router = CommandRouter(runtime.studio)
    router.handle(ANN, ROOM, "/project new Stopped")
    router.handle(ANN, ROOM, "/imagine a lantern --n 5")
    wait_until(lambda: runtime.calls.in_flight() == 5, "five calls in flight")
    try:
        runtime.stop()  # SIGTERM's path: the calls are still waiting on the server
    finally:
        gemini.latency = 0.0
    assert runtime.calls.in_flight() == 0
    with runtime.db.session() as session:
        jobs = session.exec(select(Job)).all()
    assert [(j.state, j.attempts, j.lease) for j in jobs] == [("queued", 0, None)] * 5
    assert posts(runtime) == []
