"""Inline keyboards from core's actions, and callback data: compact `v1:<action>:<id>`.

The id is whatever the action targets (a version, a card); the data is never trusted: core
re-authorizes every press. Layout only here — which buttons exist is core's registry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from core.actions import ACTION_ID
from core.views import Action, CardView, VersionView

VERSION = "v1"
MAX_CALLBACK_BYTES = 64
PER_ROW = 3
TILES_PER_ROW = 5
TILE_LABEL = 3
DATA = re.compile(rf"{VERSION}:({ACTION_ID}):([1-9]\d{{0,17}})")
# Hidden registry actions the layout places itself: ◀ ▶ around the review row, Full size below.
PREV, NEXT, FULL = ("prev", "◀"), ("next", "▶"), ("full", "🔍 Full size")


@dataclass(frozen=True)
class Press:
    """A decoded button: which action on which target (ids from the wire: core re-checks)."""

    action: str
    target: int


def encode(action: str, target: int) -> str:
    data = f"{VERSION}:{action}:{target}"
    if len(data.encode()) > MAX_CALLBACK_BYTES:
        raise ValueError(f"callback data too long: {data!r}")
    return data


def decode(data: str | None) -> Press | None:
    """The press a button carries, or None for data this bot never made."""
    match = DATA.fullmatch(data or "")
    return Press(match.group(1), int(match.group(2))) if match else None


def key(action: Action) -> InlineKeyboardButton:
    return InlineKeyboardButton(action.label, callback_data=encode(action.action, action.target))


def rows_of(actions: list[Action]) -> list[list[InlineKeyboardButton]]:
    """Buttons in core's order, `PER_ROW` to a row."""
    keys = [key(a) for a in actions]
    return [keys[i : i + PER_ROW] for i in range(0, len(keys), PER_ROW)]


def version_keyboard(view: VersionView, preview: bool = False) -> InlineKeyboardMarkup:
    """In-place actions (review, ⭐) in the first row between ◀ ▶; the rest 3 to a row;
    🔍 Full size under a preview."""
    around = [a for a in view.actions if a.in_place]
    rest = [a for a in view.actions if not a.in_place]
    step = view.version_id
    first = [key(a) for a in around] + [_hidden(NEXT, step)]
    if view.number > 1:
        first.insert(0, _hidden(PREV, step))
    rows = [first, *rows_of(rest)]
    if preview:
        rows.append([_hidden(FULL, step)])
    return InlineKeyboardMarkup(rows)


def card_keyboard(view: CardView) -> InlineKeyboardMarkup:
    """The card header's buttons, as core offers them (✨ Generate, ✏️ Edit prompt, …)."""
    return InlineKeyboardMarkup(rows_of(view.actions))


def suggestion_keyboard(actions: list[Action]) -> InlineKeyboardMarkup | None:
    """The assistant's suggestions and an answer's own buttons (core's), one per row; gallery
    numbers five to a row; buttons core puts in rows (menus, cell pickers) as it says."""
    if not actions:
        return None
    rows: list[list[InlineKeyboardButton]] = []
    if all(a.row is not None for a in actions):  # core's rows (a menu, a 4×4 cell picker)
        for index, a in enumerate(actions):
            if index == 0 or a.row != actions[index - 1].row:
                rows.append([])
            rows[-1].append(key(a))
        return InlineKeyboardMarkup(rows)
    for a in actions:
        button = InlineKeyboardButton(a.label[:64], callback_data=encode(a.action, a.target))
        tile = len(a.label) <= TILE_LABEL
        if tile and rows and len(rows[-1]) < TILES_PER_ROW and _all_tiles(rows[-1]):
            rows[-1].append(button)
        else:
            rows.append([button])
    return InlineKeyboardMarkup(rows)


def _all_tiles(row: list[InlineKeyboardButton]) -> bool:
    """A row of gallery numbers ("1" … "20"), which sit five to a row."""
    return all(len(b.text) <= TILE_LABEL for b in row)


def _hidden(action: tuple[str, str], target: int) -> InlineKeyboardButton:
    return InlineKeyboardButton(action[1], callback_data=encode(action[0], target))
