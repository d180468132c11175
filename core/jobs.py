"""Job and delivery state transitions with leases, so each runs to completion exactly once."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import ColumnElement, Update, func, or_, true, update
from sqlalchemy.engine import CursorResult
from sqlmodel import Session, col, select

from core.ledger import settle
from core.models import CardThread, Delivery, Job, Version
from core.models.base import row_id, utcnow

TERMINAL = ("succeeded", "failed", "cancelled")


def new_lease() -> str:
    return uuid.uuid4().hex


def _updated(session: Session, statement: Update) -> int:
    """Run an ORM-enabled UPDATE (loaded objects stay in sync); the number of rows it matched."""
    result = cast(CursorResult[Any], session.execute(statement))
    return result.rowcount


@dataclass(frozen=True)
class Claim:
    """A job this worker now holds: its attempt count and, when polling, the provider handle."""

    attempts: int
    remote_handle: str | None
    model: str
    version_id: int


def claim_job(
    session: Session,
    job_id: int,
    lease: str,
    stale_before: datetime,
    within: ColumnElement[bool] | None = None,
) -> Claim | None:
    """Take a queued job (or one whose worker stopped heartbeating) for this lease; `within`:
    a further condition checked by the same statement (the fair queue's limits)."""
    now = utcnow()
    result = session.execute(
        update(Job)
        .where(
            col(Job.id) == job_id,
            or_(
                col(Job.state) == "queued",
                (col(Job.state) == "running") & (col(Job.heartbeat_at) < stale_before),
            ),
            within if within is not None else true(),
        )
        .values(
            state="running",
            lease=lease,
            heartbeat_at=now,
            started_at=now,
            attempts=col(Job.attempts) + 1,
        )
        .returning(
            col(Job.attempts),
            col(Job.remote_handle),
            col(Job.version_id),
            select(Version.model).where(Version.id == Job.version_id).scalar_subquery(),
        )
    )
    row = result.first()
    if row is None:
        return None
    return Claim(attempts=row[0], remote_handle=row[1], model=row[3], version_id=row[2])


def heartbeat(session: Session, model: type[Job] | type[Delivery], row_id: int, lease: str) -> bool:
    """Refresh a running row's heartbeat; False when the lease was lost."""
    updated = _updated(
        session,
        update(model)
        .where(col(model.id) == row_id, col(model.lease) == lease)
        .values(heartbeat_at=utcnow()),
    )
    return updated == 1


def finish_job(session: Session, job_id: int, lease: str, state: str, error: str | None) -> bool:
    """Close a job this lease holds; False when another worker took it over meanwhile.

    Its credit hold is charged (succeeded) or released (failed) in the same transaction.
    """
    updated = _updated(
        session,
        update(Job)
        .where(col(Job.id) == job_id, col(Job.lease) == lease, col(Job.state) == "running")
        .values(state=state, finished_at=utcnow(), error=error),
    )
    if updated == 1:
        settle(session, job_id, succeeded=state == "succeeded")
    return updated == 1


def release_job(session: Session, job_id: int, lease: str, error: str | None = None) -> bool:
    """Give a running job back to the queue (transient failure, shutdown)."""
    updated = _updated(
        session,
        update(Job)
        .where(col(Job.id) == job_id, col(Job.lease) == lease, col(Job.state) == "running")
        .values(state="queued", lease=None, heartbeat_at=None, error=error, enqueued_at=utcnow()),
    )
    return updated == 1


def hand_back_job(session: Session, job_id: int, lease: str, reason: str) -> bool:
    """Shutdown: give a running job back to the queue at once, and its attempt with it.

    Stopping a worker is not the job's failure, so it does not use up a retry.
    """
    updated = _updated(
        session,
        update(Job)
        .where(col(Job.id) == job_id, col(Job.lease) == lease, col(Job.state) == "running")
        .values(
            state="queued",
            lease=None,
            heartbeat_at=None,
            error=reason[:500],
            enqueued_at=utcnow(),
            attempts=col(Job.attempts) - 1,
        ),
    )
    return updated == 1


def park_job(session: Session, job_id: int, lease: str, handle: str, progress: str) -> bool:
    """A remote queue holds the job: keep its handle, free the worker, poll again later.

    A poll is not a retry, so the claim's attempt is given back.
    """
    updated = _updated(
        session,
        update(Job)
        .where(col(Job.id) == job_id, col(Job.lease) == lease, col(Job.state) == "running")
        .values(
            state="queued",
            lease=None,
            heartbeat_at=None,
            enqueued_at=utcnow(),
            remote_handle=handle,
            progress=progress[:200] or None,
            attempts=col(Job.attempts) - 1,
        ),
    )
    return updated == 1


def create_deliveries(session: Session, version: Version) -> list[tuple[int, str]]:
    """One delivery row per platform thread of the version's card (existing rows are kept)."""
    ids: list[tuple[int, str]] = []
    for thread in session.exec(select(CardThread).where(CardThread.card_id == version.card_id)):
        delivery = session.exec(
            select(Delivery).where(
                Delivery.version_id == version.id,
                Delivery.platform == thread.platform,
                Delivery.target == thread.target,
            )
        ).first()
        if delivery is None:
            delivery = Delivery(
                version_id=row_id(version),
                platform=thread.platform,
                target=thread.target,
            )
            session.add(delivery)
            session.flush()
        ids.append((row_id(delivery), delivery.platform))
    return ids


def claim_delivery(session: Session, delivery_id: int, lease: str, stale_before: datetime) -> bool:
    """Take a pending delivery that is due (or one whose sender stopped heartbeating).

    Failed, sent and removed rows are never taken: nothing re-sends a delivery that ended."""
    return take_delivery(session, delivery_id, lease, stale_before) is not None


def take_delivery(
    session: Session, delivery_id: int, lease: str, stale_before: datetime
) -> Delivery | None:
    """`claim_delivery`, handing back the claimed row from the same statement."""
    now = utcnow()
    return session.scalars(
        update(Delivery)
        .where(
            col(Delivery.id) == delivery_id,
            or_(
                (col(Delivery.state) == "pending")
                & or_(col(Delivery.heartbeat_at).is_(None), col(Delivery.heartbeat_at) <= now),
                (col(Delivery.state) == "sending") & (col(Delivery.heartbeat_at) < stale_before),
            ),
        )
        .values(state="sending", lease=lease, heartbeat_at=now, attempts=col(Delivery.attempts) + 1)
        .returning(Delivery)
    ).first()


def finish_delivery(
    session: Session,
    delivery_id: int,
    lease: str,
    *,
    message_id: str | None,
    error: str | None,
    state: str | None = None,
) -> bool:
    """Record the posted message id (sent), a take-down (removed) or the reason it failed."""
    updated = _updated(
        session,
        update(Delivery)
        .where(col(Delivery.id) == delivery_id, col(Delivery.lease) == lease)
        .values(
            state=state or ("sent" if error is None else "failed"),
            message_id=message_id,
            error=error,
            sent_at=utcnow(),
        ),
    )
    return updated == 1


def again(session: Session, delivery_id: int, ended: str) -> bool:
    """Make a delivery that ended `ended` ("sent", "removed") pending again: its version was
    archived or brought back while it was being sent."""
    updated = _updated(
        session,
        update(Delivery)
        .where(col(Delivery.id) == delivery_id, col(Delivery.state) == ended)
        .values(state="pending", lease=None, heartbeat_at=None, error=None),
    )
    return updated == 1


def fail_delivery(session: Session, delivery_id: int, lease: str, error: str) -> bool:
    """Give up on a delivery for good (the reason is kept; a posted message id stays)."""
    updated = _updated(
        session,
        update(Delivery)
        .where(col(Delivery.id) == delivery_id, col(Delivery.lease) == lease)
        .values(state="failed", lease=None, heartbeat_at=None, error=error[:500]),
    )
    return updated == 1


def release_delivery(
    session: Session, delivery_id: int, lease: str, error: str, delay: float = 0.0
) -> bool:
    """Give a delivery back to try again after `delay` seconds.

    A pending row's `heartbeat_at` is when it is due: the sweep leaves it alone until then, so a
    platform's flood wait is honoured even when the sweep runs in between."""
    updated = _updated(
        session,
        update(Delivery)
        .where(col(Delivery.id) == delivery_id, col(Delivery.lease) == lease)
        .values(
            state="pending",
            lease=None,
            heartbeat_at=utcnow() + timedelta(seconds=delay),
            error=error[:500],
        ),
    )
    return updated == 1


def orphaned_jobs(
    session: Session, *, queued_before: datetime, stale_before: datetime
) -> list[int]:
    """Jobs whose broker message may be lost: queued a while ago, or running without heartbeat."""
    rows = session.exec(select(Job.id).where(_orphaned(queued_before, stale_before))).all()
    return [job_id for job_id in rows if job_id is not None]


def _orphaned(queued_before: datetime, stale_before: datetime) -> ColumnElement[bool]:
    return or_(
        (col(Job.state) == "queued") & (col(Job.enqueued_at) < queued_before),
        (col(Job.state) == "running") & (col(Job.heartbeat_at) < stale_before),
    )


def orphaned_deliveries(
    session: Session, *, pending_before: datetime, stale_before: datetime
) -> list[tuple[int, str]]:
    rows = session.exec(
        select(Delivery.id, Delivery.platform).where(
            or_(
                (col(Delivery.state) == "pending")
                & (
                    func.coalesce(col(Delivery.heartbeat_at), col(Delivery.created_at))
                    < pending_before
                ),
                (col(Delivery.state) == "sending") & (col(Delivery.heartbeat_at) < stale_before),
            )
        )
    ).all()
    return [(delivery_id, platform) for delivery_id, platform in rows if delivery_id is not None]


def requeued(
    session: Session, job_ids: list[int], *, queued_before: datetime, stale_before: datetime
) -> list[int]:
    """Mark jobs as freshly enqueued (stale running ones go back to queued); returns their ids.

    The orphan test is repeated in the UPDATE: a job a worker claimed since it was found keeps
    its lease instead of being taken back from under the worker.
    """
    if not job_ids:
        return []
    result = session.execute(
        update(Job)
        .where(col(Job.id).in_(job_ids), _orphaned(queued_before, stale_before))
        .values(state="queued", lease=None, heartbeat_at=None, enqueued_at=utcnow())
        .returning(col(Job.id))
    )
    return sorted(result.scalars().all())


def stale_cutoff(seconds: float) -> datetime:
    return utcnow() - timedelta(seconds=seconds)


def cancel_card_jobs(session: Session, card_id: int, reason: str) -> list[int]:
    """Cancel the card's unfinished jobs; their versions end "cancelled". Returns the job ids.

    A worker still running one loses its lease check at the end and discards its result.
    """
    pending = session.exec(
        select(Job.id, Job.version_id)
        .join(Version, col(Version.id) == col(Job.version_id))
        .where(Version.card_id == card_id, col(Job.state).in_(("queued", "running")))
    ).all()
    cancelled: list[int] = []
    for job_id, version_id in pending:
        if job_id is None:
            continue
        updated = _updated(
            session,
            update(Job)
            .where(col(Job.id) == job_id, col(Job.state).in_(("queued", "running")))
            .values(state="cancelled", lease=None, finished_at=utcnow(), error=reason[:500]),
        )
        if updated == 1:
            settle(session, job_id, succeeded=False)
            session.execute(
                update(Version)
                .where(col(Version.id) == version_id)
                .values(status="cancelled", error=reason[:500], finished_at=utcnow())
            )
            cancelled.append(job_id)
    return cancelled


def take_remote_handle(session: Session, job_id: int) -> str | None:
    """For a cancelled job: its provider handle, cleared so the remote cancel happens once."""
    job = session.get(Job, job_id)
    if job is None or job.state != "cancelled" or not job.remote_handle:
        return None
    handle = job.remote_handle  # the UPDATE below also clears it on the loaded object
    updated = _updated(
        session,
        update(Job)
        .where(col(Job.id) == job_id, col(Job.remote_handle) == handle)
        .values(remote_handle=None),
    )
    return handle if updated == 1 else None
