"""Picking grid cells by buttons: the grid image with A1–D4 toggles, Done, then the edit."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from core.cell_picks import CANCEL, DONE, PROMPT, Pick, PickKey
from core.errors import BadInput
from core.identity import Actor, Place
from core.regions import CELL_RULE, COLUMNS, ROWS, cell_names
from core.studio_base import Outcome, StudioBase
from core.views import Action

if TYPE_CHECKING:
    from core.studio import Studio

PURPOSES = {"inpaint": "redraw", "crop": "crop to"}
CLOSED = "this cell picker is closed; press 🖌 Edit and pick the operation again"


def cell_action(cell: tuple[int, int]) -> str:
    return f"cell{COLUMNS[cell[0]].lower()}{cell[1] + 1}"


class CellPickActions(StudioBase):
    """A picker per person and version: start, toggle cells, Done (preview or crop), Cancel."""

    def start_pick(self, actor: Actor, place: Place, purpose: str, version_id: int) -> Outcome:
        """The version with its grid, and 16 cell buttons plus Done / Cancel."""
        if purpose not in PURPOSES:
            raise BadInput(f'unknown picker "{purpose}"; allowed: {", ".join(PURPOSES)}')
        grid = cast("Studio", self).region_grid(actor, place, version_id)
        pick = self.picks.start(_key(actor, version_id), purpose)
        grid.text = f"{_prompt(pick)}: tap the cells (A1–D4), then ✅ Done"
        grid.buttons = _buttons(pick, version_id)
        return grid

    def toggle_cell(
        self, actor: Actor, place: Place, cell: tuple[int, int], version_id: int
    ) -> Outcome:
        """✓ on, ✓ off: the picker's buttons show the cells picked so far."""
        pick = self.picks.toggle(_key(actor, version_id), cell)
        if pick is None:
            raise BadInput(CLOSED)
        picked = cell_names(frozenset(pick.cells)) or "none yet"
        return Outcome(f"{_prompt(pick)}: {picked}", buttons=_buttons(pick, version_id))

    def cells_done(self, actor: Actor, place: Place, version_id: int) -> Outcome:
        """Inpaint: the highlighted region and a button that asks what goes there. Crop: done."""
        key = _key(actor, version_id)
        pick = self.picks.get(key)
        if pick is None:
            raise BadInput(CLOSED)
        if not pick.cells:
            raise BadInput(f"no cells picked; tap one or more {CELL_RULE}, then ✅ Done")
        studio = cast("Studio", self)
        names = cell_names(frozenset(pick.cells))
        if pick.purpose == "crop":
            made = studio.crop(actor, place, names, version_id=version_id)
            self.picks.close(key)
            return made
        preview = studio.region_preview(actor, place, names, version_id=version_id)
        preview.buttons = [
            Action(PROMPT, f"✍️ Describe {names}", version_id, "primary", asks=True),
            Action(CANCEL, "✖ Cancel", version_id),
        ]
        return preview

    def cells_prompt(self, actor: Actor, place: Place, prompt: str, version_id: int) -> Outcome:
        """Inpaint the picked cells with `prompt`; the picker closes once it is queued."""
        key = _key(actor, version_id)
        pick = self.picks.get(key)
        if pick is None or pick.purpose != "inpaint":
            raise BadInput(CLOSED)
        if not pick.cells:
            raise BadInput(f"no cells picked; tap one or more {CELL_RULE}, then ✅ Done")
        names = cell_names(frozenset(pick.cells))
        queued = cast("Studio", self).inpaint(actor, place, names, prompt, version_id=version_id)
        self.picks.close(key)
        return queued

    def cells_cancel(self, actor: Actor, place: Place, version_id: int) -> Outcome:
        self.picks.close(_key(actor, version_id))
        return Outcome("cell picker closed; nothing was changed")


def _key(actor: Actor, version_id: int) -> PickKey:
    return (actor.platform, actor.user_id, version_id)


def _prompt(pick: Pick) -> str:
    return f"pick the cells to {PURPOSES[pick.purpose]}"


def _buttons(pick: Pick, version_id: int) -> list[Action]:
    """Four rows of four cells (✓ on picked ones), then ✅ Done and ✖ Cancel."""
    cells = [
        Action(
            cell_action((column, row)),
            f"✓ {COLUMNS[column]}{row + 1}" if (column, row) in pick.cells else
            f"{COLUMNS[column]}{row + 1}",
            version_id,
            "success" if (column, row) in pick.cells else "secondary",
            row=row,
        )
        for row in range(ROWS)
        for column in range(len(COLUMNS))
    ]  # fmt: skip
    done = Action(DONE, "✅ Done", version_id, "primary", row=ROWS)
    return [*cells, done, Action(CANCEL, "✖ Cancel", version_id, row=ROWS)]
