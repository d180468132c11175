"""Core views and outcomes as Discord message parts: text within limits, buttons as components."""

from __future__ import annotations

import re
from typing import Any

from bot.discord.custom_ids import PICKER_ID, button_id, card_button_id
from core.studio import Outcome
from core.views import Action, CardView, VersionView

MAX_CONTENT = 2000
MAX_LABEL = 80
MAX_ROWS = 5
ROW_WIDTH = 5
THREAD_NAME = 100
MAX_OPTIONS = 25
PROGRESS_LINE = re.compile(r"^v(\d+): (.*)$")
STYLES = {"primary": 1, "secondary": 2, "success": 3, "danger": 4}
FULL = "full"
FULL_LABEL = "🔍 Full size"


def clip(text: str, limit: int = MAX_CONTENT) -> str:
    """`text` cut to `limit` characters (with an ellipsis when cut)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def outcome_text(outcome: Outcome) -> str:
    """The reply for an outcome: its message plus its list items, within one message."""
    lines = [outcome.text] + [f"• {item}" for item in outcome.items]
    return clip("\n".join(lines))


def error_text(message: str) -> str:
    return clip(f"⚠️ {message}")


def version_content(view: VersionView, note: str = "") -> str:
    """The version message text: card title and the short caption core rendered."""
    text = f"**{view.card_title}** · {view.caption}"
    if note:
        text += f"\n{note}"
    return clip(text)


def card_content(card: CardView) -> str:
    """The card header: title, prompt draft, settings, viewing banner and progress."""
    lines = [f"🗂️ **{card.title}** (card #{card.card_id})"]
    if card.banner:
        lines.append(f"🔶 {card.banner}")
    lines.append(f"> {card.prompt}")
    if card.negative_prompt:
        lines.append(f"negative: {card.negative_prompt}")
    lines.append(card.settings)
    if card.progress:
        lines.append(" · ".join(card.progress))
    return clip("\n".join(lines))


def with_full_size(actions: list[Action], version_id: int) -> list[Action]:
    """The version's buttons plus 🔍 Full size (offered where a preview stands in for it)."""
    return [*actions, Action(FULL, FULL_LABEL, version_id, "secondary")]


def thread_name(title: str) -> str:
    return clip(title.strip() or "card", THREAD_NAME)


def button_rows(actions: list[Action]) -> list[dict[str, Any]]:
    """Action rows of persistent buttons (≤ 5 rows of ≤ 5 buttons, labels ≤ 80 chars)."""
    buttons = [
        {
            "type": 2,
            "style": STYLES.get(action.style, 2),
            "label": clip(action.label, MAX_LABEL),
            "custom_id": button_id(action.action, action.target),
        }
        for action in actions
    ]
    rows = [buttons[i : i + ROW_WIDTH] for i in range(0, len(buttons), ROW_WIDTH)]
    return [{"type": 1, "components": row} for row in rows[:MAX_ROWS]]


def card_rows(
    actions: list[Action],
    card_progress: list[str],
    choices: list[tuple[int, str]] | None = None,
) -> list[dict[str, Any]]:
    """The card header's buttons (Generate, Edit prompt, Save) and its version picker."""
    buttons = [
        {
            "type": 2,
            "style": STYLES.get(action.style, 2),
            "label": clip(action.label, MAX_LABEL),
            "custom_id": card_button_id(action.action),
        }
        for action in actions[:ROW_WIDTH]
    ]
    rows = [{"type": 1, "components": buttons}] if buttons else []
    options = version_options(choices) if choices else picker_options(card_progress)[:MAX_OPTIONS]
    if options:
        picker = {"type": 3, "custom_id": PICKER_ID, "placeholder": "🔎 View a version…"}
        rows.append({"type": 1, "components": [picker | {"options": options}]})
    return rows


def version_options(choices: list[tuple[int, str]]) -> list[dict[str, Any]]:
    """Picker options, newest first; when older versions exist the last one pages to them."""
    options = [
        {"label": f"v{n}", "value": str(n), "description": clip(status, 100)}
        for n, status in choices
    ]
    if choices and min(n for n, _ in choices) > 1:
        options = options[: MAX_OPTIONS - 1]
        oldest = int(options[-1]["value"])
        options.append({"label": "older…", "value": f"older:{oldest}", "description": "page back"})
    return options[:MAX_OPTIONS]


def picker_options(progress: list[str]) -> list[dict[str, Any]]:
    """Version picker options, newest first, from the header's progress lines ("v3: ✅ done")."""
    options = []
    for line in reversed(progress):
        match = PROGRESS_LINE.match(line)
        if match:
            number, status = match.groups()
            options.append(
                {"label": f"v{number}", "value": number, "description": clip(status, 100)}
            )
    return options[:MAX_OPTIONS]


def draft_of(header_content: str) -> str:
    """The prompt draft shown in a card header (the `> ` line), to pre-fill the edit modal."""
    for line in header_content.splitlines():
        if line.startswith("> "):
            return line[2:]
    return ""
