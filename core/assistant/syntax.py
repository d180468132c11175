"""Prompt syntax: phrases split only at top-level commas, and balanced (weighted) brackets."""

from __future__ import annotations

import re

PAIRS = {"(": ")", "[": "]", "{": "}", "<": ">"}
CLOSERS = {close: open_ for open_, close in PAIRS.items()}
_WEIGHT = re.compile(r":\s*-?\d+(?:\.\d+)?\s*$")
# "--ar 16:9", "—seed 1" (phones turn -- into an em dash): a flag and its value.
FLAG_VALUE = re.compile(r"(?<!\S)(?:--|\u2014)[A-Za-z]\w*(?:\s+(?!--|\u2014)[^\s,]+)?")


def split_phrases(prompt: str) -> list[str]:
    """Comma-separated phrases, trimmed; commas inside brackets do not split."""
    parts: list[str] = []
    depth, start = 0, 0
    for index, char in enumerate(prompt):
        if char in PAIRS:
            depth += 1
        elif char in CLOSERS and depth:
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(prompt[start:index])
            start = index + 1
    parts.append(prompt[start:])
    return [p.strip() for p in parts if p.strip()]


def balanced(text: str) -> bool:
    """Every bracket closes in order: `(close-up, dramatic:1.3)` yes, `(close-up` no."""
    stack: list[str] = []
    for char in text:
        if char in PAIRS:
            stack.append(char)
        elif char in CLOSERS:
            if not stack or stack.pop() != CLOSERS[char]:
                return False
    return not stack


def grouped(phrase: str) -> bool:
    """A bracketed or weighted phrase, which edits keep whole."""
    return any(char in phrase for char in "()[]{}<>") or bool(_WEIGHT.search(phrase))


def weights(text: str) -> list[str]:
    """The `:1.3` weights in a prompt, in order (edits must keep them)."""
    return re.findall(r":\s*-?\d+(?:\.\d+)?(?=\s*[)\]}>])", text)


def without_flags(text: str) -> tuple[str, list[str]]:
    """`text` without its --flags (and their values), and the flags taken out."""
    flags = [m.group(0) for m in FLAG_VALUE.finditer(text)]
    rest = " ".join(FLAG_VALUE.sub("", text).split()).replace(" ,", ",")
    return rest.strip(" ,"), flags
