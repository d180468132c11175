"""Renders core's neutral views as terminal text; buttons show the command that presses them."""

from __future__ import annotations

from collections.abc import Callable

from core.errors import NotFound
from core.media import ICONS, IMAGE
from core.media_delivery import icon
from core.studio import Outcome
from core.views import Action, CardView, VersionView


def buttons(actions: list[Action]) -> str:
    """Each button with the command that presses it."""
    return "  ".join(
        f"[{a.label} → /press {a.action} {a.target}" + (" <answer>" if a.asks else "") + "]"
        for a in actions
    )


def suggestion_buttons(labels: list[str]) -> str:
    """The assistant's suggestions, each with the command that picks it."""
    return "  ".join(f"[{label} → /pick {n}]" for n, label in enumerate(labels, 1))


def card_text(view: CardView) -> str:
    lines = [f"┌ card #{view.card_id} · {view.title} · {view.status}"]
    if view.banner:
        lines.append(f"│ 🟨 {view.banner}")
    lines.append(f"│ prompt: {view.prompt or '(empty)'}")
    if view.negative_prompt:
        lines.append(f"│ negative: {view.negative_prompt}")
    lines.append(f"│ {view.settings}")
    if view.progress:
        lines.append("│ " + " · ".join(view.progress))
    if view.saved:
        lines.append(f"│ {view.saved}")
    lines.append("└ " + buttons(view.actions))
    return "\n".join(lines)


def version_text(view: VersionView, locate: Callable[[str], str] | None = None) -> str:
    """The version's caption, where its image is (`locate`: the storage port's) and buttons."""
    mark = icon(view)
    mark += " " if mark == ICONS[IMAGE] else ""  # 🖼 is narrow in terminals
    lines = [f"{mark} card #{view.card_id} “{view.card_title}” · {view.caption}"]
    if view.media_sha and locate is not None:  # the file itself, then its poster
        about = ", ".join([view.media_mime or view.media_kind] + _length(view))
        lines.append(f"   {view.media_kind}: {_where(locate, view.media_sha)} ({about})")
        if view.image_sha:
            lines.append(f"   poster: {_where(locate, view.image_sha)}")
    elif view.image_sha and locate is not None:
        lines.append(f"   image: {_where(locate, view.image_sha)}")
    if view.actions:
        lines.append("   " + buttons(view.actions))
    return "\n".join(lines)


def _length(view: VersionView) -> list[str]:
    return [f"{view.duration_seconds:.1f} s"] if view.duration_seconds else []


def _where(locate: Callable[[str], str], key: str) -> str:
    try:
        return locate(key)
    except NotFound:
        return f"(missing from storage: {key})"


def outcome_text(outcome: Outcome, path_of: Callable[[str], str] | None = None) -> str:
    """The answer as text; pictures (contact sheets, originals) where storage says they are
    (`path_of`: a file path for the local folder, a presigned URL for S3)."""
    parts = [outcome.text]
    if outcome.suggestions:
        parts.append("   " + suggestion_buttons(outcome.suggestions))
    parts += [f"  {item}" for item in outcome.items]
    if outcome.card:
        parts.append(card_text(outcome.card))
    parts += [version_text(v, path_of) for v in outcome.versions]
    if path_of is not None:
        parts += [f"🖼  {p.caption} {_where(path_of, p.key)}" for p in outcome.pictures]
        parts += [
            f"🔍 v{v.number}: {_where(path_of, v.image_sha)}"
            for v in outcome.originals
            if v.image_sha
        ]
    return "\n".join(parts)
