"""The showcase channel: approved versions are posted there; un-approved ones are taken down."""

from __future__ import annotations

from sqlmodel import Session, select

from core.access import Role, require_role
from core.archive import is_archived
from core.identity import Place
from core.models import Delivery, Project, Version
from core.models.base import row_id
from core.projects import Context


def set_channel(session: Session, ctx: Context, place: Place | None) -> Project:
    """Owners choose the chat (or thread) approved shots are posted to; None turns it off."""
    require_role(session, ctx.project, ctx.user, Role.owner)
    project = ctx.project
    if place is None:
        project.showcase_platform = project.showcase_target = None
    else:
        project.showcase_platform = place.platform
        project.showcase_target = place.thread_id or place.chat_id
    session.add(project)
    return project


def sync(session: Session, project: Project, version: Version) -> list[tuple[int, str]]:
    """The showcase delivery that brings the channel in line with the version's review.

    Approved: a pending post (again, if it was taken down). Not approved: a pending take-down of
    a posted message. The delivery runner decides which by the review at send time, so a quick
    approve → reject → approve settles on the last word.
    """
    if not project.showcase_platform or not project.showcase_target:
        return []
    delivery = session.exec(
        select(Delivery).where(
            Delivery.version_id == version.id,
            Delivery.platform == project.showcase_platform,
            Delivery.target == project.showcase_target,
        )
    ).first()
    approved = version.review == "approved" and not (
        is_archived(session, "version", version.id)
        or is_archived(session, "card", version.card_id)
        or is_archived(session, "project", project.id)
    )
    if delivery is None:
        if not approved:
            return []
        delivery = Delivery(
            kind="showcase",
            version_id=row_id(version),
            platform=project.showcase_platform,
            target=project.showcase_target,
        )
    elif delivery.state in ("sent", "removed", "failed"):
        if approved == (delivery.state == "sent"):
            return []
        delivery.state = "pending"
        delivery.lease = None
        delivery.error = None
    session.add(delivery)
    session.flush()
    return [(row_id(delivery), delivery.platform)]
