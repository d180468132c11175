"""Every parser limit matches the column it fills: the longest accepted input is stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import SQLModel

from bot.router import CommandRouter
from core import cards, projects
from core.errors import BadInput
from core.identity import Actor, Place
from core.images import DEFAULT_LIMITS
from core.models import Card, Direction, Project, PromptRevision, Ref, User, Version
from core.prompt_params import MAX_NEGATIVE_CHARS, MAX_SEED
from core.sizes import LONG_SIDES, MAX_RATIO_TERM
from core.versions import upload_ratio
from tests.reliability.studio_state import make_bench, png

ANN = Actor("console", "ann", "Ann")
ROOM = Place("console", "room")
NAME_LIMIT = 60  # directions and refs: core/directions.py and core/refs.py pass this to clean_name


def width(model: type[SQLModel], column: str) -> int:
    return model.__table__.c[column].type.length  # type: ignore[attr-defined]


def test_parser_limits_fit_their_columns() -> None:
    assert projects.PROJECT_NAME_LENGTH == width(Project, "name")
    assert NAME_LIMIT == width(Direction, "name") == width(Ref, "name")
    for model in (Card, Version, PromptRevision):
        assert MAX_NEGATIVE_CHARS == width(model, "negative_prompt"), model
    assert cards.TITLE_LENGTH <= width(Card, "title")
    longest_ratio = f"{MAX_RATIO_TERM}:{MAX_RATIO_TERM}"
    assert len(longest_ratio) <= width(Card, "aspect_ratio") <= width(Version, "aspect_ratio")
    assert len(upload_ratio(DEFAULT_LIMITS.max_pixels, 1)) <= width(Version, "aspect_ratio")
    assert max(len(name) for name in LONG_SIDES) <= width(Card, "resolution")
    assert MAX_SEED < 2**63  # BigInteger
    assert len("x" * 64 + " " + "y" * 64) <= width(User, "display_name")  # Telegram first + last


def test_the_longest_accepted_inputs_are_stored_and_one_more_is_refused(
    db_url: str, tmp_path: Path
) -> None:
    router = CommandRouter(make_bench(db_url, tmp_path / "images").studio)
    router.handle(ANN, ROOM, "/project new " + "p" * 80)
    router.handle(ANN, ROOM, "/imagine a fox --no " + "n" * MAX_NEGATIVE_CHARS)
    router.handle(ANN, ROOM, "/upload", png((1921, 1080)))
    accepted = [
        "/prompt a fox --no " + "m" * MAX_NEGATIVE_CHARS,
        "/fork " + "f" * NAME_LIMIT,
        "/direction main",
        "/saveref " + "r" * NAME_LIMIT,
        "/rename " + "f" * NAME_LIMIT + " = " + "g" * NAME_LIMIT,
    ]
    for text in accepted:
        router.handle(ANN, ROOM, text)
    router.handle(ANN, ROOM, "/ref add " + "a" * NAME_LIMIT, png((9, 9)))
    refused = [
        "/project new " + "p" * 81,
        "/prompt a fox --no " + "m" * (MAX_NEGATIVE_CHARS + 1),
        "/fork " + "f" * (NAME_LIMIT + 1),
        "/saveref " + "s" * (NAME_LIMIT + 1),
    ]
    for text in refused:
        with pytest.raises(BadInput, match="characters"):
            router.handle(ANN, ROOM, text)
