"""What each user is viewing in each chat: open card, viewed version, current direction."""

from __future__ import annotations

from sqlmodel import Session

from core.identity import Place
from core.models import Focus, User
from core.models.base import row_id, utcnow


def get_focus(session: Session, place: Place, user: User) -> Focus:
    """The user's focus in this chat (empty when nothing is open)."""
    focus = session.get(Focus, (place.platform, place.focus_key, user.id))
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
    focus = session.get(Focus, (place.platform, place.focus_key, user.id))
    if focus is None:
        focus = Focus(platform=place.platform, chat_id=place.focus_key, user_id=row_id(user))
    focus.card_id = card_id
    focus.version_id = version_id
    focus.direction_id = direction_id
    focus.updated_at = utcnow()
    session.add(focus)
    session.flush()
    return focus
