"""Feed queries (all / approved / mine), prompt search and the project showcase."""

from __future__ import annotations

from sqlmodel import Session, col, func, select

from core.archive import hidden
from core.errors import BadInput
from core.models import Card, Version
from core.projects import Context

FILTERS = ("all", "approved", "mine")
MIN_SEARCH = 2


def feed(
    session: Session,
    ctx: Context,
    filter_name: str = "all",
    search: str | None = None,
    limit: int = 20,
    before: int | None = None,
) -> list[tuple[Card, Version]]:
    """Finished versions of the project, newest first, filtered and searched by prompt text;
    `before` continues a page (versions with a smaller id)."""
    name = (filter_name or "all").strip().lower()
    if name not in FILTERS:
        raise BadInput(f'unknown feed filter "{filter_name}"; allowed: {", ".join(FILTERS)}')
    query = (
        select(Card, Version)
        .join(Version, col(Version.card_id) == col(Card.id))
        .where(Card.project_id == ctx.project.id, Version.status == "done")
        .where(col(Card.id).not_in(hidden("card")), col(Version.id).not_in(hidden("version")))
    )
    if before is not None:
        query = query.where(col(Version.id) < before)
    if name == "approved":
        query = query.where(Version.review == "approved")
    elif name == "mine":
        query = query.where(Version.created_by == ctx.user.id)
    if search is not None:
        text = check_search(search)
        pattern = text.lower()
        query = query.where(
            func.lower(Version.prompt).contains(pattern) | func.lower(Card.prompt).contains(pattern)
        )
    rows = session.exec(query.order_by(col(Version.id).desc()).limit(limit)).all()
    return [(card, version) for card, version in rows]


def search_cards(session: Session, ctx: Context, text: str, limit: int = 20) -> list[Card]:
    """Cards whose prompt (draft or any version's) contains the text."""
    pattern = check_search(text).lower()
    matching_versions = select(Version.card_id).where(func.lower(Version.prompt).contains(pattern))
    query = (
        select(Card)
        .where(Card.project_id == ctx.project.id, col(Card.id).not_in(hidden("card")))
        .where(
            func.lower(Card.prompt).contains(pattern)
            | func.lower(Card.title).contains(pattern)
            | col(Card.id).in_(matching_versions)
        )
        .order_by(col(Card.id).desc())
        .limit(limit)
    )
    return list(session.exec(query).all())


def showcase(session: Session, ctx: Context, limit: int = 50) -> list[tuple[Card, Version]]:
    """The project's approved shots."""
    return feed(session, ctx, "approved", limit=limit)


def check_search(text: str) -> str:
    """The stripped search text, at least two characters long."""
    cleaned = " ".join((text or "").split())
    if len(cleaned) < MIN_SEARCH:
        raise BadInput(
            f'search needs at least {MIN_SEARCH} characters; got {len(cleaned)} ("{cleaned}")'
        )
    return cleaned
