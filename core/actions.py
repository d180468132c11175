"""The action registry: every button a person can press on a card, a version or a suggestion."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from core.access import Role
from core.errors import BadInput

if TYPE_CHECKING:
    from core.catalog import ModelCatalog
    from core.identity import Actor, Place
    from core.models import Card
    from core.studio import Studio
    from core.studio_base import Outcome

ACTION_ID = r"[a-z][a-z0-9]{0,15}"


class Scope(StrEnum):
    """What an action's target id names."""

    card = "card"
    version = "version"
    suggestion = "suggestion"
    project = "project"
    gallery = "gallery"
    """A kept gallery sheet (its ⏪ older)."""


@dataclass(frozen=True)
class Field:
    """One answer an action needs before it can run (a name, a prompt, a choice)."""

    id: str
    label: str
    placeholder: str = ""
    long: bool = False
    required: bool = True
    max_length: int = 80


Run = Callable[["Studio", "Actor", "Place", int, Mapping[str, str]], "Outcome"]


@dataclass(frozen=True)
class ActionSpec:
    """One action: how its button looks, what it needs, who may press it and what it runs."""

    id: str
    label: str
    scope: Scope
    run: Run
    emoji: str = ""
    style: str = "secondary"
    role: Role = Role.editor
    fields: tuple[Field, ...] = ()
    question: str = ""
    """What to ask for, in words: "a name for the direction"."""
    done_only: bool = False
    """Offered only on a finished version (review, refs, forks)."""
    in_place: bool = False
    """The result shows on the pressed message itself (review, ⭐): no extra reply needed."""
    hidden: bool = False
    """Pressable, but not offered among the default buttons (◀ ▶, Full size, picks)."""
    prefill: Callable[[Card], Mapping[str, str]] | None = None
    """The answers' current values, read from the card (the edit form shows the draft)."""
    order: int = 100
    shown: Callable[[Card], bool] | None = None
    """Offered on a card only when this says so (↶ Revert: once there is a saved prompt)."""
    redraws: bool = False
    """The answer redraws the pressed message (a cell picker's ✓ toggles): no new message."""
    image_only: bool = False
    """Offered only on image versions (edits, 🎬 Animate): not on a video, audio or 3D one."""
    kinds: tuple[str, ...] = ()
    """Offered only on versions of these media kinds (📌 Save as Ref: image and video, whose
    poster frame is saved); empty: every kind image_only allows."""
    available: Callable[[ModelCatalog], bool] | None = None
    """Offered only when the catalogue allows it (🎬 Animate: a video profile is configured)."""

    @property
    def button(self) -> str:
        """The button's text: emoji and label."""
        return f"{self.emoji} {self.label}".strip()

    def answers(self, given: Mapping[str, str] | str) -> dict[str, str]:
        """The answers keyed by field id (a bare string answers the first field)."""
        if isinstance(given, str):
            given = {self.fields[0].id: given} if self.fields and given.strip() else {}
        answers = {key: str(value).strip() for key, value in given.items()}
        for spec in self.fields:
            if spec.required and not answers.get(spec.id, "").strip():
                example = f"/press {self.id} <id> <{spec.label.lower()}>"
                raise BadInput(f"{self.button} needs {self.question or spec.label}; e.g. {example}")
        return answers


@dataclass
class ActionRegistry:
    """The actions a Studio offers, by id; views build buttons from it, `press` dispatches."""

    specs: dict[str, ActionSpec] = field(default_factory=dict)

    def add(self, spec: ActionSpec) -> ActionSpec:
        if spec.id in self.specs:
            raise ValueError(f"action {spec.id!r} is registered twice")
        self.specs[spec.id] = spec
        return spec

    def get(self, action_id: str) -> ActionSpec:
        spec = self.specs.get(action_id)
        if spec is None:
            offered = ", ".join(s.id for s in self.specs.values() if not s.hidden)
            raise BadInput(f'unknown button "{action_id}"; buttons: {offered}')
        return spec

    def offered(
        self,
        scope: Scope,
        *,
        done: bool = True,
        card: Card | None = None,
        kind: str = "image",
        catalog: ModelCatalog | None = None,
    ) -> list[ActionSpec]:
        """The buttons shown for a target of `scope` (a version that is not done: fewer; on
        `card`, only those its state allows; without a card, every one, as help lists them;
        on a video, audio or 3D version no image-only one; with `catalog`, only those it
        makes available)."""
        found = [
            s
            for s in self.specs.values()
            if s.scope == scope
            and not s.hidden
            and (done or not s.done_only)
            and (card is None or s.shown is None or s.shown(card))
            and (kind == "image" or not s.image_only)
            and (not s.kinds or kind in s.kinds)
            and (catalog is None or s.available is None or s.available(catalog))
        ]
        return sorted(found, key=lambda s: s.order)

    @contextmanager
    def extended(self, spec: ActionSpec) -> Iterator[ActionSpec]:
        """`spec` registered for the duration of a `with` block (tests, plugins)."""
        self.add(spec)
        try:
            yield spec
        finally:
            self.specs.pop(spec.id, None)
