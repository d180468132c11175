"""The Studio base: dependencies, the actor's scope, focus and view rendering."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlmodel import Session

from core import cards, chat, projects, threads, versions
from core.access import Role
from core.catalog import ModelCatalog
from core.db import Database
from core.errors import BadInput
from core.focus import get_focus, set_focus
from core.identity import Actor, Place
from core.models import Card, Direction, Version
from core.ports import JobQueue, Storage
from core.projects import Context
from core.views import CardView, VersionView, card_view, version_view


@dataclass
class Outcome:
    """What an action produced: a message, and views for the adapter to render."""

    text: str
    card: CardView | None = None
    versions: list[VersionView] = field(default_factory=list)
    job_ids: list[int] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    card_id: int | None = None

    @property
    def about_card(self) -> int | None:
        """The card this outcome concerns, when it concerns one."""
        return self.card_id or (self.card.card_id if self.card else None)


@dataclass
class Scope:
    """An open transaction with the actor's context resolved."""

    session: Session
    ctx: Context
    place: Place


class StudioBase:
    """Dependencies and shared steps of every Studio action."""

    def __init__(
        self,
        db: Database,
        storage: Storage,
        queue: JobQueue,
        catalog: ModelCatalog | None = None,
        assistant: chat.Assistant | None = None,
    ):
        self.db = db
        self.storage = storage
        self.queue = queue
        self.catalog = catalog or ModelCatalog()
        self.assistant = assistant or chat.EchoAssistant()

    @contextmanager
    def scope(self, actor: Actor, place: Place, minimum: Role = Role.viewer) -> Iterator[Scope]:
        with self.db.session() as session:
            yield Scope(session, projects.current(session, actor, place, minimum), place)

    # -- views -------------------------------------------------------------------------------

    def render_version(self, session: Session, card: Card, version: Version) -> VersionView:
        direction = session.get(Direction, version.direction_id) if version.direction_id else None
        return version_view(
            session, card, version, storage=self.storage, catalog=self.catalog, direction=direction
        )

    def render_card(self, session: Session, card: Card, viewed: Version | None = None) -> CardView:
        return card_view(session, card, catalog=self.catalog, viewed=viewed)

    def viewable_version(self, actor: Actor, place: Place, version_id: int) -> VersionView:
        """A version the actor may look at (its project is this chat's); ids from the wire."""
        with self.scope(actor, place) as s:
            card, version = versions.get_version(s.session, s.ctx, version_id)
            return self.render_version(s.session, card, version)

    def version_view_by_id(self, version_id: int) -> VersionView:
        """A version message as delivery renders it (no actor: worker side)."""
        with self.db.session() as session:
            version = session.get(Version, version_id)
            if version is None:
                raise BadInput(f"no version with id {version_id}")
            card = session.get(Card, version.card_id)
            assert card is not None
            return self.render_version(session, card, version)

    def settle_status(self, card_id: int) -> str | None:
        """Recompute a card's status in a fresh transaction (after concurrent jobs committed)."""
        with self.db.session() as session:
            card = session.get(Card, card_id)
            return cards.refresh_status(session, card) if card else None

    def card_view_by_id(self, card_id: int) -> CardView | None:
        """A card header as workers render it (no actor: worker side)."""
        with self.db.session() as session:
            card = session.get(Card, card_id)
            return self.render_card(session, card) if card else None

    # -- focus -------------------------------------------------------------------------------

    def focused_card(self, s: Scope) -> Card:
        """Inside a card thread, that thread's card; elsewhere the card the user opened."""
        card = None
        if s.place.thread_id:
            card = threads.card_in_thread(s.session, s.place.platform, s.place.thread_id)
        if card is None:
            focus = get_focus(s.session, s.place, s.ctx.user)
            card = s.session.get(Card, focus.card_id) if focus.card_id else None
        if card is None or card.project_id != s.ctx.project.id:
            raise BadInput("no card is open here; open one with /open <card> or see /cards")
        return card

    def focused_version(self, s: Scope, version_id: int | None = None) -> tuple[Card, Version]:
        """The version acted on: the one named by a button, else the one being viewed."""
        if version_id is not None:
            card, version = versions.get_version(s.session, s.ctx, version_id)
        else:
            card = self.focused_card(s)
            focus = get_focus(s.session, s.place, s.ctx.user)
            version = s.session.get(Version, focus.version_id) if focus.version_id else None
            if version is None or version.card_id != card.id:
                found = versions.latest_versions(s.session, card)
                if not found:
                    raise BadInput(f"card #{card.id} has no versions yet; generate with /new")
                version = found[-1]
        set_focus(
            s.session,
            s.place,
            s.ctx.user,
            card_id=card.id,
            version_id=version.id,
            direction_id=version.direction_id,
        )
        return card, version

    def current_direction(self, s: Scope, card: Card) -> Direction | None:
        focus = get_focus(s.session, s.place, s.ctx.user)
        if focus.card_id == card.id and focus.direction_id:
            return s.session.get(Direction, focus.direction_id)
        return None

    def _send(self, job_ids: list[int]) -> None:
        for job_id in job_ids:
            self.queue.enqueue_generation(job_id)

    def _deliver(self, deliveries: list[tuple[int, str]]) -> None:
        for delivery_id, platform in deliveries:
            self.queue.enqueue_delivery(delivery_id, platform)


def numbers(found: list[Version]) -> str:
    """v3 or v3–v5."""
    if len(found) == 1:
        return f"v{found[0].number}"
    return f"v{found[0].number}–v{found[-1].number}"
