"""A short diff of two prompts by phrase (and by word inside a changed phrase): `- a + b`."""

from __future__ import annotations

from difflib import SequenceMatcher

from core.assistant.facets import phrases

SIMILAR = 0.5


def prompt_diff(before: str, after: str) -> str:
    """ "- wide shot + close-up" for "fox, wide shot" → "fox, close-up"; "" when equal."""
    old, new = phrases(before), phrases(after)
    changes: list[str] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        if op == "replace" and i2 - i1 == j2 - j1:
            changes += [_phrase_change(a, b) for a, b in zip(old[i1:i2], new[j1:j2], strict=True)]
            continue
        changes += [f"- {text}" for text in old[i1:i2]]
        changes += [f"+ {text}" for text in new[j1:j2]]
    return "  ".join(changes)


def _phrase_change(before: str, after: str) -> str:
    """A word diff when the phrases are alike, else the whole phrases."""
    old, new = before.split(), after.split()
    matcher = SequenceMatcher(a=old, b=new, autojunk=False)
    if matcher.ratio() < SIMILAR:
        return f"- {before} + {after}"
    parts: list[str] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if i2 > i1:
            parts.append("- " + " ".join(old[i1:i2]))
        if j2 > j1:
            parts.append("+ " + " ".join(new[j1:j2]))
    return " ".join(parts)
