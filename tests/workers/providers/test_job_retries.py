"""The job layer obeys the provider's verdict: the server's delay, a bounded budget, a reason."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import select

from bot.router import CommandRouter
from core.catalog import LOCAL_PREVIEW, ModelCatalog, ModelProfile
from core.identity import Actor, Place
from core.models import Job, Version
from core.models.base import utcnow
from tests.conftest import RecordingSink, make_settings
from tests.waiting import wait_until
from workers.providers.gemini import GeminiProvider
from workers.providers.http import RetryPolicy
from workers.providers.local import LocalProvider
from workers.runtime import Runtime
from workers.sweep import Sweeper

from .fake_gemini import FakeGemini, quota_exhausted

ANN, ROOM = Actor("console", "ann", "Ann"), Place("console", "room")
KEY = "AIzaSy-jobs-gemini-key-0123456789"
FLASH = ModelProfile(
    id="flash", label="Flash", provider="gemini", provider_model="gemini-2.5-flash-image",
    aspect_ratios=("1:1",), resolutions=("1K",),
)  # fmt: skip


@pytest.fixture
def fake() -> FakeGemini:
    return FakeGemini(KEY)


@pytest.fixture
def runtime(db_url: str, tmp_path: Path, fake: FakeGemini) -> Iterator[Runtime]:
    gemini = GeminiProvider(KEY, base_url="https://gemini.test", transport=fake.transport,
                            retry=RetryPolicy(attempts=1))  # fmt: skip
    catalog = ModelCatalog(profiles={"local": LOCAL_PREVIEW, "flash": FLASH}, default="flash")
    rt = Runtime(
        make_settings(db_url, tmp_path / "data", job_max_retries=1),
        sinks={"console": RecordingSink()},
        providers={"local": LocalProvider(), "gemini": gemini},
        catalog=catalog,
    )
    rt.start_worker(threads=2, sweep_interval=None)
    yield rt
    rt.stop()


def imagine(rt: Runtime) -> tuple[Job, Version]:
    router = CommandRouter(rt.studio)
    router.handle(ANN, ROOM, "/project new Demo")
    router.handle(ANN, ROOM, "/imagine a lighthouse at dusk")
    assert rt.wait_idle(platforms=["console"], timeout=30)
    with rt.db.session() as session:
        return session.exec(select(Job)).one(), session.exec(select(Version)).one()


def test_the_server_delay_is_waited_then_the_budget_ends_the_job_with_the_reason(
    runtime: Runtime, fake: FakeGemini
) -> None:
    fake.script = [quota_exhausted("minute", "1s") for _ in range(5)]
    job, version = imagine(runtime)
    assert len(fake.requests) == 2  # the first try and the one retry of the budget
    assert fake.times[1] - fake.times[0] >= 0.9  # the server's retryDelay, not less
    assert job.state == "failed" and version.status == "failed"
    assert version.error and version.error.startswith("gave up after 2 attempts")
    assert "rate limited (HTTP 429)" in version.error


def test_a_delay_longer_than_lightbox_waits_fails_at_once_naming_it(
    runtime: Runtime, fake: FakeGemini
) -> None:
    runtime.generation.max_delay = 600
    fake.script = [quota_exhausted("minute", "3600s")]
    job, version = imagine(runtime)
    assert len(fake.requests) == 1 and job.state == "failed"
    assert version.error and "asked to wait 3600 s" in version.error


def test_daily_quota_fails_the_job_once_with_a_clear_message(
    runtime: Runtime, fake: FakeGemini
) -> None:
    fake.script = [quota_exhausted("day")]
    job, version = imagine(runtime)
    assert len(fake.requests) == 1 and job.attempts == 1
    assert version.error and "quota is exhausted" in version.error


def test_the_profile_id_reaches_the_provider_and_seeds_fit_int32(
    runtime: Runtime, fake: FakeGemini
) -> None:
    router = CommandRouter(runtime.studio)
    router.handle(ANN, ROOM, "/project new Demo")
    router.handle(ANN, ROOM, "/imagine a lighthouse at dusk --seed 4294967295")
    assert runtime.wait_idle(platforms=["console"], timeout=30)
    with runtime.db.session() as session:
        version = session.exec(select(Version)).one()
    assert version.status == "done", version.error
    assert fake.bodies[-1]["generationConfig"]["seed"] == (2**32 - 1) % 2**31


def test_a_long_server_delay_is_not_cut_short_by_the_recovery_sweep(
    runtime: Runtime, fake: FakeGemini
) -> None:
    fake.script = [quota_exhausted("minute", "300s")]
    router = CommandRouter(runtime.studio)
    router.handle(ANN, ROOM, "/project new Demo")
    router.handle(ANN, ROOM, "/imagine a lighthouse at dusk")

    def released() -> Job | None:
        with runtime.db.session() as session:
            job = session.exec(select(Job)).first()
        return job if job is not None and job.state == "queued" and job.error else None

    wait_until(released, "the worker to release the job", 20)
    job = released()
    assert job is not None and job.error and "rate limited" in job.error
    due = job.enqueued_at.replace(tzinfo=None) - utcnow().replace(tzinfo=None)
    assert 250 < due.total_seconds() <= 300
    eager = Sweeper(runtime.db, runtime.queues, stale_seconds=0, lost_after_seconds=0)
    assert eager.sweep().jobs == [] and len(fake.requests) == 1
