"""The fair queue through real workers: a second person is not stuck behind a first one's batch."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlmodel import col, select

from bot.router import CommandRouter
from core.fair_queue import next_jobs
from core.identity import Actor, Place
from core.jobs import claim_job, finish_job, new_lease, stale_cutoff
from core.models import Job
from tests.conftest import RecordingSink, make_settings
from tests.core.credit_fixtures import make_desk
from workers.runtime import Runtime

ANN = Actor("console", "ann", "Ann")
BEN = Actor("console", "ben", "Ben")
ROOM = Place("console", "room")
PLANS = """
[[plans]]
id = "free"
concurrency = 1
"""


@pytest.fixture
def fair_runtime(db_url: str, tmp_path: Path) -> Iterator[Runtime]:
    plans = tmp_path / "plans.toml"
    plans.write_text(PLANS)
    settings = make_settings(db_url, tmp_path / "data", plans_file=plans)
    rt = Runtime(settings, sinks={"console": RecordingSink()})
    yield rt
    rt.stop()


def _ends(moment: datetime | None) -> datetime:
    assert moment is not None
    return moment


def test_second_person_starts_next_and_one_person_never_exceeds_their_limit(
    fair_runtime: Runtime,
) -> None:
    router = CommandRouter(fair_runtime.studio)
    router.handle(ANN, ROOM, "/project new Fair")
    router.handle(BEN, ROOM, "/project members")
    router.handle(ANN, ROOM, "/imagine a lighthouse at dusk --n 5")
    ben_job = router.handle(BEN, ROOM, "/imagine a small boat").job_ids[0]
    fair_runtime.start_worker(threads=2, sweep_interval=None)
    assert fair_runtime.wait_idle(platforms=["console"], timeout=60)
    with fair_runtime.db.session() as s:
        jobs = s.exec(select(Job).order_by(col(Job.started_at))).all()
    assert [j.state for j in jobs] == ["succeeded"] * 6
    order = [j.id for j in jobs]
    assert order.index(ben_job) <= 1, f"Ben's job started as #{order.index(ben_job) + 1}"
    ann = [j for j in jobs if j.id != ben_job]
    for earlier, later in zip(ann, ann[1:], strict=False):  # Ann's plan runs one at a time
        assert _ends(earlier.finished_at) <= _ends(later.started_at)


def test_queue_lists_my_jobs_with_their_positions(db_url: str, tmp_path: Path) -> None:
    desk = make_desk(db_url, tmp_path / "images")
    desk.router.handle(ANN, ROOM, "/project new Line")
    desk.router.handle(BEN, ROOM, "/project members")
    desk.router.handle(ANN, ROOM, "/imagine a lighthouse --n 4")
    boat = desk.router.handle(BEN, ROOM, "/imagine a boat")
    assert boat.card is not None and boat.card.progress == ["v1: ⏳ queued (position 2)"]
    mine = desk.router.handle(BEN, ROOM, "/queue")
    assert mine.text == "queue: 5 queued, 0 running"
    assert mine.items == ["card #2 v1 · queued (position 2)"]
    assert desk.router.handle(ANN, ROOM, "/queue").items == [
        "card #1 v1 · queued (position 1)",
        "card #1 v2 · queued (position 3)",
        "card #1 v3 · queued (position 4)",
        "card #1 v4 · queued (position 5)",
    ]
    with desk.db.session() as s:  # one of Ann's jobs ran: now there is a pace to estimate by
        lease = new_lease()
        assert claim_job(s, 1, lease, stale_cutoff(60)) is not None
        assert finish_job(s, 1, lease, "succeeded", None)
    (line,) = desk.router.handle(BEN, ROOM, "/queue").items
    assert line.startswith("card #2 v1 · queued (position 1, starts in about ")
    desk.db.dispose()


def test_a_project_never_runs_more_jobs_than_its_plan_cap(db_url: str, tmp_path: Path) -> None:
    plans = tmp_path / "plans.toml"
    plans.write_text('[[plans]]\nid = "free"\nproject_concurrency = 1\n')
    settings = make_settings(db_url, tmp_path / "data", plans_file=plans)
    rt = Runtime(settings, sinks={"console": RecordingSink()})
    try:
        router = CommandRouter(rt.studio)
        router.handle(ANN, ROOM, "/project new Capped")
        router.handle(BEN, ROOM, "/project members")
        router.handle(ANN, ROOM, "/imagine a lighthouse at dusk --n 2")
        router.handle(BEN, ROOM, "/imagine a small boat --n 2")
        rt.start_worker(threads=2, sweep_interval=None)
        assert rt.wait_idle(platforms=["console"], timeout=60)
        with rt.db.session() as s:
            jobs = s.exec(select(Job).order_by(col(Job.started_at))).all()
    finally:
        rt.stop()
    assert [(j.state, j.project_max_running) for j in jobs] == [("succeeded", 1)] * 4
    for earlier, later in zip(jobs, jobs[1:], strict=False):  # both people, one at a time
        assert _ends(earlier.finished_at) <= _ends(later.started_at)


def test_one_reading_of_the_queue_offers_the_fair_order_within_limits(
    db_url: str, tmp_path: Path
) -> None:
    """Workers claiming at once try the next fairest jobs from one reading (no re-reads)."""
    desk = make_desk(db_url, tmp_path / "images")
    desk.router.handle(ANN, ROOM, "/project new Order")
    desk.router.handle(BEN, ROOM, "/project members")
    ann = desk.router.handle(ANN, ROOM, "/imagine a lighthouse --n 3").job_ids
    ben = desk.router.handle(BEN, ROOM, "/imagine a boat").job_ids
    with desk.db.session() as s:
        offered = [w.job_id for w in next_jobs(s, 6)]
        assert offered == [ann[0], ben[0], ann[1], ann[2]]
        assert [w.job_id for w in next_jobs(s, 2)] == offered[:2]
        for job in s.exec(select(Job)).all():
            job.max_running = 1  # a plan running one job per person at a time
            s.add(job)
        s.flush()
        assert [w.job_id for w in next_jobs(s, 6)] == [ann[0], ben[0]]
    desk.db.dispose()
