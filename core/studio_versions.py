"""Studio actions on versions: review, favorites, forks and directions, uploads, card chat."""

from __future__ import annotations

from core import chat, directions, showcase, versions
from core.access import Role
from core.assistant.controls import control
from core.errors import BadInput
from core.focus import get_focus, set_focus
from core.identity import Actor, Place
from core.jobs import create_deliveries
from core.media_refs import fork_source
from core.models import Card, Version
from core.names import clean_text, is_number, parse_number
from core.studio_base import Outcome, Scope, StudioBase

VERDICTS = {"approve": "approved", "reject": "rejected", "clear": "none"}


class VersionActions(StudioBase):
    """Review, favorites, directions, uploads and the card chat."""

    def review(
        self, actor: Actor, place: Place, verdict: str, version_id: int | None = None
    ) -> Outcome:
        """Approve / Reject / clear the version the user is viewing (or the button's version)."""
        with self.scope(actor, place, Role.editor) as s:
            card, version = self.focused_version(s, version_id)
            changed = versions.review(s.session, s.ctx, version, VERDICTS[verdict])
            word = {"approve": "✅ approved", "reject": "❌ rejected", "clear": "review cleared"}
            text = f"v{version.number} {word[verdict]}" + ("" if changed else " (already)")
            if changed and verdict == "approve":
                text += "; it is in the project showcase"
            posts = showcase.sync(s.session, s.ctx.project, version) if changed else []
            outcome = Outcome(text, versions=[self.render_version(s.session, card, version)])
        self._deliver(posts)
        if changed:
            self._changed(card.id)
        return outcome

    def favorite(
        self,
        actor: Actor,
        place: Place,
        version_id: int | None = None,
        on: bool | None = None,
    ) -> Outcome:
        with self.scope(actor, place, Role.editor) as s:
            card, version = self.focused_version(s, version_id)
            if on is None:
                state = versions.toggle_favorite(s.session, s.ctx, version)
            else:
                versions.set_favorite(s.session, s.ctx, version, on)
                state = on
            text = f"⭐ v{version.number} " + (
                "is a favorite" if state else "is no longer a favorite"
            )
            return Outcome(text, versions=[self.render_version(s.session, card, version)])

    def react(
        self, actor: Actor, place: Place, version_id: int, action: str, added: bool
    ) -> Outcome | None:
        """A reaction on a version message, already mapped to an action by the platform's emoji:
        adding one approves, rejects or favorites; removing ⭐ unfavorites, removing a review
        reaction changes nothing (None)."""
        if action == "favorite":
            return self.favorite(actor, place, version_id, on=added)
        if action not in VERDICTS or action == "clear":
            raise BadInput(f'reactions approve, reject or favorite, not "{action}"')
        return self.review(actor, place, action, version_id) if added else None

    def fork(self, actor: Actor, place: Place, name: str, version_id: int | None = None) -> Outcome:
        """↗ Fork the viewed version into a named direction and switch to it."""
        with self.scope(actor, place, Role.editor) as s:
            card, version = self.focused_version(s, version_id)
            fork_source(s.session, version, self.catalog)
            direction = directions.fork(s.session, s.ctx, card, version, name)
            set_focus(
                s.session,
                place,
                s.ctx.user,
                card_id=card.id,
                version_id=version.id,
                direction_id=direction.id,
            )
            return Outcome(
                f"↗ direction “{direction.name}” forked from v{version.number}; its image is "
                "attached as a ref. /new generates in this direction",
                card=self.render_card(s.session, card),
            )

    def list_directions(self, actor: Actor, place: Place) -> Outcome:
        with self.scope(actor, place) as s:
            card = self.focused_card(s)
            current = self.current_direction(s, card)
            rows = directions.list_directions(s.session, card)
            items = [("▶ " if current is None else "  ") + directions.MAIN]
            items += [("▶ " if current and current.id == d.id else "  ") + d.name for d in rows]
            return Outcome(f"directions of card #{card.id}:", items=items)

    def switch_direction(self, actor: Actor, place: Place, name: str) -> Outcome:
        with self.scope(actor, place) as s:
            card = self.focused_card(s)
            direction = directions.find_direction(s.session, card, name)
            set_focus(
                s.session,
                place,
                s.ctx.user,
                card_id=card.id,
                direction_id=direction.id if direction else None,
            )
            label = direction.name if direction else directions.MAIN
            return Outcome(
                f"working in direction “{label}”", card=self.render_card(s.session, card)
            )

    def rename_direction(self, actor: Actor, place: Place, old: str, new: str) -> Outcome:
        with self.scope(actor, place, Role.editor) as s:
            card = self.focused_card(s)
            direction = directions.find_direction(s.session, card, old)
            if direction is None:
                raise BadInput("the main line cannot be renamed")
            directions.rename(s.session, s.ctx, direction, new)
            return Outcome(f"direction renamed to “{direction.name}”")

    def upload(self, actor: Actor, place: Place, data: bytes) -> Outcome:
        """📤 Upload an own version of the open card (validated image)."""
        with self.scope(actor, place, Role.editor) as s:
            card = self.focused_card(s)
            image = self.storage.put_image(data)
            direction = self.current_direction(s, card)
            version = versions.add_upload(
                s.session, s.ctx, card, image, direction_id=direction.id if direction else None
            )
            deliveries = create_deliveries(s.session, version)
            set_focus(
                s.session,
                place,
                s.ctx.user,
                card_id=card.id,
                version_id=version.id,
                direction_id=version.direction_id,
            )
            view = self.render_version(s.session, card, version)
        self._deliver(deliveries)
        self._changed(card.id)
        return Outcome(f"📤 uploaded as v{version.number}", versions=[view])

    def show_prompt(self, actor: Actor, place: Place, version_id: int | None = None) -> Outcome:
        with self.scope(actor, place) as s:
            _card, version = self.focused_version(s, version_id)
            text = f"v{version.number} prompt: {version.prompt}"
            if version.negative_prompt:
                text += f"\nnegative: {version.negative_prompt}"
            return Outcome(text)

    def say(self, actor: Actor, place: Place, text: str) -> Outcome:
        """Plain text in an open card goes to the card chat; the assistant may refine the draft."""
        text = clean_text(text, what="message", max_length=4000, single_line=False)
        with self.scope(actor, place, Role.editor) as s:
            card = self.focused_card(s)
            direction_id, context = self._chat_context(s, card)
            result = chat.post(
                s.session, s.ctx, card, text, self.assistant, direction_id, context=context
            )
            outcome = self._chat_outcome(s, card, result, context)
        if result.changed:
            self._changed(card.id)
        return outcome

    # -- the refinement assistant (issue 6) ------------------------------------------------------

    def pick_suggestion(
        self, actor: Actor, place: Place, number: str, card_id: int | None = None
    ) -> Outcome:
        """/pick N: answer the assistant's last question with its N-th suggestion."""
        with self.scope(actor, place, Role.editor) as s:
            card = self.focused_card(s, card_id)
            direction_id, context = self._chat_context(s, card)
            labels = chat.pending(s.session, card, direction_id)
            if not labels:
                raise BadInput("there is no open question to answer; write in the chat instead")
            key = number.strip().lstrip("#")
            if not is_number(key) or not 1 <= parse_number(key, what="suggestion") <= len(labels):
                raise BadInput(f"pick a suggestion from 1 to {len(labels)}, e.g. /pick 1")
            label = labels[int(key) - 1]
            result = chat.post(
                s.session, s.ctx, card, label, self.assistant, direction_id, context=context
            )
            outcome = self._chat_outcome(s, card, result, context)
        if result.changed:
            self._changed(card.id)
        return outcome

    def complete_prompt(self, actor: Actor, place: Place, card_id: int | None = None) -> Outcome:
        """✨ Before the first generation the assistant finishes the prompt itself."""
        with self.scope(actor, place, Role.editor) as s:
            card = self.focused_card(s, card_id)
            direction_id, context = self._chat_context(s, card)
            if context.stage != "ready":
                return Outcome("")
            result = chat.complete(s.session, s.ctx, card, self.assistant, direction_id, context)
            return self._chat_outcome(s, card, result, context)

    def chat_history(self, actor: Actor, place: Place) -> Outcome:
        """The card chat of the current direction, oldest first."""
        with self.scope(actor, place) as s:
            card = self.focused_card(s)
            direction_id, _context = self._chat_context(s, card)
            items = []
            for turn in chat.turns(s.session, card, direction_id):
                who = "🤖" if turn.role == "assistant" else "you:"
                items.append(f"{who} {turn.text}")
                items += [f"   [{n}] {label}" for n, label in enumerate(turn.suggestions, 1)]
            title = f"chat of card #{card.id}:" if items else f"card #{card.id} has no chat yet"
            return Outcome(title, items=items)

    def _chat_context(self, s: Scope, card: Card) -> tuple[int | None, chat.ChatContext]:
        focus = get_focus(s.session, s.place, s.ctx.user)
        mine = focus.card_id == card.id
        direction = self.current_direction(s, card)
        viewed = s.session.get(Version, focus.version_id) if mine and focus.version_id else None
        if viewed is not None and viewed.card_id != card.id:
            viewed = None
        since = focus.updated_at if viewed else None
        context = chat.context_for(
            s.session, s.ctx, card, viewed, direction, since, platform=s.place.platform
        )
        return (focus.direction_id if mine else None), context

    def _chat_outcome(
        self, s: Scope, card: Card, result: chat.ChatResult, context: chat.ChatContext
    ) -> Outcome:
        lines = [f"🤖 {result.reply.text}"]
        if result.changed:
            if result.diff:
                lines.append(f"✏️  {result.diff}")
            if result.negative_diff:
                lines.append(f"✏️  negative: {result.negative_diff}")
            if context.stage == "refine":
                lines.append(f"[New Version → {control(s.place.platform, 'new_version')}]")
        lines += [f"⚠️  {problem}" for problem in result.problems]
        view = self.render_card(s.session, card) if result.changed else None
        return Outcome(
            "\n".join(lines),
            card=view,
            suggestions=list(result.reply.suggestions),
            card_id=card.id,
        )
