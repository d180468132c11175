"""What a person sees of the queue: their jobs, each with its position and an estimated start."""

from __future__ import annotations

from sqlmodel import Session, col, func, select

from core.fair_queue import aware, positions
from core.models import Card, Job, Version


def my_jobs(session: Session, owner_id: int, project_id: int) -> list[str]:
    """The person's unfinished jobs in the project, running first, then by queue position."""
    rows = session.exec(
        select(Job.id, Job.state, Card.id, Version.number)
        .join(Version, col(Version.id) == col(Job.version_id))
        .join(Card, col(Card.id) == col(Version.card_id))
        .where(
            Job.owner_id == owner_id,
            Card.project_id == project_id,
            col(Job.state).in_(("queued", "running")),
        )
    ).all()
    order = positions(session) if any(state == "queued" for _, state, *_ in rows) else {}
    pace = pace_of(session) if order else None
    lines: list[tuple[int, str]] = []
    for job_id, state, card_id, number in rows:
        label = f"card #{card_id} v{number}"
        if state == "running":
            lines.append((0, f"{label} · generating"))
        elif job_id in order:
            place = order[job_id]
            eta = f", starts in about {round(place * pace)} s" if pace else ""
            lines.append((place, f"{label} · queued (position {place}{eta})"))
        else:
            lines.append((10**9, f"{label} · queued (waiting to retry)"))
    return [text for _, text in sorted(lines)]


def pace_of(session: Session) -> float | None:
    """Seconds between starts lately: a recent job's run time over the jobs running at once."""
    finished = session.exec(
        select(Job.started_at, Job.finished_at)
        .where(col(Job.state) == "succeeded", col(Job.finished_at).is_not(None))
        .order_by(col(Job.finished_at).desc())
        .limit(20)
    ).all()
    spans = [
        (aware(end) - aware(start)).total_seconds() for start, end in finished if start and end
    ]
    if not spans:
        return None
    running = session.exec(select(func.count()).where(col(Job.state) == "running")).one()
    return max(sum(spans) / len(spans), 0.1) / max(running, 1)
