"""Button presses: one dispatch for every action, authorized in core, and the questions asked."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from core import cards, gallery_sheets, project_archive, versions
from core.actions import ActionSpec, Field, Scope
from core.errors import BadInput
from core.identity import Actor, Place
from core.studio_base import Outcome, StudioBase

if TYPE_CHECKING:
    from core.studio import Studio


@dataclass(frozen=True)
class Question:
    """What a platform asks before an action runs: a modal, a ForceReply, a `/press` answer.

    `defaults` pre-fill the fields from the database (the current draft, the card's seed).
    """

    action: str
    target: int
    title: str
    question: str
    fields: tuple[Field, ...]
    defaults: Mapping[str, str]


class PressActions(StudioBase):
    """`press` runs any registered action; `ask` says what it needs first."""

    def spec(self, action_id: str) -> ActionSpec:
        """The registered action (BadInput for an id no button carries)."""
        return self.actions.get(action_id)

    def press(
        self,
        actor: Actor,
        place: Place,
        action_id: str,
        target: int,
        answers: Mapping[str, str] | str = "",
    ) -> Outcome:
        """A button press: action id, target id and answers come from the wire; core re-checks
        that the target belongs to this chat's project and that the actor's role allows it."""
        spec = self.actions.get(action_id)
        given = spec.answers(answers)
        self._authorize(actor, place, spec, target)
        studio = cast("Studio", self)  # this mixin only runs as part of Studio
        return spec.run(studio, actor, place, target, given)

    def ask(self, actor: Actor, place: Place, action_id: str, target: int) -> Question | None:
        """The question an action needs answered first (None: press it at once)."""
        spec = self.actions.get(action_id)
        if not spec.fields:
            return None
        defaults: Mapping[str, str] = {}
        with self.scope(actor, place, spec.role) as s:
            if spec.scope == Scope.version:
                card, _version = versions.get_version(s.session, s.ctx, target)
            else:
                card = cards.get_card(s.session, s.ctx, target)
            if spec.prefill is not None:
                defaults = dict(spec.prefill(card))
        return Question(spec.id, target, spec.button, spec.question, spec.fields, defaults)

    def _authorize(self, actor: Actor, place: Place, spec: ActionSpec, target: int) -> None:
        """The target must be in this chat's project and the actor's role at least `spec.role`."""
        if target <= 0:
            raise BadInput(f"{spec.button}: no such {spec.scope.value}")
        if spec.scope == Scope.project:  # archived projects too: an owner of it, wherever
            with self._db.session() as session:
                project_archive.owned(session, actor, str(target))
            return
        with self.scope(actor, place, spec.role) as s:
            if spec.scope == Scope.version:
                versions.get_version(s.session, s.ctx, target)
            elif spec.scope == Scope.gallery:
                gallery_sheets.load(s.session, s.ctx, target)
            else:
                cards.get_card(s.session, s.ctx, target)

    def original(self, actor: Actor, place: Place, version_id: int) -> Outcome:
        """🔍 Full size: the version's original file (adapters send the stored bytes)."""
        with self.scope(actor, place) as s:
            _card, version = versions.get_version(s.session, s.ctx, version_id)
            if not version.image_sha:
                raise BadInput(f"v{version.number} has no image yet")
            view = self.render_version(s.session, _card, version)
        return Outcome(f"v{version.number} full size", originals=[view])
