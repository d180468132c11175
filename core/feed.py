"""Feed queries (all / approved / mine), prompt search and the project showcase."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, func, select

from core.archive import hidden
from core.errors import BadInput
from core.models import Card, Version
from core.models.base import row_id
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
    if search is None:
        return _newest(session, [query], limit)
    pattern = check_search(search).lower()
    by_card = select(Card.id).where(Card.project_id == ctx.project.id, _has(Card.prompt, pattern))
    return _newest(
        session,
        [
            query.where(_has(Version.prompt, pattern)),
            query.where(col(Card.id).in_(by_card)),  # the card's draft mentions it
        ],
        limit,
    )


def _has(column: Any, pattern: str) -> Any:
    """`column` contains the lower-case text, taken literally (% and _ are not wildcards)."""
    return func.lower(column).contains(pattern, autoescape=True)


def _newest(session: Session, queries: list[Any], limit: int) -> list[tuple[Card, Version]]:
    """The newest `limit` rows of several queries. A search asks one question per index (an OR
    across the join would read every version of the project), then merges the answers."""
    rows: dict[int, tuple[Card, Version]] = {}
    for query in queries:
        for card, version in session.exec(query.order_by(col(Version.id).desc()).limit(limit)):
            rows[row_id(version)] = (card, version)
    return [rows[key] for key in sorted(rows, reverse=True)[:limit]]


def search_cards(session: Session, ctx: Context, text: str, limit: int = 20) -> list[Card]:
    """Cards whose prompt (draft or any version's) or title contains the text, newest first."""
    pattern = check_search(text).lower()
    shown = select(col(Card.id)).where(
        Card.project_id == ctx.project.id, col(Card.id).not_in(hidden("card"))
    )
    asks = [
        shown.where(_has(Card.prompt, pattern)),
        shown.where(_has(Card.title, pattern)),
        shown.where(
            select(col(Version.id))
            .where(col(Version.card_id) == col(Card.id), _has(Version.prompt, pattern))
            .exists()
        ),
    ]
    ids: set[int] = set()
    for ask in asks:
        found = session.exec(ask.order_by(col(Card.id).desc()).limit(limit))
        ids.update(card_id for card_id in found if card_id is not None)
    newest = sorted(ids, reverse=True)[:limit]
    cards = session.exec(select(Card).where(col(Card.id).in_(newest))).all()
    return sorted(cards, key=row_id, reverse=True)


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
