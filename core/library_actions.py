"""The project library's buttons: gallery tiles and paging, design defaults, scenes, portraits."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from core.access import Role
from core.actions import ActionRegistry, ActionSpec, Field, Scope

if TYPE_CHECKING:
    from core.identity import Actor, Place
    from core.studio import Studio
    from core.studio_base import Outcome

Answers = Mapping[str, str]
MENTIONED = "withnamed"
SCENE_NAME = Field("name", "Scene name", "e.g. harbour, night market", max_length=60)


def _tile(st: Studio, a: Actor, p: Place, target: int, _: Answers) -> Outcome:
    return st.open_version(a, p, target)


def _older(st: Studio, a: Actor, p: Place, target: int, _: Answers) -> Outcome:
    return st.gallery_older(a, p, target)


def _view(view: str):  # noqa: ANN202 - a small factory of runs
    def run(st: Studio, a: Actor, p: Place, _target: int, _: Answers) -> Outcome:
        return st.switch_view(a, p, view)

    return run


def _design_default(st: Studio, a: Actor, p: Place, target: int, _: Answers) -> Outcome:
    return st.save_design_default(a, p, target)


def _to_scene(st: Studio, a: Actor, p: Place, target: int, answers: Answers) -> Outcome:
    return st.add_shot(a, p, answers["name"], version_id=target)


def _use_portrait(st: Studio, a: Actor, p: Place, target: int, _: Answers) -> Outcome:
    return st.use_portrait(a, p, target)


def _cast_mentioned(st: Studio, a: Actor, p: Place, target: int, _: Answers) -> Outcome:
    return st.cast_mentioned(a, p, target)


def add_library_actions(r: ActionRegistry) -> None:
    """Register the library's actions on a registry (called by `default_actions`)."""
    version = Scope.version
    viewer = Role.viewer
    r.add(ActionSpec("tile", "Open", version, _tile, role=viewer, hidden=True))
    r.add(ActionSpec("older", "Older", Scope.gallery, _older, emoji="⏪", role=viewer, hidden=True))
    r.add(
        ActionSpec(
            "galleryview",
            "Gallery view",
            version,
            _view("gallery"),
            emoji="🖼",
            role=viewer,
            hidden=True,
        )
    )
    r.add(
        ActionSpec(
            "cardsview",
            "Cards view",
            version,
            _view("cards"),
            emoji="🗂",
            role=viewer,
            hidden=True,
        )
    )
    r.add(
        ActionSpec(
            "designdefault",
            "Save as Design Default",
            version,
            _design_default,
            emoji="🎨",
            done_only=True,
            order=10,
        )
    )
    r.add(
        ActionSpec(
            "toscene",
            "Add to scene",
            version,
            _to_scene,
            emoji="🎬",
            fields=(SCENE_NAME,),
            question="the scene's name",
            done_only=True,
            hidden=True,  # /scene add names the scene; pressable as /press toscene <id> <scene>
        )
    )
    r.add(
        ActionSpec(
            "useportrait", "Use this version", version, _use_portrait, emoji="👤", hidden=True
        )
    )
    r.add(
        ActionSpec(
            MENTIONED,
            "Use the characters named",
            Scope.card,
            _cast_mentioned,
            emoji="👤",
            hidden=True,  # offered by the reply to a prompt that names characters
        )
    )
