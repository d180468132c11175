"""The presenter serves workers: card headers and version messages rendered by id, no actor."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from core import cards
from core.actions import ActionRegistry
from core.archive import any_archived
from core.catalog import ModelCatalog
from core.db import Database
from core.errors import BadInput
from core.models import Card, CardThread, Direction, Version
from core.ports import Storage
from core.views import CardView, VersionView, card_view, version_view


@dataclass(frozen=True)
class HeaderPlace:
    """Where one of a card's headers is posted."""

    platform: str
    target: str
    header_message_id: str


class Presenter:
    """Renders views for delivery and header refreshes; owns no use case."""

    def __init__(
        self, db: Database, storage: Storage, catalog: ModelCatalog, actions: ActionRegistry
    ):
        self._db = db
        self.storage = storage
        self.catalog = catalog
        self.actions = actions

    def render_version(self, session: Session, card: Card, version: Version) -> VersionView:
        direction = session.get(Direction, version.direction_id) if version.direction_id else None
        return version_view(
            session,
            card,
            version,
            catalog=self.catalog,
            actions=self.actions,
            direction=direction,
        )

    def render_card(self, session: Session, card: Card, viewed: Version | None = None) -> CardView:
        return card_view(session, card, catalog=self.catalog, actions=self.actions, viewed=viewed)

    def version_view(self, version_id: int) -> VersionView:
        """A version message as delivery renders it."""
        with self._db.session() as session:
            version = session.get(Version, version_id)
            card = session.get(Card, version.card_id) if version else None
            if version is None or card is None:
                raise BadInput(f"no version with id {version_id}")
            return self.render_version(session, card, version)

    def visibility(self, version_id: int) -> tuple[bool, str]:
        """(archived, review) of a version as `version_view` reports them, without rendering."""
        with self._db.session() as session:
            found = session.exec(
                select(Version.review, Version.card_id, Card.project_id)
                .join(Card, col(Card.id) == col(Version.card_id))
                .where(Version.id == version_id)
            ).first()
            if found is None:
                raise BadInput(f"no version with id {version_id}")
            review, card_id, project_id = found
            targets = [("version", version_id), ("card", card_id), ("project", project_id)]
            return any_archived(session, targets), review

    def card_view(self, card_id: int) -> CardView | None:
        """A card header as workers render it."""
        with self._db.session() as session:
            card = session.get(Card, card_id)
            return self.render_card(session, card) if card else None

    def settle_status(self, card_id: int) -> str | None:
        """Store the card's derived status (after concurrent jobs committed)."""
        with self._db.session() as session:
            card = session.get(Card, card_id)
            return cards.refresh_status(session, card) if card else None

    def headers(self, card_id: int, platforms: list[str]) -> list[HeaderPlace]:
        """The card's posted headers on these platforms."""
        with self._db.session() as session:
            rows = session.exec(
                select(CardThread).where(
                    CardThread.card_id == card_id,
                    col(CardThread.platform).in_(platforms),
                    col(CardThread.header_message_id).is_not(None),
                )
            ).all()
            return [
                HeaderPlace(t.platform, t.target, t.header_message_id)
                for t in rows
                if t.header_message_id
            ]
