"""Core's neutral views as Telegram text: version captions, card headers, outcome replies."""

from __future__ import annotations

from core.studio import Outcome
from core.views import CardView, VersionView

CAPTION_LIMIT = 1024
TEXT_LIMIT = 4096


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def caption(view: VersionView, preview: bool = False) -> str:
    """“title” then "v2 of 3 · model · seed …"; a preview says the original is one tap away."""
    lines = [f"🖼 {view.card_title}", view.caption]
    if preview:
        lines.append("(preview — 🔍 Full size sends the original)")
    return clip("\n".join(lines), CAPTION_LIMIT)


def header(view: CardView) -> str:
    """The card header: title, banner, draft, settings and progress per version."""
    lines = [f"🃏 card #{view.card_id} · {view.title} · {view.status}"]
    if view.banner:
        lines.append(f"🟨 {view.banner}")
    lines.append(f"prompt: {view.prompt or '(empty)'}")
    if view.negative_prompt:
        lines.append(f"negative: {view.negative_prompt}")
    lines.append(view.settings)
    if view.progress:
        lines.append(" · ".join(view.progress))
    lines.append("Reply here to talk to the card · /new generates · /prompt <text> edits")
    return clip("\n".join(lines), TEXT_LIMIT)


def topic_name(title: str) -> str:
    """Forum topic names are 1–128 characters."""
    return clip(title.strip() or "card", 128)


def outcome_chunks(outcome: Outcome) -> list[str]:
    """The reply text (items as a list), split into messages of at most 4096 characters."""
    lines = [outcome.text] + [f"• {item}" for item in outcome.items]
    chunks: list[str] = []
    current = ""
    for line in lines:
        line = clip(line, TEXT_LIMIT)
        if current and len(current) + 1 + len(line) > TEXT_LIMIT:
            chunks.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        chunks.append(current)
    return chunks


def problem(message: str) -> str:
    return clip(f"⚠️ {message}", TEXT_LIMIT)
