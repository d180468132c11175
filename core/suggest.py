"""Unknown names answered with the nearest known ones ("did you mean Mara?")."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from core.errors import NotFound

SHOWN = 10


def near(name: str, known: Sequence[str], count: int = 3) -> list[str]:
    """The known names closest to `name` (case-insensitive), best first."""
    by_key = {k.lower(): k for k in known}
    typed = name.strip().lower()
    found = difflib.get_close_matches(typed, list(by_key), n=count, cutoff=0.5)
    found += [key for key in by_key if typed and typed in key and key not in found]
    return [by_key[key] for key in found[:count]]


def unknown(
    what: str,
    name: str,
    known: Sequence[str],
    project: str,
    command: str,
    plural: str | None = None,
) -> NotFound:
    """NotFound naming what was asked for, the nearest names and what exists."""
    plural = plural or f"{what}s"
    shown = name.strip()[:60]
    text = f'no {what} "{shown}" in project "{project}"'
    close = near(name, known)
    if close:
        text += "; did you mean " + " or ".join(close) + "?"
    if known:
        listed = ", ".join(known[:SHOWN]) + (
            f" and {len(known) - SHOWN} more" if len(known) > SHOWN else ""
        )
        text += f" {plural}: {listed}"
    else:
        text += f"; there are no {plural} yet ({command} creates one)"
    return NotFound(text)
