"""Input text rules in one place: numbers, names and free text users type or send."""

from __future__ import annotations

import re
import unicodedata

from core.errors import BadInput

MAX_ID = 2**31 - 1
# Longest digit string any number we accept can need (a 64-bit value has 20 digits);
# longer input is refused before int() ever sees it.
MAX_DIGITS = 20
_ASCII_DIGITS = re.compile(r"[0-9]+")
# Characters that take no space: a text made only of these (and spaces) looks empty.
INVISIBLE = frozenset("\u00ad\u034f\u061c\u115f\u1160\u180e\u200b\u200c\u200d\u200e\u200f\u2060")
INVISIBLE |= frozenset("\u2061\u2062\u2063\u2064\u3164\ufeff\uffa0")
# Line breaks and tabs are layout, not control: multi-line prompts and chat keep them.
_LAYOUT = frozenset("\t\n\r")


def is_number(text: str) -> bool:
    """Whether `text` (stripped) is ASCII digits only ("²" and "٣" are not numbers here)."""
    return _ASCII_DIGITS.fullmatch(text.strip()) is not None


def parse_number(text: str, *, what: str, low: int = 1, high: int = MAX_ID) -> int:
    """A whole number from `low` to `high` written in ASCII digits, or BadInput naming `what`."""
    key = text.strip()
    shown = key if len(key) <= 24 else key[:20] + "…"
    allowed = f"use a whole number from {low} to {high}"
    if not is_number(key):
        raise BadInput(f'"{shown}" is not a valid {what}; {allowed}')
    if len(key.lstrip("0")) > MAX_DIGITS:
        raise BadInput(f"the {what} has {len(key)} digits, far too many; {allowed}")
    value = int(key)
    if not low <= value <= high:
        raise BadInput(f'"{shown}" is not a valid {what}; {allowed}')
    return value


def control_character(text: str) -> str | None:
    """The first control character in `text` (tabs and line breaks allowed), as U+XXXX."""
    for ch in text:
        if ch not in _LAYOUT and unicodedata.category(ch) in ("Cc", "Cs"):
            return f"U+{ord(ch):04X}" + (" (NUL)" if ch == "\x00" else "")
    return None


def looks_empty(text: str) -> bool:
    """True when `text` shows nothing: only spaces and zero-width characters."""
    return all(ch.isspace() or ch in INVISIBLE for ch in text)


def clean_text(
    text: str, *, what: str, max_length: int, allow_empty: bool = False, single_line: bool = True
) -> str:
    """Text as stored: no control characters, not invisible, at most `max_length` characters.

    `single_line` collapses every run of whitespace to one space; otherwise only the ends are
    stripped. Raises BadInput naming `what` and what is allowed.
    """
    text = text or ""
    found = control_character(text)
    if found is not None:
        raise BadInput(f"the {what} contains the control character {found}; use plain text")
    cleaned = " ".join(text.split()) if single_line else text.strip()
    if looks_empty(cleaned):
        if allow_empty:
            return ""
        raise BadInput(f"the {what} is empty; give 1 to {max_length} visible characters")
    if len(cleaned) > max_length:
        raise BadInput(
            f"the {what} is {len(cleaned)} characters long; at most {max_length} are allowed"
        )
    return cleaned


def clean_name(text: str, *, what: str, max_length: int) -> str:
    """A stripped single-line name, or BadInput naming `what` and the allowed length."""
    return clean_text(text, what=f"{what} name", max_length=max_length)
