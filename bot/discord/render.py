"""Core views and outcomes as Discord message parts: text within limits, buttons as components."""

from __future__ import annotations

from typing import Any

from bot.discord.custom_ids import PICKER_ID, button_id
from core.action_table import default_actions
from core.studio import Outcome
from core.views import Action, CardView, VersionView
from core.views import button as registry_button

MAX_CONTENT = 2000
MAX_LABEL = 80
MAX_ROWS = 5
ROW_WIDTH = 5
THREAD_NAME = 100
MAX_OPTIONS = 25
STYLES = {"primary": 1, "secondary": 2, "success": 3, "danger": 4}
FULL = default_actions().get("full")
"""Core's hidden 🔍 Full size action (its label and style come from the registry)."""


def clip(text: str, limit: int = MAX_CONTENT) -> str:
    """`text` cut to `limit` characters (with an ellipsis when cut)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def outcome_text(outcome: Outcome) -> str:
    """The reply for an outcome: its message plus its list items, within one message."""
    lines = [outcome.text] + [f"• {item}" for item in outcome.items]
    return clip("\n".join(line for line in lines if line) or "✔️")


def error_text(message: str) -> str:
    return clip(f"⚠️ {message}")


def version_content(view: VersionView, note: str = "") -> str:
    """The version message text: card title and the short caption core rendered."""
    text = f"**{view.card_title}** · {view.caption}"
    if note:
        text += f"\n{note}"
    return clip(text)


def kept_note(content: str) -> str:
    """The note under a posted version message's caption ("shrunk to fit …", a link, a
    preview's): a press re-renders the caption in place and keeps the note the post decided."""
    return content.partition("\n")[2]


def card_content(card: CardView) -> str:
    """The card header: title, prompt draft, settings, saved state and progress."""
    lines = [f"🗂️ **{card.title}** (card #{card.card_id})"]
    if card.banner:
        lines.append(f"🔶 {card.banner}")
    lines.append(f"> {card.prompt}")
    if card.negative_prompt:
        lines.append(f"negative: {card.negative_prompt}")
    lines.append(card.settings)
    if card.saved:
        lines.append(card.saved)
    if card.progress:
        lines.append(" · ".join(card.progress))
    return clip("\n".join(lines))


def with_full_size(actions: list[Action], version_id: int) -> list[Action]:
    """The version's buttons plus 🔍 Full size (core's hidden `full` action, offered where a
    preview stands in for the original)."""
    return [*actions, registry_button(FULL, version_id)]


def thread_name(title: str) -> str:
    return clip(title.strip() or "card", THREAD_NAME)


def button(action: Action) -> dict[str, Any]:
    """One persistent button: core's action id and target in its custom_id."""
    return {
        "type": 2,
        "style": STYLES.get(action.style, 2),
        "label": clip(action.label, MAX_LABEL),
        "custom_id": button_id(action.action, action.target),
    }


def button_rows(actions: list[Action], max_rows: int = MAX_ROWS) -> list[dict[str, Any]]:
    """Action rows of persistent buttons (≤ 5 rows of ≤ 5 buttons, labels ≤ 80 chars)."""
    buttons = [button(action) for action in actions]
    rows = [buttons[i : i + ROW_WIDTH] for i in range(0, len(buttons), ROW_WIDTH)]
    return [{"type": 1, "components": row} for row in rows[:max_rows]]


def card_rows(card: CardView) -> list[dict[str, Any]]:
    """The card header's registry buttons (target: the card) and its version picker."""
    rows = button_rows(card.actions, MAX_ROWS - 1)
    options = version_options(card.choices)
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
