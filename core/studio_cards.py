"""Studio actions on projects, cards, drafts and generation."""

from __future__ import annotations

from dataclasses import replace

from sqlmodel import col, func, select

from core import cards, projects, queue_view, versions
from core.access import Role
from core.contact_sheet import Tile
from core.errors import BadInput
from core.first_contact import project_for_first_card
from core.focus import set_focus
from core.generation import Requested, request_versions
from core.identity import Actor, Place
from core.jobs import cancel_card_jobs
from core.lineage import origin, recipe_root
from core.models import Card, Direction, Job, Version
from core.models.base import row_id
from core.prompt_params import MAX_VOICE_LINE, PromptParams, parse_prompt, parse_seed
from core.studio_base import Outcome, Scope, StudioBase, numbers
from core.views import STATUS_MARK, Action


class CardActions(StudioBase):
    """Projects, cards, the prompt draft and New Version."""

    # -- projects ----------------------------------------------------------------------------

    def new_project(self, actor: Actor, place: Place, name: str) -> Outcome:
        with self._db.session() as session:
            project = projects.create_project(session, actor, place, name)
            return Outcome(f'project "{project.name}" created; this chat now works in it')

    def use_project(self, actor: Actor, place: Place, name: str) -> Outcome:
        with self._db.session() as session:
            project = projects.use_project(session, actor, place, name)
            return Outcome(f'this chat now works in project "{project.name}"')

    def list_projects(self, actor: Actor) -> Outcome:
        with self._db.session() as session:
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
        params: PromptParams,
        *,
        generate: bool = False,
        thread_target: str | None = None,
    ) -> Outcome:
        """Create a card (and, for /imagine, queue its first versions at once).

        A person's first card in a chat without a project creates one when they may.
        """
        job_ids: list[int] = []
        offers: list[Action] = []
        with self._db.session() as session:
            ctx, note = project_for_first_card(session, actor, place)
            s = Scope(session, ctx, place, actor.roles)
            card = cards.create_card(
                session, ctx, place, params, self.catalog, thread_target=thread_target
            )
            set_focus(session, place, ctx.user, card_id=card.id)
            lines = [note] if note else []
            lines.append(f"card #{card.id} “{card.title}” created")
            if generate:
                requested = self._request(s, card, None, None)
                job_ids = requested.job_ids
                lines[-1] += f"; queued {numbers(requested.versions)}"
                lines += requested.notes
                offers = requested.offers(card.id)
            view = self.render_card(session, card)
        self._send(job_ids)
        return Outcome("\n".join(lines), card=view, job_ids=job_ids, buttons=offers)

    def list_cards(self, actor: Actor, place: Place) -> Outcome:
        with self.scope(actor, place) as s:
            found = cards.list_cards(s.session, s.ctx)
            items = [f"#{c.id} {c.title} [{cards.status_of(s.session, c)}]" for c in found]
            tiles = [
                Tile(sha, f"#{c.id} {c.title}")
                for c in found
                if (sha := versions.cover_of(s.session, c)) is not None
            ]
            title = f'cards in "{s.ctx.project.name}":' if items else "no cards yet"
        return Outcome(title, items=items, pictures=self._sheet(tiles, title, "cards"))

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

    def version_id(self, actor: Actor, place: Place, number: str) -> int:
        """The id of the open card's version `number` (read only: the view does not move)."""
        with self.scope(actor, place) as s:
            version = versions.version_by_number(s.session, self.focused_card(s), number)
            assert version.id is not None
            return version.id

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

    def edit_prompt(
        self,
        actor: Actor,
        place: Place,
        params: PromptParams | str,
        *,
        seed: str | None = None,
        card_id: int | None = None,
    ) -> Outcome:
        """Replace the draft (autosaved); `seed` "random" or a number (the edit form's field)."""
        if isinstance(params, str):
            params = parse_prompt(params, models=self.catalog.ids(), limit=MAX_VOICE_LINE)
        if seed is not None and seed.strip():
            chosen = parse_seed(seed)
            params = replace(params, seed=chosen, random_seed=chosen is None)
        with self.scope(actor, place, Role.editor) as s:
            card = self.focused_card(s, card_id)
            cards.edit_prompt(s.session, s.ctx, card, params, self.catalog)
            view = self.render_card(s.session, card)
        self._changed(view.card_id)
        return Outcome("draft autosaved", card=view)

    def save_prompt(self, actor: Actor, place: Place, card_id: int | None = None) -> Outcome:
        with self.scope(actor, place, Role.editor) as s:
            card = cards.save_prompt(s.session, s.ctx, self.focused_card(s, card_id))
            view = self.render_card(s.session, card)
        self._changed(view.card_id)
        return Outcome("💾 saved; ↶ Revert to saved (/revert) brings this draft back", card=view)

    def revert_prompt(self, actor: Actor, place: Place, card_id: int | None = None) -> Outcome:
        with self.scope(actor, place, Role.editor) as s:
            card = cards.revert(s.session, s.ctx, self.focused_card(s, card_id))
            view = self.render_card(s.session, card)
        self._changed(view.card_id)
        return Outcome("↶ the draft is back to the saved prompt", card=view)

    def restore(
        self, actor: Actor, place: Place, number: str | None = None, version_id: int | None = None
    ) -> Outcome:
        with self.scope(actor, place, Role.editor) as s:
            if number is not None:
                card = self.focused_card(s)
                version = versions.version_by_number(s.session, card, number)
            else:
                card, version = self.focused_version(s, version_id)
            root = recipe_root(s.session, version)  # an edit carries on its generation's recipe
            cards.restore(s.session, s.ctx, card, root)
            text = f"↩ restored the prompt and settings of v{root.number}"
            if root.id != version.id:
                text += f" (v{version.number} is {origin(s.session, version)})"
            if card.seed is not None:
                text += (
                    f", with its fixed seed {card.seed}: New Version repeats this image; "
                    "--seed random (or Random in ✏️ Edit prompt) goes back to new seeds"
                )
            view = self.render_card(s.session, card)
        self._changed(view.card_id)
        return Outcome(text, card=view)

    # -- generation ----------------------------------------------------------------------------

    def new_version(
        self,
        actor: Actor,
        place: Place,
        params: PromptParams | None = None,
        *,
        version_id: int | None = None,
        card_id: int | None = None,
    ) -> Outcome:
        """New Version: generate the draft again in the current direction (settings override)."""
        with self.scope(actor, place, Role.editor) as s:
            parent: Version | None = None
            if version_id is not None:
                card, parent = self.focused_version(s, version_id)
            else:
                card = self.focused_card(s, card_id)
                found = versions.latest_versions(s.session, card)
                parent = found[-1] if found else None
            direction = self.current_direction(s, card)
            requested = self._request(s, card, direction, parent, params)
            lines = [f"queued {numbers(requested.versions)} of card #{card.id}"]
            if direction:
                lines[0] += f" in direction “{direction.name}”"
            lines += requested.notes
            view = self.render_card(s.session, card)
        self._send(requested.job_ids)
        offers = requested.offers(card.id)
        return Outcome("\n".join(lines), card=view, job_ids=requested.job_ids, buttons=offers)

    def _request(
        self,
        s: Scope,
        card: Card,
        direction: Direction | None,
        parent: Version | None,
        params: PromptParams | None = None,
    ) -> Requested:
        return request_versions(
            s.session,
            s.ctx,
            card,
            self.catalog,
            direction=direction,
            parent=parent,
            params=params,
            billing=self.billing,
            place=s.place,
            roles=s.roles,
        )

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
                f"queue: {counts.get('queued', 0)} queued, {counts.get('running', 0)} running",
                items=queue_view.my_jobs(s.session, row_id(s.ctx.user), row_id(s.ctx.project)),
            )

    def cancel(self, actor: Actor, place: Place, card_id: int | None = None) -> Outcome:
        """✖️ Cancel the open card's queued and running generations (remote ones too)."""
        with self.scope(actor, place, Role.editor) as s:
            card = self.focused_card(s, card_id)
            assert card.id is not None
            who = s.ctx.user.display_name or s.ctx.user.platform_user_id
            job_ids = cancel_card_jobs(s.session, card.id, f"cancelled by {who}")
            view = self.render_card(s.session, card)
        # Workers holding a remote handle for one of them ask the provider to stop it.
        self._send(job_ids)
        self._changed(card.id)
        if not job_ids:
            return Outcome(f"card #{card.id} has nothing queued or generating", card=view)
        return Outcome(f"✖️ cancelled {len(job_ids)} generation(s) of card #{card.id}", card=view)

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
