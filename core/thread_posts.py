"""Version messages in card threads follow the archive: taken down when archived, posted back
on undo or restore, through the same delivery rows the runner already sends."""

from __future__ import annotations

from sqlmodel import Session, col, select

from core.models import Delivery, Version
from core.models.base import row_id


def resync(session: Session, found: list[Version], shown: bool) -> list[tuple[int, str]]:
    """Deliveries that bring the card threads in line: a posted message of a hidden version is
    taken down, a taken-down one of a shown version is posted again.

    The runner decides by the archive at send time (as for the showcase), so archive → undo in
    quick succession settles on the last word.
    """
    ids = [row_id(v) for v in found]
    if not ids:
        return []
    rows = session.exec(
        select(Delivery).where(col(Delivery.version_id).in_(ids), Delivery.kind == "thread")
    ).all()
    posts: list[tuple[int, str]] = []
    for delivery in rows:
        if (shown and delivery.state != "removed") or (not shown and delivery.state != "sent"):
            continue  # pending and sending rows are decided at send time anyway
        delivery.state, delivery.lease, delivery.error = "pending", None, None
        delivery.heartbeat_at = None
        session.add(delivery)
        posts.append((row_id(delivery), delivery.platform))
    session.flush()
    return posts
