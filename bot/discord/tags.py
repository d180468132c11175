"""Forum post tags by card status: the forum's tags named like draft, ready, generating, done."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

STATUSES = ("draft", "ready", "generating", "done")
MAX_APPLIED = 5
_NOT_LETTERS = re.compile(r"[^a-z]+")


def status_tags(available: Iterable[dict[str, Any]]) -> dict[str, str]:
    """Status → tag id for the forum's tags whose name is a card status ("Done ✅" counts)."""
    found: dict[str, str] = {}
    for tag in available:
        name = _NOT_LETTERS.sub("", str(tag.get("name", "")).lower())
        if name in STATUSES and name not in found and tag.get("id") is not None:
            found[name] = str(tag["id"])
    return found


def initial_tags(status: str, by_status: dict[str, str]) -> list[str] | None:
    """A new post's applied_tags: its status tag; None when the forum has no status tags."""
    if not by_status:
        return None
    return [by_status[status]] if status in by_status else []


def retagged(status: str, by_status: dict[str, str], applied: Iterable[Any]) -> list[str] | None:
    """The post's tags with the status tag swapped in (others kept); None when nothing changes."""
    if not by_status:
        return None
    current = [str(tag) for tag in applied]
    ours = set(by_status.values())
    wanted = [by_status[status]] if status in by_status else []
    tags = (wanted + [tag for tag in current if tag not in ours])[:MAX_APPLIED]
    return None if set(tags) == set(current) else tags
