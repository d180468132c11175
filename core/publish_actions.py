"""The public gallery's buttons: 🌐 Publish (asks what the page shows) and Unpublish."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from core.actions import ActionRegistry, ActionSpec, Field, Scope

if TYPE_CHECKING:
    from core.identity import Actor, Place
    from core.studio import Studio
    from core.studio_base import Outcome

SHOW = Field(
    "show",
    "Show on the page (prompt, handle, both)",
    "prompt, handle, both or none (empty: none)",
    required=False,
    max_length=24,
)


def _publish(st: Studio, a: Actor, p: Place, target: int, answers: Mapping[str, str]) -> Outcome:
    return st.publish(a, p, target, answers.get("show", ""))


def _unpublish(st: Studio, a: Actor, p: Place, target: int, _: Mapping[str, str]) -> Outcome:
    return st.unpublish(a, p, target)


def add_publish_actions(r: ActionRegistry) -> None:
    """Register the gallery's actions on a registry (called by `default_actions`)."""
    r.add(
        ActionSpec(
            "publish",
            "Publish",
            Scope.version,
            _publish,
            emoji="🌐",
            fields=(SHOW,),
            question="what the public page shows besides the image",
            done_only=True,
            image_only=True,
            order=11,
        )
    )
    r.add(ActionSpec("unpublish", "Unpublish", Scope.version, _unpublish, emoji="🚫", hidden=True))
