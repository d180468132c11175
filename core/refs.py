"""Reference images: add from uploads or versions, list, remove, reorder, pick for generation."""

from __future__ import annotations

from sqlmodel import Session, col, func, select

from core.access import Role, require_role
from core.errors import BadInput, NotFound
from core.models import Ref, Version
from core.models.base import row_id
from core.names import clean_name
from core.ports import StoredImage
from core.projects import Context

KINDS = ("character", "location", "object", "style")


def add_ref(
    session: Session, ctx: Context, name: str, image: StoredImage, kind: str = "object"
) -> Ref:
    """A new project ref from an uploaded image, placed last."""
    return _create(session, ctx, name, image.sha256, kind=kind, source_version=None)


def save_version_as_ref(
    session: Session, ctx: Context, version: Version, name: str, kind: str = "object"
) -> Ref:
    """📌 Save as Ref: a finished version's image becomes a named project ref."""
    if version.status != "done" or not version.image_sha:
        raise BadInput(f"version {version.number} has no image yet; save a finished version")
    if version.operation == "annotate":  # refs are sent to models; review notes never are
        raise BadInput(
            f"v{version.number} is an annotation (review notes) and is never sent to a model; "
            "save the version it annotates"
        )
    return _create(session, ctx, name, version.image_sha, kind=kind, source_version=version)


def list_refs(session: Session, ctx: Context) -> list[Ref]:
    """The project's shared refs in their order."""
    return list(
        session.exec(
            select(Ref)
            .where(Ref.project_id == ctx.project.id, col(Ref.card_id).is_(None))
            .order_by(col(Ref.position), col(Ref.id))
        ).all()
    )


def find_ref(session: Session, ctx: Context, name: str) -> Ref:
    ref = session.exec(
        select(Ref).where(
            Ref.project_id == ctx.project.id,
            col(Ref.card_id).is_(None),
            func.lower(Ref.name) == name.strip().lower(),
        )
    ).first()
    if ref is None:
        names = ", ".join(r.name for r in list_refs(session, ctx)) or "none yet"
        raise NotFound(f'no ref "{name.strip()}" in project "{ctx.project.name}"; refs: {names}')
    return ref


def remove_ref(session: Session, ctx: Context, name: str) -> Ref:
    """Remove a ref from the project (versions made with it keep their record)."""
    require_role(session, ctx.project, ctx.user, Role.editor)
    ref = find_ref(session, ctx, name)
    session.delete(ref)
    _renumber(session, [r for r in list_refs(session, ctx) if r.id != ref.id])
    return ref


def reorder_ref(session: Session, ctx: Context, name: str, position: int) -> list[Ref]:
    """Move a ref to a 1-based position; earlier refs guide generation first."""
    require_role(session, ctx.project, ctx.user, Role.editor)
    ref = find_ref(session, ctx, name)
    refs = [r for r in list_refs(session, ctx) if r.id != ref.id]
    if not 1 <= position <= len(refs) + 1:
        raise BadInput(f"position must be from 1 to {len(refs) + 1}, got {position}")
    refs.insert(position - 1, ref)
    _renumber(session, refs)
    return refs


def set_kind(session: Session, ctx: Context, name: str, kind: str) -> Ref:
    """Say what a ref shows: a character, a location, an object or a style."""
    require_role(session, ctx.project, ctx.user, Role.editor)
    ref = find_ref(session, ctx, name)
    ref.kind = check_kind(kind)
    session.add(ref)
    session.flush()
    return ref


def check_kind(kind: str) -> str:
    """A ref kind as stored, or BadInput naming the kinds."""
    key = kind.strip().lower()
    if key not in KINDS:
        raise BadInput(f'unknown ref kind "{kind.strip()}"; allowed: {", ".join(KINDS)}')
    return key


def refs_for_generation(
    session: Session, project_id: int, card_id: int, direction_id: int | None, limit: int
) -> list[Ref]:
    """The refs a generation uses: the direction's source first, then the project's, in order."""
    return ref_candidates(session, project_id, card_id, direction_id)[:limit]


def ref_candidates(
    session: Session, project_id: int, card_id: int, direction_id: int | None
) -> list[Ref]:
    """Every ref a generation would use, in order (a model takes the first `max_refs`)."""
    refs: list[Ref] = []
    if direction_id is not None:
        refs += session.exec(
            select(Ref)
            .where(Ref.card_id == card_id, Ref.direction_id == direction_id)
            .order_by(col(Ref.id))
        ).all()
    refs += session.exec(
        select(Ref)
        .where(Ref.project_id == project_id, col(Ref.card_id).is_(None))
        .order_by(col(Ref.position), col(Ref.id))
    ).all()
    return refs


def check_new_name(session: Session, ctx: Context, name: str) -> str:
    """The cleaned name, if the actor may add a ref by that name to the project."""
    require_role(session, ctx.project, ctx.user, Role.editor)
    name = clean_name(name, what="ref", max_length=60)
    existing = session.exec(
        select(Ref).where(
            Ref.project_id == ctx.project.id,
            col(Ref.card_id).is_(None),
            func.lower(Ref.name) == name.lower(),
        )
    ).first()
    if existing:
        raise BadInput(
            f'project "{ctx.project.name}" already has a ref "{existing.name}"; '
            "pick another name or remove that one first"
        )
    return name


def _create(
    session: Session,
    ctx: Context,
    name: str,
    sha: str,
    *,
    kind: str,
    source_version: Version | None,
) -> Ref:
    name = check_new_name(session, ctx, name)
    kind = check_kind(kind)
    top = session.exec(
        select(func.max(Ref.position)).where(
            Ref.project_id == ctx.project.id, col(Ref.card_id).is_(None)
        )
    ).one()
    ref = Ref(
        project_id=row_id(ctx.project),
        name=name,
        kind=kind,
        position=(top or 0) + 1,
        image_sha=sha,
        source_version_id=source_version.id if source_version else None,
        created_by=row_id(ctx.user),
    )
    session.add(ref)
    session.flush()
    return ref


def _renumber(session: Session, refs: list[Ref]) -> None:
    for index, ref in enumerate(refs, start=1):
        ref.position = index
        session.add(ref)
    session.flush()
