"""Delete what was archived, for good: its content, its rows and (afterwards) its files.

Only archived things are deleted, by their archive number. Owners delete anything; editors
what they made. Nothing another member still uses is lost silently: a version a scene shot,
a ref or a character portrait was made from is refused with the names of those users.
Versions and cards stay as empty tombstones (status "deleted") because the credit ledger's
jobs point at them; everything they held (prompt, its revisions and chat, image, mask, posts,
favourites, the job's provider handle) goes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, col, delete, select, update

from core.access import Role, require_role
from core.errors import BadInput, Forbidden, NotFound
from core.models import (
    Archived,
    Card,
    CardContext,
    CardMessage,
    Character,
    Delivery,
    Element,
    Favorite,
    Focus,
    Job,
    PromptRevision,
    Ref,
    Scene,
    SceneShot,
    SheetCache,
    Version,
    VersionContext,
)
from core.models.base import row_id
from core.projects import Context

DELETED = "deleted"


@dataclass
class Deleted:
    """What a delete took: its label and the image files it let go (reclaimed after commit)."""

    label: str
    shas: set[str] = field(default_factory=set)


def is_deleted(session: Session, row: Archived) -> bool:
    """A tombstone's archive row: kept so the tombstone stays hidden, never listed or undone."""
    if row.kind not in ("version", "card"):
        return False
    target = (
        session.get(Version, row.target_id)
        if row.kind == "version"
        else session.get(Card, row.target_id)
    )
    return target is None or target.status == DELETED


def archived_item(session: Session, ctx: Context, number: int) -> Archived:
    row = session.get(Archived, number) if number > 0 else None
    if (
        row is None
        or row.project_id != ctx.project.id
        or row.restored_at is not None
        or is_deleted(session, row)
    ):
        raise NotFound(
            f'no archived item #{number} in project "{ctx.project.name}"; only archived '
            "things can be deleted (see /archive list)"
        )
    return row


def delete_archived(session: Session, ctx: Context, row: Archived) -> Deleted:
    """Delete the archived item `row` (the caller confirmed)."""
    role = require_role(session, ctx.project, ctx.user, Role.editor)
    if role < Role.owner and _maker(session, row) != ctx.user.id:
        raise Forbidden(
            f"only an owner, or the person who made it, can delete {row.label}; "
            "you can still archive and restore it"
        )
    if row.kind == "version":
        version = session.get(Version, row.target_id)
        assert version is not None
        found = [version]
    elif row.kind == "card":
        found = list(session.exec(select(Version).where(Version.card_id == row.target_id)))
        found = [v for v in found if v.status != DELETED]
    else:
        found = []
    if row.kind == "character":
        character = session.get(Character, row.target_id)
        assert character is not None
        portraits = session.exec(select(Version).where(Version.card_id == character.card_id))
        found = [v for v in portraits if v.status != DELETED]
    _refuse_used(session, found, row)
    done = Deleted(row.label, tombstone(session, found))
    if row.kind == "card" or row.kind == "character":
        card_id = row.target_id if row.kind == "card" else _character_card(session, row)
        empty_card(session, card_id)
        done.shas |= card_refs(session, card_id)
    if row.kind == "character":
        session.exec(delete(Character).where(col(Character.id) == row.target_id))
    if row.kind == "scene":
        done.shas |= delete_scene(session, row.target_id)
    if row.kind == "element":
        element = session.get(Element, row.target_id)
        if element is not None and element.image_sha:
            done.shas.add(element.image_sha)
        session.exec(delete(Element).where(col(Element.id) == row.target_id))
    if row.kind in ("scene", "element", "character"):
        session.delete(row)  # the row itself is gone: nothing left to hide
    # Contact sheets show thumbnails of what was deleted: the cache renders anew.
    done.shas |= set(session.exec(select(SheetCache.image_sha)))
    session.exec(delete(SheetCache))
    session.flush()
    return done


def _maker(session: Session, row: Archived) -> int | None:
    target: Version | Scene | Character | Element | None
    if row.kind == "card":
        card = session.get(Card, row.target_id)
        return card.author_id if card else None
    if row.kind == "version":
        target = session.get(Version, row.target_id)
    elif row.kind == "scene":
        target = session.get(Scene, row.target_id)
    elif row.kind == "character":
        target = session.get(Character, row.target_id)
    else:
        target = session.get(Element, row.target_id)
    return target.created_by if target else None


def _refuse_used(session: Session, found: list[Version], row: Archived) -> None:
    """Refuse by name when a scene shot, a ref or a portrait elsewhere was made from `found`."""
    ids = [row_id(v) for v in found]
    if not ids:
        return
    users: list[str] = []
    for scene in session.exec(
        select(Scene).join(SceneShot).where(col(SceneShot.version_id).in_(ids))
    ).unique():
        users.append(f"a shot in scene “{scene.name}”")
    own_card = row.target_id if row.kind == "card" else None
    for ref in session.exec(select(Ref).where(col(Ref.source_version_id).in_(ids))):
        if own_card is None or ref.card_id != own_card:
            users.append(f"ref “{ref.name}”")
    own = row.target_id if row.kind == "character" else None
    for character in session.exec(
        select(Character).where(col(Character.portrait_version_id).in_(ids))
    ):
        if character.id != own:
            users.append(f"{character.name}'s portrait")
    busy = session.exec(
        select(Job.id).where(
            col(Job.version_id).in_(ids), col(Job.state).in_(("queued", "running"))
        )
    ).first()
    if busy is not None:
        raise BadInput(f"{row.label} is still generating; delete it once it has finished")
    posting = session.exec(
        select(Delivery.id).where(
            col(Delivery.version_id).in_(ids), col(Delivery.state).in_(("pending", "sending"))
        )
    ).first()
    if posting is not None:
        raise BadInput(f"{row.label}'s chat posts are still being taken down; try again shortly")
    if users:
        raise BadInput(
            f"{row.label} is still used by {', '.join(sorted(set(users)))}; remove those first "
            "(nothing was deleted)"
        )


def tombstone(session: Session, found: list[Version]) -> set[str]:
    """Empty each version; return the image files it held."""
    shas: set[str] = set()
    ids = [row_id(v) for v in found]
    if not ids:
        return shas
    for table in (Favorite, VersionContext, Delivery):
        session.exec(delete(table).where(col(table.version_id).in_(ids)))
    session.exec(update(Focus).where(col(Focus.version_id).in_(ids)).values(version_id=None))
    # The job row stays for the ledger, without the words: a provider's handle carries the
    # request's parameters (prompt included) and its error or progress may quote them.
    session.exec(
        update(Job)
        .where(col(Job.version_id).in_(ids))
        .values(remote_handle=None, error=None, progress=None)
    )
    for version in found:
        shas |= {s for s in (version.image_sha, version.mask_sha, version.media_sha) if s}
        version.image_sha = version.mask_sha = version.media_sha = version.error = None
        version.prompt, version.negative_prompt, version.op_params = "", "", {}
        version.status, version.review, version.ref_ids = DELETED, "none", []
        version.loras = []
        session.add(version)
    return shas


def _character_card(session: Session, row: Archived) -> int:
    character = session.get(Character, row.target_id)
    assert character is not None
    return character.card_id


def empty_card(session: Session, card_id: int) -> None:
    card = session.get(Card, card_id)
    if card is None:
        return
    card.title, card.prompt, card.saved_prompt, card.negative_prompt = "(deleted)", "", "", ""
    card.status = DELETED
    session.add(card)
    for table in (CardContext, PromptRevision, CardMessage):
        session.exec(delete(table).where(col(table.card_id) == card_id))
    session.exec(update(Focus).where(col(Focus.card_id) == card_id).values(card_id=None))


def card_refs(session: Session, card_id: int) -> set[str]:
    """The card's own refs go with it (project refs stay)."""
    refs = session.exec(select(Ref).where(Ref.card_id == card_id)).all()
    session.exec(delete(Ref).where(col(Ref.card_id) == card_id))
    return {r.image_sha for r in refs}


def delete_scene(session: Session, scene_id: int) -> set[str]:
    shots = session.exec(select(SceneShot).where(SceneShot.scene_id == scene_id)).all()
    shas = {s.image_sha for s in shots}
    session.exec(delete(SceneShot).where(col(SceneShot.scene_id) == scene_id))
    session.exec(
        update(CardContext).where(col(CardContext.scene_id) == scene_id).values(scene_id=None)
    )
    session.exec(delete(Scene).where(col(Scene.id) == scene_id))
    return shas
