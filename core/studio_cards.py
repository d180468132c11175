"""Studio actions on projects, cards, drafts and generation."""

from __future__ import annotations

from sqlmodel import col, func, select

from core import cards, projects, threads, versions
from core.access import Role
from core.errors import BadInput
from core.focus import set_focus
from core.generation import request_versions
from core.identity import Actor, Place
from core.jobs import cancel_card_jobs
from core.models import Card, Job, Version
from core.prompt_params import parse_prompt
from core.studio_base import Outcome, Scope, StudioBase, numbers
from core.views import STATUS_MARK


class CardActions(StudioBase):
    """Projects, cards, the prompt draft and New Version."""

    # -- projects ----------------------------------------------------------------------------

    def new_project(self, actor: Actor, place: Place, name: str) -> Outcome:
        with self.db.session() as session:
            project = projects.create_project(session, actor, place, name)
            return Outcome(f'project "{project.name}" created; this chat now works in it')

    def use_project(self, actor: Actor, place: Place, name: str) -> Outcome:
        with self.db.session() as session:
            project = projects.use_project(session, actor, place, name)
            return Outcome(f'this chat now works in project "{project.name}"')

    def list_projects(self, actor: Actor) -> Outcome:
        with self.db.session() as session:
            rows = projects.list_projects(session, actor)
            items = [f"#{p.id} {p.name} ({role.name})" for p, role in rows]
            return Outcome("your projects:" if items else "you have no projects yet", items=items)

    def members(self, actor: Actor, place: Place) -> Outcome:
        with self.scope(actor, place) as s:
            rows = projects.members(s.session, s.ctx)
            items = [f"{u.display_name or u.platform_user_id} — {r.name}" for u, r in rows]
            return Outcome(f'members of "{s.ctx.project.name}":', items=items)

    def set_role(self, actor: Actor, place: Place, member: str, role: str) -> Outcome:
        with self.scope(actor, place) as s:
            target = projects.find_member(s.session, s.ctx, member)
            projects.set_role(s.session, s.ctx, target, role)
            return Outcome(f"{target.display_name or target.platform_user_id} is now {role}")

    # -- cards -------------------------------------------------------------------------------

    def new_card(
        self,
        actor: Actor,
        place: Place,
        text: str,
        *,
        generate: bool = False,
        thread_target: str | None = None,
    ) -> Outcome:
        """Create a card (and, for /imagine, queue its first versions at once)."""
        job_ids: list[int] = []
        with self.scope(actor, place, Role.editor) as s:
            card, _ = cards.create_card(
                s.session, s.ctx, place, text, self.catalog, thread_target=thread_target
            )
            set_focus(s.session, place, s.ctx.user, card_id=card.id)
            queued: list[Version] = []
            if generate:
                requested = request_versions(s.session, s.ctx, card, self.catalog)
                queued, job_ids = requested.versions, requested.job_ids
            view = self.render_card(s.session, card)
            text_out = f"card #{card.id} “{card.title}” created"
            if queued:
                text_out += f"; queued {numbers(queued)}"
        self._send(job_ids)
        return Outcome(text_out, card=view, job_ids=job_ids)

    def list_cards(self, actor: Actor, place: Place) -> Outcome:
        with self.scope(actor, place) as s:
            found = cards.list_cards(s.session, s.ctx)
            items = [f"#{c.id} {c.title} [{c.status}]" for c in found]
            return Outcome(
                f'cards in "{s.ctx.project.name}":' if items else "no cards yet", items=items
            )

    def open_card(self, actor: Actor, place: Place, key: str) -> Outcome:
        with self.scope(actor, place) as s:
            card = cards.find_card(s.session, s.ctx, key)
            set_focus(s.session, place, s.ctx.user, card_id=card.id)
            found = versions.latest_versions(s.session, card)
            views = [self.render_version(s.session, card, found[-1])] if found else []
            return Outcome(
                f"opened card #{card.id}", card=self.render_card(s.session, card), versions=views
            )

    def view_version(self, actor: Actor, place: Place, number: str) -> Outcome:
        with self.scope(actor, place) as s:
            card = self.focused_card(s)
            version = versions.version_by_number(s.session, card, number)
            return self._viewing(s, card, version)

    def _viewing(self, s: Scope, card: Card, version: Version) -> Outcome:
        """Make `version` the one the actor views; the header shows the banner."""
        self.focused_version(s, version.id)
        return Outcome(
            f"viewing v{version.number}",
            card=self.render_card(s.session, card, version),
            versions=[self.render_version(s.session, card, version)],
        )

    def step_version(self, actor: Actor, place: Place, version_id: int, step: int) -> Outcome:
        """◀ ▶: view the version `step` away from the given one (of the same card)."""
        with self.scope(actor, place) as s:
            card, current = versions.get_version(s.session, s.ctx, version_id)
            number = current.number + step
            if number < 1:
                raise BadInput("this is the first version")
            version = versions.version_by_number(s.session, card, str(number))
            return self._viewing(s, card, version)

    def edit_prompt(self, actor: Actor, place: Place, text: str) -> Outcome:
        with self.scope(actor, place, Role.editor) as s:
            card = self.focused_card(s)
            cards.edit_prompt(s.session, s.ctx, card, text, self.catalog)
            return Outcome("draft autosaved", card=self.render_card(s.session, card))

    def save_prompt(self, actor: Actor, place: Place) -> Outcome:
        with self.scope(actor, place, Role.editor) as s:
            card = cards.save_prompt(s.session, s.ctx, self.focused_card(s))
            return Outcome("💾 saved", card=self.render_card(s.session, card))

    def restore(
        self, actor: Actor, place: Place, number: str | None = None, version_id: int | None = None
    ) -> Outcome:
        with self.scope(actor, place, Role.editor) as s:
            if number is not None:
                card = self.focused_card(s)
                version = versions.version_by_number(s.session, card, number)
            else:
                card, version = self.focused_version(s, version_id)
            cards.restore(s.session, s.ctx, card, version)
            return Outcome(
                f"↩ restored the prompt and settings of v{version.number}",
                card=self.render_card(s.session, card),
            )

    # -- generation ----------------------------------------------------------------------------

    def new_version(
        self, actor: Actor, place: Place, text: str = "", version_id: int | None = None
    ) -> Outcome:
        """New Version: generate the draft again in the current direction (flags override)."""
        with self.scope(actor, place, Role.editor) as s:
            parent: Version | None = None
            if version_id is not None:
                card, parent = self.focused_version(s, version_id)
            else:
                card = self.focused_card(s)
                found = versions.latest_versions(s.session, card)
                parent = found[-1] if found else None
            direction = self.current_direction(s, card)
            params = None
            if text.strip():
                params = parse_prompt(f"{card.prompt} {text}", models=self.catalog.ids())
                if params.prompt != " ".join(card.prompt.split()):
                    raise BadInput(
                        "/new takes only --flags (e.g. /new --n 3 --ar 9:16); "
                        "change the prompt with /prompt <text>"
                    )
            requested = request_versions(
                s.session,
                s.ctx,
                card,
                self.catalog,
                direction=direction,
                parent=parent,
                params=params,
            )
            job_ids = requested.job_ids
            message = f"queued {numbers(requested.versions)} of card #{card.id}"
            if direction:
                message += f" in direction “{direction.name}”"
            view = self.render_card(s.session, card)
        self._send(job_ids)
        return Outcome(message, card=view, job_ids=job_ids)

    def queue_status(self, actor: Actor, place: Place) -> Outcome:
        with self.scope(actor, place) as s:
            rows = s.session.exec(
                select(Job.state, func.count())
                .join(Version, col(Version.id) == col(Job.version_id))
                .join(Card, col(Card.id) == col(Version.card_id))
                .where(
                    Card.project_id == s.ctx.project.id, col(Job.state).in_(("queued", "running"))
                )
                .group_by(Job.state)
            ).all()
            counts = dict(rows)
            return Outcome(
                f"queue: {counts.get('queued', 0)} queued, {counts.get('running', 0)} running"
            )

    # -- threads -----------------------------------------------------------------------------

    def bind_thread(
        self, card_id: int, platform: str, target: str, header_message_id: str | None = None
    ) -> None:
        """An adapter made the card's thread (or topic): deliver its versions there from now on."""
        with self.db.session() as session:
            card = session.get(Card, card_id)
            if card is None:
                raise BadInput(f"no card with id {card_id}")
            threads.bind_thread(
                session, card, platform, target, header_message_id=header_message_id
            )

    def thread_of_card(self, card_id: int, platform: str, chat_id: str) -> str | None:
        """Where a card lives in a chat (adapters resolve a button's card to its thread)."""
        with self.db.session() as session:
            return threads.thread_of_card(session, card_id, platform, chat_id)

    def cancel(self, actor: Actor, place: Place) -> Outcome:
        """✖️ Cancel the open card's queued and running generations (remote ones too)."""
        with self.scope(actor, place, Role.editor) as s:
            card = self.focused_card(s)
            who = s.ctx.user.display_name or s.ctx.user.platform_user_id
            job_ids = cancel_card_jobs(s.session, card.id, f"cancelled by {who}")  # type: ignore[arg-type]
            cards.refresh_status(s.session, card)
            view = self.render_card(s.session, card)
        # Workers holding a remote handle for one of them ask the provider to stop it.
        self._send(job_ids)
        if not job_ids:
            return Outcome(f"card #{card.id} has nothing queued or generating", card=view)
        return Outcome(f"✖️ cancelled {len(job_ids)} generation(s) of card #{card.id}", card=view)

    def note_messages(self, card_id: int, platform: str, message_ids: list[str]) -> None:
        """An adapter posted replies about a card: replies to them stay in its context."""
        with self.db.session() as session:
            threads.note_messages(session, card_id, platform, message_ids)

    def older_versions(
        self, actor: Actor, place: Place, before: int, limit: int = 24
    ) -> list[tuple[int, str]]:
        """(number, status) of the open card's versions numbered below `before`, newest first."""
        with self.scope(actor, place) as s:
            card = self.focused_card(s)
            rows = s.session.exec(
                select(Version.number, Version.status)
                .where(Version.card_id == card.id, Version.number < before)
                .order_by(col(Version.number).desc())
                .limit(limit)
            ).all()
            return [(number, STATUS_MARK.get(status, status)) for number, status in rows]
