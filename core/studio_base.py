"""The Studio base: dependencies, the actor's scope, focus and view rendering."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlmodel import Session

from core import cards, chat, projects, threads, versions
from core.access import Role
from core.action_table import PICKS, default_actions, pick_action
from core.actions import ActionRegistry
from core.billing import Billing
from core.catalog import ModelCatalog
from core.cell_picks import CellPicks
from core.contact_sheet import Tile
from core.db import Database
from core.errors import BadInput, NotFound
from core.focus import get_focus, set_focus
from core.identity import Actor, Place
from core.models import Card, Direction, Version
from core.ports import JobQueue, Storage
from core.presenter import Presenter
from core.previews import Preview, PreviewRule, preview_of
from core.projects import Context
from core.sheets import SheetCatalogue
from core.views import Action, CardView, VersionView


@dataclass(frozen=True)
class Picture:
    """An image for the adapter to send with the answer (a contact sheet, an original)."""

    key: str
    """The storage key (sha256) of the image."""
    caption: str
    filename: str


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
    pictures: list[Picture] = field(default_factory=list)
    """Images to send with the text (feed and ref contact sheets, a Full size original)."""
    originals: list[VersionView] = field(default_factory=list)
    """Versions whose original file is asked for (🔍 Full size)."""
    buttons: list[Action] = field(default_factory=list)
    opens: bool = False
    """The answer opens its versions (a gallery tile, a portrait): adapters post them."""
    """Registry buttons that come with the answer (a gallery's numbered tiles, "older")."""

    @property
    def about_card(self) -> int | None:
        """The card this outcome concerns, when it concerns one."""
        return self.card_id or (self.card.card_id if self.card else None)

    @property
    def suggestion_actions(self) -> list[Action]:
        """The assistant's suggestions as buttons: pressing one answers it (`pick<n>`); then
        the answer's own buttons (gallery tiles)."""
        card_id = self.about_card
        picks = [
            Action(pick_action(n), label, card_id)
            for n, label in enumerate(self.suggestions[:PICKS], start=1)
            if card_id is not None
        ]
        return picks + self.buttons


@dataclass
class Scope:
    """An open transaction with the actor's context resolved."""

    session: Session
    ctx: Context
    place: Place
    roles: tuple[str, ...] = ()
    """The actor's platform roles (Discord role ids), for plans assigned per role."""


class StudioBase:
    """Dependencies and shared steps of every Studio action."""

    def __init__(
        self,
        db: Database,
        storage: Storage,
        queue: JobQueue,
        catalog: ModelCatalog | None = None,
        assistant: chat.Assistant | None = None,
        actions: ActionRegistry | None = None,
        billing: Billing | None = None,
        picks: CellPicks | None = None,
    ):
        self._db = db
        self.storage = storage
        self.queue = queue
        self.catalog = catalog or ModelCatalog()
        self.assistant = assistant or chat.EchoAssistant()
        self.actions = actions or default_actions()
        self.billing = billing or Billing()
        self.presenter = Presenter(db, storage, self.catalog, self.actions)
        self.sheets = SheetCatalogue(db, storage)
        self.picks = picks or CellPicks()

    @contextmanager
    def scope(self, actor: Actor, place: Place, minimum: Role = Role.viewer) -> Iterator[Scope]:
        with self._db.session() as session:
            ctx = projects.current(session, actor, place, minimum)
            yield Scope(session, ctx, place, actor.roles)

    def read_image(self, key: str) -> bytes:
        """The stored bytes of an image a view or outcome names (adapters send them)."""
        return self.storage.read(key)

    def preview_image(self, key: str, rule: PreviewRule) -> Preview:
        """What a platform is shown of an image (`core.previews`; the original when it suits)."""
        return preview_of(self.storage, key, rule)

    def image_size(self, key: str | None) -> int | None:
        """The stored byte size of an image (None: no key, or nothing stored under it)."""
        if not key:
            return None
        try:
            return self.storage.size(key)
        except NotFound:
            return None

    # -- views -------------------------------------------------------------------------------

    def render_version(self, session: Session, card: Card, version: Version) -> VersionView:
        return self.presenter.render_version(session, card, version)

    def render_card(self, session: Session, card: Card, viewed: Version | None = None) -> CardView:
        return self.presenter.render_card(session, card, viewed)

    # -- focus -------------------------------------------------------------------------------

    def focused_card(self, s: Scope, card_id: int | None = None) -> Card:
        """The card a button names; else inside a card thread, that thread's card; elsewhere
        the card the user opened."""
        if card_id is not None:
            return cards.get_card(s.session, s.ctx, card_id)
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
            viewed = s.session.get(Version, focus.version_id) if focus.version_id else None
            if viewed is not None and viewed.card_id == card.id:
                version = viewed
            else:
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

    def _sheet(self, tiles: list[Tile], caption: str, name: str) -> list[Picture]:
        """A contact sheet of the tiles as the answer's picture (none for an empty list); drawn
        once per content (see core.sheets)."""
        drawn = self.sheets.sheet(tiles)
        return [Picture(drawn.key, caption, f"{name}.jpg")] if drawn else []

    def _changed(self, card_id: int | None) -> None:
        """The card changed (draft, review, cancel): its headers are refreshed, one sender each."""
        if card_id is not None:
            self.queue.enqueue_header(card_id)

    def _deliver(self, deliveries: list[tuple[int, str]]) -> None:
        for delivery_id, platform in deliveries:
            self.queue.enqueue_delivery(delivery_id, platform)


def numbers(found: list[Version]) -> str:
    """v3 or v3–v5."""
    if len(found) == 1:
        return f"v{found[0].number}"
    return f"v{found[0].number}–v{found[-1].number}"
