"""Inline keyboards and callback data: compact `v1:<action>:<id>`, never trusted.

The id is a version id for version buttons and a card id for card-header buttons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from telegram import ForceReply, InlineKeyboardButton, InlineKeyboardMarkup

from core.views import CardView, VersionView

VERSION = "v1"
MAX_CALLBACK_BYTES = 64
ACTIONS = (
    "approve",
    "reject",
    "favorite",
    "new",
    "fork",
    "saveref",
    "restore",
    "prompt",
    "full",
    "prev",
    "next",
    "generate",
    "edit",
    "save",
    "pick1",
    "pick2",
    "pick3",
    "pick4",
)
CARD_ACTIONS = ("generate", "edit", "save")
PICKS = {f"pick{n}": n for n in range(1, 5)}
NEEDS_NAME = {"fork": "↗ Fork", "saveref": "📌 Save as Ref", "edit": "✏️ Edit prompt"}
ASKED_FOR = {
    "fork": "a name for the direction",
    "saveref": "a name for the ref",
    "edit": "the new prompt (--flags allowed)",
}
PLACEHOLDERS = {"fork": "direction name", "saveref": "ref name", "edit": "new prompt"}
ROWS = (("approve", "reject", "favorite"), ("new", "fork", "saveref"), ("restore", "prompt"))
LABELS = {"favorite": "⭐", "prompt": "Prompt"}
STEPS = {"prev": -1, "next": 1}
ASK_TAG = re.compile(r"⟨(fork|saveref|edit) (\d{1,18})⟩\s*$")


@dataclass(frozen=True)
class Press:
    """A decoded button: what to do to which version or card (ids from the wire: core re-checks)."""

    action: str
    target: int


def encode(action: str, version_id: int) -> str:
    data = f"{VERSION}:{action}:{version_id}"
    if len(data.encode()) > MAX_CALLBACK_BYTES:
        raise ValueError(f"callback data too long: {data!r}")
    return data


def decode(data: str | None) -> Press | None:
    """The press a button carries, or None for data this bot never made."""
    if not data or len(data.encode()) > MAX_CALLBACK_BYTES:
        return None
    parts = data.split(":")
    if len(parts) != 3 or parts[0] != VERSION or parts[1] not in ACTIONS:
        return None
    if not parts[2].isdigit() or len(parts[2]) > 18 or int(parts[2]) <= 0:
        return None
    return Press(parts[1], int(parts[2]))


def version_keyboard(view: VersionView, preview: bool = False) -> InlineKeyboardMarkup:
    """Core's buttons in rows (◀ ▶ around the review row), plus "Full size" under a preview."""
    by_id = {a.action: a for a in view.actions}
    rows = []
    for row in ROWS:
        buttons = [
            InlineKeyboardButton(
                LABELS.get(name, by_id[name].label), callback_data=encode(name, by_id[name].target)
            )
            for name in row
            if name in by_id
        ]
        if buttons:
            rows.append(buttons)
    back = [InlineKeyboardButton("◀", callback_data=encode("prev", view.version_id))]
    ahead = [InlineKeyboardButton("▶", callback_data=encode("next", view.version_id))]
    if rows and "approve" in by_id:
        rows[0] = (back if view.number > 1 else []) + rows[0] + ahead
    else:
        rows.insert(0, (back if view.number > 1 else []) + ahead)
    if preview:
        rows.append(
            [InlineKeyboardButton("🔍 Full size", callback_data=encode("full", view.version_id))]
        )
    return InlineKeyboardMarkup(rows)


def card_keyboard(view: CardView) -> InlineKeyboardMarkup:
    """The card header's buttons (✨ Generate, ✏️ Edit prompt, 💾 Save)."""
    row = [
        InlineKeyboardButton(a.label, callback_data=encode(a.action, a.target))
        for a in view.actions
        if a.action in CARD_ACTIONS
    ]
    return InlineKeyboardMarkup([row] if row else [])


def suggestion_keyboard(card_id: int, suggestions: list[str]) -> InlineKeyboardMarkup | None:
    """The assistant's suggestions, one per row; pressing one answers it (`/pick n`)."""
    if not suggestions:
        return None
    rows = [
        [InlineKeyboardButton(label[:64], callback_data=encode(f"pick{n}", card_id))]
        for n, label in enumerate(suggestions[: len(PICKS)], start=1)
    ]
    return InlineKeyboardMarkup(rows)


def name_question(action: str, target: int, asker_html: str) -> str:
    """The ForceReply prompt (HTML, mentioning who pressed so `selective` reaches them).

    Its last line carries the press, so the reply completes it even after a restart.
    """
    return (
        f"{asker_html}, {NEEDS_NAME[action]}: reply with {ASKED_FOR[action]}.\n⟨{action} {target}⟩"
    )


def name_reply_markup(action: str) -> ForceReply:
    return ForceReply(selective=True, input_field_placeholder=PLACEHOLDERS[action])


def answered_press(question_text: str | None) -> Press | None:
    """The press a ForceReply question stands for (read back from the bot's own message)."""
    match = ASK_TAG.search(question_text or "")
    return Press(match.group(1), int(match.group(2))) if match else None
