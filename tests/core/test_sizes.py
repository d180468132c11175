"""Tests for core.sizes: aspect ratio parsing, resolutions and pixel dimensions."""

from __future__ import annotations

import pytest

from core.errors import BadInput
from core.sizes import (
    LONG_SIDES,
    RESOLUTIONS,
    dimensions,
    normalize_aspect_ratio,
    normalize_resolution,
    parse_aspect_ratio,
)

ALLOWED_RATIO = "W:H with whole numbers from 1 to 64 and a ratio between 1:4 and 4:1"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1:1", (1, 1)),
        ("16:9", (16, 9)),
        ("21:9", (21, 9)),
        ("9:16", (9, 16)),
        ("2:3", (2, 3)),
        ("1:4", (1, 4)),
        ("4:1", (4, 1)),
        ("64:64", (64, 64)),
        ("64:16", (64, 16)),
        ("  32:18 ", (32, 18)),
        ("3 : 2", (3, 2)),
    ],
)
def test_parse_aspect_ratio_accepts(text: str, expected: tuple[int, int]) -> None:
    assert parse_aspect_ratio(text) == expected


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("0:1", "contains a zero"),
        ("1:0", "contains a zero"),
        ("1:100", "is too extreme"),
        ("1:5", "is too extreme"),
        ("17:4", "is too extreme"),
        ("65:64", "larger than 64"),
        ("ab:cd", "is not in W:H form"),
        ("16/9", "is not in W:H form"),
        ("", "is empty"),
        ("   ", "is empty"),
        ("1:1:1", "is not in W:H form"),
        ("-1:1", "is not in W:H form"),
        ("16:-9", "is not in W:H form"),
        ("1.5:1", "is not in W:H form"),
        ("16:", "is not in W:H form"),
    ],
)
def test_parse_aspect_ratio_rejects(text: str, problem: str) -> None:
    with pytest.raises(BadInput) as caught:
        parse_aspect_ratio(text)
    message = str(caught.value)
    assert f'aspect ratio "{text.strip()}"' in message
    assert problem in message
    assert ALLOWED_RATIO in message


def test_extreme_ratio_message_matches_spec() -> None:
    with pytest.raises(BadInput) as caught:
        parse_aspect_ratio("1:100")
    assert str(caught.value) == (
        'aspect ratio "1:100" is too extreme; allowed: W:H with whole numbers from 1 to 64 '
        "and a ratio between 1:4 and 4:1 (e.g. 1:1, 16:9, 9:16, 3:2)"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [("16:9", "16:9"), (" 32:18 ", "32:18"), ("3 : 2", "3:2"), ("2:2", "2:2")],
)
def test_normalize_aspect_ratio_keeps_numbers(text: str, expected: str) -> None:
    assert normalize_aspect_ratio(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1K", "1K"), ("2k", "2K"), (" 4k ", "4K"), ("1k", "1K")],
)
def test_normalize_resolution(text: str, expected: str) -> None:
    assert normalize_resolution(text) == expected


@pytest.mark.parametrize("text", ["8K", "3K", "", "1024", "2KB", "k"])
def test_normalize_resolution_rejects(text: str) -> None:
    with pytest.raises(BadInput) as caught:
        normalize_resolution(text)
    assert "resolution" in str(caught.value)
    assert "1K, 2K, 4K" in str(caught.value)


def test_resolution_table() -> None:
    assert RESOLUTIONS == ("1K", "2K", "4K")
    assert LONG_SIDES == {"1K": 1024, "2K": 2048, "4K": 4096}


@pytest.mark.parametrize("resolution", RESOLUTIONS)
@pytest.mark.parametrize("ratio", ["1:1", "16:9", "9:16", "21:9", "2:3", "4:5", "1:4", "4:1"])
def test_dimensions(resolution: str, ratio: str) -> None:
    width, height = dimensions(resolution, ratio)
    ratio_w, ratio_h = (int(part) for part in ratio.split(":"))
    assert max(width, height) == LONG_SIDES[resolution]
    assert (width >= height) == (ratio_w >= ratio_h)
    assert width % 8 == 0 and height % 8 == 0
    assert abs((width / height) / (ratio_w / ratio_h) - 1) < 0.01


@pytest.mark.parametrize(
    ("resolution", "ratio", "expected"),
    [
        ("1K", "1:1", (1024, 1024)),
        ("1K", "16:9", (1024, 576)),
        ("1K", "9:16", (576, 1024)),
        ("2K", "21:9", (2048, 880)),
        ("1K", "2:3", (680, 1024)),
        ("4K", "4:5", (3280, 4096)),
        ("2k", "32:18", (2048, 1152)),
    ],
)
def test_dimensions_exact(resolution: str, ratio: str, expected: tuple[int, int]) -> None:
    assert dimensions(resolution, ratio) == expected


def test_dimensions_rejects_unknown_resolution() -> None:
    with pytest.raises(BadInput, match="1K, 2K, 4K"):
        dimensions("8K", "1:1")


def test_dimensions_rejects_bad_ratio() -> None:
    with pytest.raises(BadInput, match="too extreme"):
        dimensions("1K", "1:9")
