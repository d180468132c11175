"""Grid cells a person is picking by buttons (A1–D4 toggles), per person and version."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from core.regions import COLUMNS, ROWS, Cell

MAX_PICKERS = 2000
"""Open pickers remembered at once; the oldest is forgotten first (its buttons then refuse)."""

PickKey = tuple[str, str, int]  # platform, user id, version id
CELL_ACTIONS = {f"cell{c.lower()}{r}": (i, r - 1) for i, c in enumerate(COLUMNS) for r in
                range(1, ROWS + 1)}  # fmt: skip
"""The toggle buttons' action ids (cella1 … celld4) and the cells they flip."""
DONE, CANCEL, PROMPT = "cellsdone", "cellscancel", "cellsprompt"


@dataclass
class Pick:
    """An open picker: what the cells are for (inpaint, crop) and the cells toggled on."""

    purpose: str
    cells: set[Cell] = field(default_factory=set)


class CellPicks:
    """The open pickers, kept in core (adapters only draw them); safe across threads."""

    def __init__(self, limit: int = MAX_PICKERS):
        self._picks: OrderedDict[PickKey, Pick] = OrderedDict()
        self._lock = threading.Lock()
        self._limit = limit

    def start(self, key: PickKey, purpose: str) -> Pick:
        """A fresh picker (any earlier one for this person and version is dropped)."""
        with self._lock:
            pick = Pick(purpose)
            self._picks.pop(key, None)
            self._picks[key] = pick
            while len(self._picks) > self._limit:
                self._picks.popitem(last=False)
            return Pick(pick.purpose, set(pick.cells))

    def get(self, key: PickKey) -> Pick | None:
        with self._lock:
            pick = self._picks.get(key)
            return Pick(pick.purpose, set(pick.cells)) if pick else None

    def toggle(self, key: PickKey, cell: Cell) -> Pick | None:
        """Flip one cell; None when no picker is open for this person and version."""
        with self._lock:
            pick = self._picks.get(key)
            if pick is None:
                return None
            pick.cells ^= {cell}
            return Pick(pick.purpose, set(pick.cells))

    def close(self, key: PickKey) -> Pick | None:
        with self._lock:
            return self._picks.pop(key, None)
