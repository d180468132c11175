"""The fair queue: which queued job a free worker takes next, decided from the job rows.

Every generation message is a slot: the worker holding one takes the fairest queued job, not
necessarily the one the message names. Owners take turns (fewest running, then least served
lately, both divided by their plan priority), an owner at their plan's concurrency limit waits,
a project at its cap (its plan's `project_concurrency`, copied onto each job) waits, and within
one owner jobs run in the order they were queued. The decision reads only the
database, so any number of worker processes share it; the conditional UPDATE of `claim_job`
settles two workers choosing the same job.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import ColumnElement, and_, text
from sqlalchemy import select as sa_select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, func, select

from core.jobs import Claim, claim_job
from core.models import Card, Job, Version
from core.models.base import utcnow

RECENT = timedelta(minutes=5)
"""How far back "served lately" looks when two owners have the same number running."""
EPOCH = datetime.min.replace(tzinfo=utcnow().tzinfo)


@dataclass(frozen=True)
class Turn:
    """One owner's claim to the next slot: their oldest waiting job and their standing."""

    owner_id: int | None
    head: int
    waiting: list[int]
    priority: int
    limit: int
    running: int
    served: int
    last_start: datetime
    capped: bool = False
    """Some of the owner's waiting jobs belong to a project with a concurrency cap."""
    jobs: tuple[Waiting, ...] = ()
    """The waiting jobs themselves, in `waiting`'s order."""

    def key(self, running: int, served: int) -> tuple[float, float, datetime, int]:
        weight = max(self.priority, 1)
        return (running / weight, served / weight, self.last_start, self.head)


def _due(now: datetime) -> ColumnElement[bool]:
    return (
        (col(Job.state) == "queued")
        & col(Job.remote_handle).is_(None)
        & (col(Job.enqueued_at) <= now)
    )


def project_running(session: Session) -> dict[int, int]:
    """Running jobs per project (a job's project is its version's card's)."""
    return dict(
        session.exec(
            select(Card.project_id, func.count())
            .select_from(Job)
            .join(Version, col(Version.id) == col(Job.version_id))
            .join(Card, col(Card.id) == col(Version.card_id))
            .where(col(Job.state) == "running")
            .group_by(col(Card.project_id))
        ).all()
    )


DueRow = tuple[int, int | None, int, int, int | None, int]
"""Job id, owner, priority, owner's limit, project's cap, project."""


@dataclass(frozen=True)
class Waiting:
    """One due job as the claim needs it: its owner's limit and its project's cap."""

    job_id: int
    owner_id: int | None
    max_running: int
    project_cap: int
    project_id: int


def turns(session: Session, startable: bool = False) -> list[Turn]:
    """Every owner with waiting jobs, with what the choice weighs; `startable`: only the jobs
    whose project is below its cap."""
    now = utcnow()
    waiting: dict[int | None, list[tuple[Waiting, int]]] = {}
    capped: set[int | None] = set()
    by_project = project_running(session) if startable else {}
    rows = session.execute(
        sa_select(
            col(Job.id),
            col(Job.owner_id),
            col(Job.priority),
            col(Job.max_running),
            col(Job.project_max_running),
            col(Card.project_id),
        )
        .join(Version, col(Version.id) == col(Job.version_id))
        .join(Card, col(Card.id) == col(Version.card_id))
        .where(_due(now))
        .order_by(col(Job.id))
    ).all()
    for job_id, owner, priority, max_running, project_cap, project in cast(list[DueRow], rows):
        if project_cap:
            capped.add(owner)
            if startable and by_project.get(project, 0) >= project_cap:
                continue
        if job_id is not None:
            found_job = Waiting(job_id, owner, max_running, project_cap or 0, project)
            waiting.setdefault(owner, []).append((found_job, priority))
    if not waiting:
        return []
    running = dict(
        session.exec(
            select(Job.owner_id, func.count())
            .where(col(Job.state) == "running")
            .group_by(col(Job.owner_id))
        ).all()
    )
    recent = now - RECENT
    served: dict[int | None, tuple[int, datetime | None]] = {
        owner: (count, last)
        for owner, count, last in session.exec(
            select(Job.owner_id, func.count(), func.max(Job.started_at))
            .where(col(Job.started_at) >= recent)
            .group_by(col(Job.owner_id))
        ).all()
    }
    found = []
    for owner, jobs in waiting.items():
        count, last = served.get(owner, (0, None))
        found.append(
            Turn(
                owner_id=owner,
                head=jobs[0][0].job_id,
                waiting=[job.job_id for job, _ in jobs],
                priority=max(p for _, p in jobs),
                limit=min(job.max_running for job, _ in jobs),
                running=running.get(owner, 0),
                served=count,
                last_start=aware(last) if last else EPOCH,
                capped=owner in capped,
                jobs=tuple(job for job, _ in jobs),
            )
        )
    return found


def aware(moment: datetime) -> datetime:
    """SQLite hands timestamps back naive; they are stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=EPOCH.tzinfo)


def next_job(session: Session) -> int | None:
    """The queued job a free worker should take now (None: nothing waits, or every owner with
    waiting jobs is at their concurrency limit or their project's cap)."""
    found = next_jobs(session, 1)
    return found[0].job_id if found else None


def next_jobs(session: Session, count: int) -> list[Waiting]:
    """The next `count` jobs free workers should take, in order, from one reading of the queue:
    each pick counts as one more running (and served) job of its owner, as if claimed before
    the next."""
    pending = {t.owner_id: (t, t.running, t.served) for t in _open(turns(session, startable=True))}
    order: list[Waiting] = []
    while pending and len(order) < count:
        owner = min(pending, key=lambda o: pending[o][0].key(pending[o][1], pending[o][2]))
        turn, running, served = pending[owner]
        taken = running - turn.running
        order.append(turn.jobs[taken])
        if taken + 1 >= len(turn.jobs) or (turn.limit and running + 1 >= turn.limit):
            del pending[owner]
        else:
            pending[owner] = (turn, running + 1, served + 1)
    return order


def _open(found: list[Turn]) -> list[Turn]:
    return [t for t in found if not t.limit or t.running < t.limit]


def blocked(session: Session) -> bool:
    """Whether jobs wait (called when none could be claimed: then only behind limits)."""
    return bool(turns(session))


def limited_waiting(session: Session) -> bool:
    """Whether a job waiting behind an owner's limit or a project's cap may start now.

    Their slots come back only every few seconds; a finished job sends one at once instead.
    """
    limited = (col(Job.max_running) > 0) | (col(Job.project_max_running) > 0)
    if session.exec(select(Job.id).where(_due(utcnow()), limited).limit(1)).first() is None:
        return False  # no waiting job has a limit: the usual case costs one short read
    return any(t.limit or t.capped for t in _open(turns(session, startable=True)))


def positions(session: Session) -> dict[int, int]:
    """Every waiting job's place in the order the workers will take them (1 = next)."""
    pending: dict[int | None, tuple[Turn, int, int]] = {
        t.owner_id: (t, t.served, 0) for t in turns(session)
    }
    order: dict[int, int] = {}
    while pending:
        owner = min(pending, key=lambda o: pending[o][0].key(pending[o][0].running, pending[o][1]))
        turn, served, taken = pending[owner]
        order[turn.waiting[taken]] = len(order) + 1
        if taken + 1 >= len(turn.waiting):
            del pending[owner]
        else:
            pending[owner] = (turn, served + 1, taken + 1)
    return order


def claim_fairly(
    session: Session, hint: int, lease: str, stale_before: datetime
) -> tuple[int, Claim] | None:
    """Claim the job a message names when only it will do (a remote-queue poll, a takeover of
    a dead worker's job); otherwise the fairest waiting job. None: nothing to run now."""
    job = session.get(Job, hint)
    if job is not None and (job.remote_handle is not None or job.state == "running"):
        claim = claim_job(session, hint, lease, stale_before)
        if claim is not None:
            return hint, claim
    for _ in range(2):  # other workers may claim every choice first: read the queue again
        choices = next_jobs(session, CHOICES)
        if not choices:
            return None
        for target in choices:  # the next fairest when another worker took this one
            claim = claim_job(session, target.job_id, lease, stale_before, _limits(session, target))
            if claim is not None:
                return target.job_id, claim
    return None


CHOICES = 6
"""Jobs one reading of the queue offers a claim, for workers claiming at the same moment."""


CLAIM_LOCK = (0x4C42, 1)
"""PostgreSQL advisory lock taken while a limited job is claimed ("LB", 1)."""


def _limits(session: Session, job: Waiting) -> ColumnElement[bool] | None:
    """The claim's own check of the owner's limit and the project's cap.

    The choice above read the running counts before claiming; two workers choosing at once
    could both start a job in a project at its cap. The claim statement counts again, and on
    PostgreSQL limited claims take turns under an advisory lock held to the commit, so the
    count each one makes includes the claim committed before it. SQLite runs one write at a
    time: the statement's own count is enough there.
    """
    job_id, owner_id, project_id = job.job_id, job.owner_id, job.project_id
    max_running, project_cap = job.max_running, job.project_cap
    if not max_running and not project_cap:
        return None
    if session.get_bind().dialect.name == "postgresql":
        key, kind = CLAIM_LOCK
        lock = text("SELECT pg_advisory_xact_lock(:key, :kind)")
        session.execute(lock, {"key": key, "kind": kind})
    others = aliased(Job)
    running = col(others.state) == "running"
    checks = []
    if max_running:
        owned = select(func.count()).select_from(others)
        owned = owned.where(running, others.owner_id == owner_id, col(others.id) != job_id)
        checks.append(owned.scalar_subquery() < max_running)
    if project_cap:
        in_project = (
            select(func.count())
            .select_from(others)
            .join(Version, col(Version.id) == col(others.version_id))
            .join(Card, col(Card.id) == col(Version.card_id))
            .where(running, Card.project_id == project_id, col(others.id) != job_id)
        )
        checks.append(in_project.scalar_subquery() < project_cap)
    return and_(*checks)
