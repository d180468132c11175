"""The 🖌 Edit menu: the edit operations as buttons, and the cell picker's buttons."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from core import versions
from core.access import Role
from core.actions import ActionRegistry, ActionSpec, Field, Run, Scope
from core.cell_picks import CANCEL, CELL_ACTIONS, DONE, PROMPT
from core.errors import BadInput
from core.views import button

if TYPE_CHECKING:
    from core.identity import Actor, Place
    from core.studio import Studio
    from core.studio_base import Outcome

Answers = Mapping[str, str]
PER_ROW = 5
# What 🖌 Edit offers, in order (Discord allows 25 buttons on a message: 5 rows of 5).
MENU = (
    "inpaintcells",
    "cropcells",
    "replacebg",
    "annotate",
    "editwords",
    "varysubtle",
    "varystrong",
    "zoom2",
    "zoom15",
    "panleft",
    "panright",
    "panup",
    "pandown",
    "upscale2",
    "upscale4",
    "removebg",
    "blurfaces",
    "cropface",
    "grid",
    "info",
    "reproduce",
)


def offer_menu(registry: ActionRegistry, ids: tuple[str, ...], title: str) -> Run:
    """A run that answers with the actions `ids` as buttons on the pressed target (a menu)."""

    def run(st: Studio, a: Actor, p: Place, target: int, _: Answers) -> Outcome:
        from core.studio_base import Outcome

        if len(ids) > PER_ROW * PER_ROW:
            raise ValueError(f"a menu holds at most {PER_ROW * PER_ROW} buttons")
        with st.scope(a, p) as s:
            number = versions.get_version(s.session, s.ctx, target)[1].number
        buttons = [
            replace(button(registry.get(i), target), row=index // PER_ROW)
            for index, i in enumerate(ids)
        ]
        return Outcome(f"{title} v{number}: pick an operation", buttons=buttons)

    return run


def _pick(purpose: str) -> Run:
    def run(st: Studio, a: Actor, p: Place, target: int, _: Answers) -> Outcome:
        return st.start_pick(a, p, purpose, target)

    return run


def _toggle(cell: tuple[int, int]) -> Run:
    def run(st: Studio, a: Actor, p: Place, target: int, _: Answers) -> Outcome:
        return st.toggle_cell(a, p, cell, target)

    return run


def _done(st: Studio, a: Actor, p: Place, target: int, _: Answers) -> Outcome:
    return st.cells_done(a, p, target)


def _prompt(st: Studio, a: Actor, p: Place, target: int, answers: Answers) -> Outcome:
    return st.cells_prompt(a, p, answers.get("prompt", ""), target)


def _cancel(st: Studio, a: Actor, p: Place, target: int, _: Answers) -> Outcome:
    return st.cells_cancel(a, p, target)


def _replacebg(st: Studio, a: Actor, p: Place, target: int, answers: Answers) -> Outcome:
    return st.replace_background(a, p, answers.get("prompt", ""), version_id=target)


def _annotate(st: Studio, a: Actor, p: Place, target: int, answers: Answers) -> Outcome:
    notes = answers.get("notes", "")
    if not notes:
        raise BadInput("annotate needs notes, e.g. B2 fix the hand; C3 too dark")
    return st.annotate(a, p, notes, version_id=target)


def _hidden(
    action_id: str,
    label: str,
    run: Run,
    *,
    emoji: str = "",
    style: str = "secondary",
    role: Role = Role.editor,
    fields: tuple[Field, ...] = (),
    question: str = "",
    redraws: bool = False,
) -> ActionSpec:
    """A version action only menus and pickers offer (not in a version's own buttons)."""
    return ActionSpec(
        action_id, label, Scope.version, run, emoji=emoji, style=style, role=role,
        fields=fields, question=question, done_only=True, hidden=True, redraws=redraws,
    )  # fmt: skip


def add_edit_menu(registry: ActionRegistry) -> None:
    """The picker and word-asking edits the 🖌 Edit menu offers (hidden from version rows)."""
    background = Field("prompt", "New background", "e.g. a beach at sunset", max_length=400)
    notes = Field("notes", "Notes", "e.g. B2 fix the hand; C3 too dark", max_length=400)
    prompt = Field("prompt", "Prompt", "e.g. a red door", max_length=400)
    specs = [
        _hidden("inpaintcells", "Inpaint (pick cells)", _pick("inpaint"), emoji="🎯"),
        _hidden("cropcells", "Crop (pick cells)", _pick("crop"), emoji="✂️"),
        _hidden("replacebg", "Replace background", _replacebg, emoji="🖼", fields=(background,),
                question="the new background, e.g. a beach at sunset"),
        _hidden("annotate", "Annotate", _annotate, emoji="📝", fields=(notes,),
                question="the notes, e.g. B2 fix the hand; C3 too dark"),
        *(
            _hidden(i, i.removeprefix("cell").upper(), _toggle(cell), redraws=True)
            for i, cell in CELL_ACTIONS.items()
        ),
        _hidden(DONE, "Done", _done, emoji="✅", style="primary"),
        _hidden(PROMPT, "Describe", _prompt, emoji="✍️", fields=(prompt,),
                question="what goes in the picked cells, e.g. a red door"),
        _hidden(CANCEL, "Cancel", _cancel, emoji="✖", role=Role.viewer),
    ]  # fmt: skip
    for spec in specs:
        registry.add(spec)
