"""Model categories: which ones exist, which Lightbox makes, and the commands of each."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Category:
    """A kind of output a model profile makes, and the commands that use such profiles."""

    id: str
    title: str
    commands: tuple[str, ...] = ()
    made: bool = False
    """Whether Lightbox can make it today (a profile of another category is refused)."""


KNOWN = (
    Category("image", "🖼 image", ("/imagine", "/new", "/generate"), made=True),
    Category("video", "🎬 video", ("/video", "/animate"), made=True),
    Category("music", "🎵 music", ("/music",), made=True),
    Category("voice", "🗣 voice", ("/voice",), made=True),
    Category("3d", "🧊 3D", ("/3d",), made=True),
)
BY_ID = {category.id: category for category in KNOWN}
MADE = tuple(category.id for category in KNOWN if category.made)
ORDER = tuple(category.id for category in KNOWN)


def title(category_id: str) -> str:
    found = BY_ID.get(category_id)
    return found.title if found else category_id


def not_made(category_id: str) -> str:
    """Why a profile of this category cannot be configured yet, naming what can."""
    if category_id in BY_ID:
        return f"Lightbox cannot make {category_id} yet; categories it makes: {', '.join(MADE)}"
    return f'"{category_id}" is not a category; known: {", ".join(ORDER)} (made today: ' + (
        ", ".join(MADE) + ")"
    )
