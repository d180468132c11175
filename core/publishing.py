"""Publishing versions to the public web gallery, and a project's opt-in public page."""

from __future__ import annotations

import secrets

from sqlmodel import Session, col, select

from core.archive import is_archived
from core.errors import BadInput
from core.models import Card, Publication, PublicProject, Version
from core.models.base import row_id, utcnow
from core.projects import Context

SHOW_WORDS = {"prompt", "handle", "both", "none"}
MAX_PUBLIC_NAME = 80


def new_public_id() -> str:
    """An unguessable id for a public URL (128 random bits, URL-safe)."""
    return secrets.token_urlsafe(16)


def parse_show(text: str) -> tuple[bool, bool]:
    """(show prompt, show handle) from "prompt", "handle", "prompt handle", "both" or "none"."""
    words = set(text.replace(",", " ").lower().split())
    unknown = words - SHOW_WORDS
    if unknown:
        raise BadInput(
            f'unknown choice "{sorted(unknown)[0]}" for what the page shows; '
            "allowed: prompt, handle, both or none (empty: none)"
        )
    if "none" in words and len(words) > 1:
        raise BadInput('"none" shows nothing; do not combine it with prompt or handle')
    both = "both" in words
    return both or "prompt" in words, both or "handle" in words


def live_publication(session: Session, version_id: int) -> Publication | None:
    return session.exec(
        select(Publication).where(
            Publication.version_id == version_id, col(Publication.unpublished_at).is_(None)
        )
    ).first()


def publish(
    session: Session, ctx: Context, version: Version, *, show_prompt: bool, show_handle: bool
) -> tuple[Publication, bool]:
    """Put a finished version on the gallery (or change what its page shows); (row, new)."""
    if version.status != "done" or not version.image_sha:
        raise BadInput(
            f"v{version.number} is not finished; only finished versions can be published"
        )
    if is_archived(session, "version", version.id) or is_archived(session, "card", version.card_id):
        raise BadInput(f"v{version.number} is archived; restore it with /undo before publishing")
    author = ctx.user.display_name.strip() if show_handle else ""
    found = live_publication(session, row_id(version))
    if found is not None:
        found.show_prompt, found.author = show_prompt, author
        session.add(found)
        session.flush()
        return found, False
    row = Publication(
        public_id=new_public_id(),
        version_id=row_id(version),
        project_id=row_id(ctx.project),
        model=version.model,
        show_prompt=show_prompt,
        author=author,
        published_by=row_id(ctx.user),
    )
    session.add(row)
    session.flush()
    return row, True


def unpublish(session: Session, version: Version) -> Publication | None:
    """Take a version's page down at once (its link answers 410); None if it was not up."""
    found = live_publication(session, row_id(version))
    if found is not None:
        found.unpublished_at = utcnow()
        session.add(found)
        session.flush()
    return found


def published_in(
    session: Session, ctx: Context, limit: int = 20
) -> list[tuple[Card, Version, Publication]]:
    """The project's live publications, newest first."""
    rows = session.exec(
        select(Card, Version, Publication)
        .where(
            Publication.project_id == ctx.project.id,
            col(Publication.unpublished_at).is_(None),
            Version.id == Publication.version_id,
            Card.id == Version.card_id,
        )
        .order_by(col(Publication.id).desc())
        .limit(limit)
    ).all()
    return [(c, v, p) for c, v, p in rows]


def set_public_project(session: Session, ctx: Context, name: str | None) -> PublicProject | None:
    """Opt the project in (with its public name) or out (None): its page and name on images."""
    found = session.get(PublicProject, row_id(ctx.project))
    if name is None:
        if found is not None:
            session.delete(found)
            session.flush()
        return None
    cleaned = " ".join(name.split())
    if not cleaned or len(cleaned) > MAX_PUBLIC_NAME:
        raise BadInput(f"a public name needs 1 to {MAX_PUBLIC_NAME} characters; got {len(cleaned)}")
    if found is None:
        found = PublicProject(
            project_id=row_id(ctx.project),
            public_id=new_public_id(),
            public_name=cleaned,
            opted_in_by=row_id(ctx.user),
        )
    found.public_name = cleaned
    session.add(found)
    session.flush()
    return found
