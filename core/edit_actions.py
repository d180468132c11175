"""The 🖌 Edit button on every finished version, and one-tap edits a menu can offer."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from core.access import Role
from core.actions import ActionRegistry, ActionSpec, Field, Scope
from core.edit_commands import run_edit
from core.edit_menu import MENU, add_edit_menu, offer_menu

if TYPE_CHECKING:
    from core.identity import Actor, Place
    from core.studio import Studio
    from core.studio_base import Outcome

Answers = Mapping[str, str]
EDIT = Field(
    "edit",
    "Edit",
    "e.g. inpaint B2:C3 a red door · zoom 2 · upscale 2 · removebg · info",
    max_length=400,
)
# One-tap edits: (action id, label, the edit in words, role). A menu (select, keyboard) offers
# them; anything else goes through 🖌 Edit with words.
QUICK = (
    ("varysubtle", "Vary (subtle)", "vary subtle", Role.editor),
    ("varystrong", "Vary (strong)", "vary strong", Role.editor),
    ("zoom2", "Zoom out 2×", "zoom 2", Role.editor),
    ("zoom15", "Zoom out 1.5×", "zoom 1.5", Role.editor),
    ("panleft", "Pan ←", "pan left", Role.editor),
    ("panright", "Pan →", "pan right", Role.editor),
    ("panup", "Pan ↑", "pan up", Role.editor),
    ("pandown", "Pan ↓", "pan down", Role.editor),
    ("upscale2", "Upscale ×2", "upscale 2", Role.editor),
    ("upscale4", "Upscale ×4", "upscale 4", Role.editor),
    ("removebg", "Remove background", "removebg", Role.editor),
    ("blurfaces", "Blur faces", "blurfaces", Role.editor),
    ("cropface", "Crop to face", "cropface", Role.editor),
    ("grid", "Grid A1–D4", "grid", Role.viewer),
    ("info", "Info", "info", Role.viewer),
    ("reproduce", "Reproduce", "reproduce", Role.editor),
)


def _edit(st: Studio, a: Actor, p: Place, target: int, answers: Answers) -> Outcome:
    return run_edit(st, a, p, answers.get("edit", ""), version_id=target)


def _quick(words: str):  # noqa: ANN202 - a small factory of runs
    def run(st: Studio, a: Actor, p: Place, target: int, _: Answers) -> Outcome:
        return run_edit(st, a, p, words, version_id=target)

    return run


def add_edit_actions(registry: ActionRegistry) -> None:
    """🖌 Edit (a menu of the edits as buttons), ✍️ In words, and the hidden one-tap edits."""
    registry.add(
        ActionSpec(
            "editimage",
            "Edit",
            Scope.version,
            offer_menu(registry, MENU, "🖌 Edit"),
            emoji="🖌",
            done_only=True,
            image_only=True,
            order=9,
        )
    )
    registry.add(
        ActionSpec(
            "editwords",
            "In words",
            Scope.version,
            _edit,
            emoji="✍️",
            fields=(EDIT,),
            question="the edit, e.g. inpaint B2:C3 a red door, zoom 2, upscale 2, removebg",
            done_only=True,
            hidden=True,
        )
    )
    for action_id, label, words, role in QUICK:
        registry.add(
            ActionSpec(
                action_id,
                label,
                Scope.version,
                _quick(words),
                role=role,
                done_only=True,
                hidden=True,
            )
        )
    add_edit_menu(registry)
