"""Image size rules: resolutions, aspect ratios and the pixel dimensions they give."""

from __future__ import annotations

import re

from core.errors import BadInput

RESOLUTIONS = ("1K", "2K", "4K")
LONG_SIDES: dict[str, int] = {"1K": 1024, "2K": 2048, "4K": 4096}
MAX_RATIO_TERM = 64
MAX_RATIO_SPREAD = 4
SIDE_STEP = 8

ASPECT_RULE = (
    f"W:H with whole numbers from 1 to {MAX_RATIO_TERM} and a ratio between "
    f"1:{MAX_RATIO_SPREAD} and {MAX_RATIO_SPREAD}:1 (e.g. 1:1, 16:9, 9:16, 3:2)"
)

_RATIO_RE = re.compile(r"([0-9]+)\s*:\s*([0-9]+)")


def _bad_ratio(text: str, problem: str) -> BadInput:
    return BadInput(f'aspect ratio "{text}" {problem}; allowed: {ASPECT_RULE}')


def parse_aspect_ratio(text: str) -> tuple[int, int]:
    """Parse "W:H" into (W, H); raise BadInput if malformed, out of range or too extreme."""
    stripped = text.strip()
    match = _RATIO_RE.fullmatch(stripped)
    if match is None:
        problem = "is empty" if not stripped else "is not in W:H form"
        raise _bad_ratio(stripped, problem)
    if max(len(match.group(1).lstrip("0")), len(match.group(2).lstrip("0"))) > 6:
        raise _bad_ratio(stripped[:40], f"uses a number larger than {MAX_RATIO_TERM}")
    width, height = int(match.group(1)), int(match.group(2))
    if width == 0 or height == 0:
        raise _bad_ratio(stripped, "contains a zero")
    if width > MAX_RATIO_SPREAD * height or height > MAX_RATIO_SPREAD * width:
        raise _bad_ratio(stripped, "is too extreme")
    if width > MAX_RATIO_TERM or height > MAX_RATIO_TERM:
        raise _bad_ratio(stripped, f"uses a number larger than {MAX_RATIO_TERM}")
    return width, height


def normalize_aspect_ratio(text: str) -> str:
    """Return the ratio as canonical "W:H" text, keeping the user's numbers (no reduction)."""
    width, height = parse_aspect_ratio(text)
    return f"{width}:{height}"


def normalize_resolution(text: str) -> str:
    """Return the canonical resolution name ("2k" -> "2K"); raise BadInput if unknown."""
    name = text.strip().upper()
    if name not in LONG_SIDES:
        allowed = ", ".join(RESOLUTIONS)
        raise BadInput(f'unknown resolution "{text.strip()}"; allowed: {allowed}')
    return name


def _short_side(long_side: int, small: int, large: int) -> int:
    """long_side * small / large rounded (half up) to the nearest multiple of SIDE_STEP."""
    numerator = long_side * small
    denominator = large * SIDE_STEP
    steps = (2 * numerator + denominator) // (2 * denominator)
    return max(SIDE_STEP, steps * SIDE_STEP)


def dimensions(resolution: str, aspect_ratio: str) -> tuple[int, int]:
    """Return (width, height) whose longest side is the resolution's side exactly."""
    long_side = LONG_SIDES[normalize_resolution(resolution)]
    width, height = parse_aspect_ratio(aspect_ratio)
    if width >= height:
        return long_side, _short_side(long_side, height, width)
    return _short_side(long_side, width, height), long_side
