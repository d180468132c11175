"""A whole archived project deleted for good: every card, version, scene, character, element,
ref and design emptied or removed, its chats unbound and its members let go; the files it
held are returned for reclaiming. Cards and versions stay as tombstones for the ledger."""

from __future__ import annotations

from sqlmodel import Session, col, delete, select

from core.deletion import Deleted, card_refs, delete_scene, empty_card, tombstone
from core.errors import BadInput
from core.models import (
    AccessCode,
    Archived,
    Card,
    Character,
    ChatBinding,
    Delivery,
    Design,
    Element,
    GallerySheet,
    Job,
    Membership,
    Project,
    Ref,
    Scene,
    SheetCache,
    Version,
)
from core.project_archive import KIND, archived_row


def delete_project(session: Session, project: Project) -> Deleted:
    """Delete an archived project (the caller checked the owner and the confirmation)."""
    row = archived_row(session, project.id)
    if row is None:
        raise BadInput(
            f'archive project "{project.name}" first (/project archive {project.id}); '
            "only an archived project can be deleted"
        )
    card_ids = list(session.exec(select(Card.id).where(Card.project_id == project.id)))
    found = list(session.exec(select(Version).where(col(Version.card_id).in_(card_ids))))
    _refuse_busy(session, project, [v.id for v in found])
    done = Deleted(row.label, tombstone(session, [v for v in found if v.status != "deleted"]))
    for card_id in card_ids:
        assert card_id is not None
        empty_card(session, card_id)
        done.shas |= card_refs(session, card_id)
    for scene_id in session.exec(select(Scene.id).where(Scene.project_id == project.id)).all():
        assert scene_id is not None
        done.shas |= delete_scene(session, scene_id)
    for element in session.exec(select(Element).where(Element.project_id == project.id)):
        done.shas |= {element.image_sha} if element.image_sha else set()
    done.shas |= set(session.exec(select(Ref.image_sha).where(Ref.project_id == project.id)))
    for table in (Character, Element, Ref, Design, GallerySheet, Membership, ChatBinding):
        session.exec(delete(table).where(col(table.project_id) == project.id))
    session.exec(delete(AccessCode).where(col(AccessCode.project_id) == project.id))
    session.exec(
        delete(Archived).where(col(Archived.project_id) == project.id, col(Archived.kind) != KIND)
    )
    project.name, project.showcase_platform, project.showcase_target = "(deleted)", None, None
    session.add(project)
    done.shas |= set(session.exec(select(SheetCache.image_sha)))
    session.exec(delete(SheetCache))  # contact sheets showed its thumbnails
    session.flush()
    return done


def _refuse_busy(session: Session, project: Project, ids: list[int | None]) -> None:
    """Nothing is deleted while a generation runs or a chat post is still coming down."""
    if not ids:
        return
    busy = session.exec(
        select(Job.id).where(
            col(Job.version_id).in_(ids), col(Job.state).in_(("queued", "running"))
        )
    ).first()
    if busy is not None:
        raise BadInput(
            f'project "{project.name}" is still generating; delete it once that has finished'
        )
    posting = session.exec(
        select(Delivery.id).where(
            col(Delivery.version_id).in_(ids), col(Delivery.state).in_(("pending", "sending"))
        )
    ).first()
    if posting is not None:
        raise BadInput(
            f'project "{project.name}"\'s chat posts are still being taken down; try again shortly'
        )
