"""What each user is viewing in each chat: open card, viewed version, current direction."""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from core.db import held
from core.identity import Place
from core.models import Focus, User
from core.models.base import row_id, utcnow


def get_focus(session: Session, place: Place, user: User) -> Focus:
    """The user's focus in this chat (empty when nothing is open)."""
    focus = held(session, session.get(Focus, (place.platform, place.focus_key, user.id)))
    return focus or Focus(platform=place.platform, chat_id=place.focus_key, user_id=row_id(user))


def set_focus(
    session: Session,
    place: Place,
    user: User,
    *,
    card_id: int | None,
    version_id: int | None = None,
    direction_id: int | None = None,
) -> Focus:
    """Open a card (and optionally a version and direction) for this user in this chat."""
    key = (place.platform, place.focus_key, row_id(user))
    focus = session.get(Focus, key)
    if focus is None:
        # Two first commands of one person in one chat, handled at once (in two processes):
        # one inserts, the other waits for that row and opens its card in it.
        insert = (
            postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
        )
        session.execute(
            insert(Focus)
            .values(platform=key[0], chat_id=key[1], user_id=key[2], updated_at=utcnow())
            .on_conflict_do_nothing()
        )
        focus = session.get(Focus, key)
        assert focus is not None, "inserted now or committed by another transaction"
    focus.card_id = card_id
    focus.version_id = version_id
    focus.direction_id = direction_id
    focus.updated_at = utcnow()
    session.add(focus)
    session.flush()
    return focus
