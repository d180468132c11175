"""Thread bindings for adapters: which card lives in which thread, topic or message."""

from __future__ import annotations

from sqlmodel import select

from core import threads
from core.db import Database
from core.errors import BadInput
from core.models import Card, CardThread


class ThreadBindings:
    """Card ↔ thread/topic/message lookups and bookkeeping; adapters never open a session."""

    def __init__(self, db: Database):
        self._db = db

    def bind_thread(
        self,
        card_id: int,
        platform: str,
        target: str,
        header_message_id: str | None = None,
        *,
        chat_id: str | None = None,
    ) -> None:
        """An adapter made the card's thread (or topic) in chat `chat_id` (default: the key's
        chat part; a Discord thread names its channel): deliver its versions there from now on."""
        with self._db.session() as session:
            card = session.get(Card, card_id)
            if card is None:
                raise BadInput(f"no card with id {card_id}")
            threads.bind_thread(
                session,
                card,
                platform,
                target,
                header_message_id=header_message_id,
                chat_id=chat_id,
            )

    def thread_of_card(self, card_id: int, platform: str, chat_id: str) -> str | None:
        """Where a card lives in a chat (adapters resolve a button's card to its thread)."""
        with self._db.session() as session:
            return threads.thread_of_card(session, card_id, platform, chat_id)

    def thread_of_message(self, platform: str, chat_id: str, message_key: str) -> str | None:
        """The thread of the card a message belongs to (a header, version or bot reply)."""
        with self._db.session() as session:
            card = threads.card_for_message(session, platform, message_key)
            if card is None or card.id is None:
                return None
            return threads.thread_of_card(session, card.id, platform, chat_id)

    def thread_of_version(self, platform: str, chat_id: str, version_id: int) -> str | None:
        """The thread of a version's card in this chat (None: unknown id or another chat)."""
        with self._db.session() as session:
            card_id = threads.card_of_version(session, version_id)
            if card_id is None:
                return None
            return threads.thread_of_card(session, card_id, platform, chat_id)

    def version_of_message(self, platform: str, message_key: str) -> int | None:
        """The version a posted message shows (reactions and replies point at messages)."""
        with self._db.session() as session:
            version = threads.version_for_message(session, platform, message_key)
            return version.id if version else None

    def header_of(self, platform: str, thread: str | None) -> str | None:
        """The card header's message key in this thread, once posted."""
        if not thread:
            return None
        with self._db.session() as session:
            return session.exec(
                select(CardThread.header_message_id).where(
                    CardThread.platform == platform, CardThread.target == thread
                )
            ).first()

    def note_messages(self, card_id: int, platform: str, message_ids: list[str]) -> None:
        """An adapter posted replies about a card: replies to them stay in its context."""
        with self._db.session() as session:
            threads.note_messages(session, card_id, platform, message_ids)
