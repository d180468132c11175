"""🎬 Animate and 🧊 3D on finished image versions, offered when such a profile is configured."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from core.actions import ActionRegistry, ActionSpec, Scope
from core.media_choice import offered

if TYPE_CHECKING:
    from core.catalog import ModelCatalog
    from core.identity import Actor, Place
    from core.studio import Studio
    from core.studio_base import Outcome

Answers = Mapping[str, str]


def _animate(st: Studio, a: Actor, p: Place, target: int, _: Answers) -> Outcome:
    return st.animate(a, p, target)  # the default motion and duration


def _to3d(st: Studio, a: Actor, p: Place, target: int, _: Answers) -> Outcome:
    return st.to3d(a, p, target)


def _can_animate(catalog: ModelCatalog) -> bool:
    return offered(catalog, "video", "animate")


def _can_3d(catalog: ModelCatalog) -> bool:
    return offered(catalog, "3d", "to3d")


def add_media_actions(registry: ActionRegistry) -> None:
    """The image-to-media buttons (editors; finished image versions only)."""
    registry.add(
        ActionSpec(
            "animate", "Animate", Scope.version, _animate, emoji="🎬", done_only=True,
            image_only=True, available=_can_animate, order=10,
        )
    )  # fmt: skip
    registry.add(
        ActionSpec(
            "to3d", "3D", Scope.version, _to3d, emoji="🧊", done_only=True, image_only=True,
            available=_can_3d, order=11,
        )
    )  # fmt: skip
