"""Camera paths over a still (zoom and pan) read from the words of a motion prompt."""

from __future__ import annotations

import re
from dataclasses import dataclass

# (zoom, x, y): zoom 1 shows the whole picture; x, y (0…1) place the window left→right, top→bottom.
Point = tuple[float, float, float]

_ZOOMS: dict[str, tuple[float, float]] = {"in": (1.0, 1.25), "out": (1.25, 1.0)}
_PANS: dict[str, tuple[tuple[float, float], tuple[float, float]]] = {
    "left": ((1.0, 0.5), (0.0, 0.5)),
    "right": ((0.0, 0.5), (1.0, 0.5)),
    "up": ((0.5, 1.0), (0.5, 0.0)),
    "down": ((0.5, 0.0), (0.5, 1.0)),
}
_PAN_ZOOM = 1.2  # how far in a pan without a zoom sits, so the window has room to travel
GENTLE_ZOOM = (1.0, 1.12)  # what a prompt without motion words gets
SLOW, FAST = 0.5, 2.0
"""How far the camera travels in the clip's time: "slow" half as far, "fast" twice."""
MAX_ZOOM = 1.5  # the deepest a fast zoom goes (the still is prepared with this much detail)
_SPEEDS = (
    (re.compile(r"\b(?:slow|slowly|slower)\b"), SLOW),
    (re.compile(r"\b(?:fast|faster|quick|quickly|rapid|rapidly)\b"), FAST),
)


@dataclass(frozen=True)
class Motion:
    """A straight camera move from `start` to `end`."""

    start: Point
    end: Point

    def at(self, t: float) -> Point:
        """Where the camera is at time t (0 = start, 1 = end)."""
        a, b = self.start, self.end
        return (
            a[0] + (b[0] - a[0]) * t,
            a[1] + (b[1] - a[1]) * t,
            a[2] + (b[2] - a[2]) * t,
        )

    @property
    def deepest(self) -> float:
        """The largest zoom on the path (how much detail the still needs)."""
        return max(self.start[0], self.end[0])


def speed_of(prompt: str) -> float:
    """How far the move travels: SLOW for "slow"/"slowly", FAST for "fast"/"quick", else 1."""
    text = prompt.lower()
    for pattern, factor in _SPEEDS:
        if pattern.search(text):
            return factor
    return 1.0


def motion_of(prompt: str) -> Motion:
    """The camera move a prompt asks for: "zoom in/out" ("zoom" alone zooms in), "pan
    left/right/up/down", both, or, for anything else, a gentle zoom in; "slow" travels half as
    far, "fast" twice as far (a zoom at most to MAX_ZOOM)."""
    text = prompt.lower()
    speed = speed_of(text)
    zoom_word = re.search(r"\bzoom(?:ing|s)?(?:\s+(in|out)\b)?", text)
    pan_word = re.search(r"pan(?:ning|s)?\s+(left|right|up|down)\b", text)
    if zoom_word is None and pan_word is None:
        return Motion((1.0, 0.5, 0.5), (_zoomed(*GENTLE_ZOOM, speed), 0.5, 0.5))
    if zoom_word is not None:
        zoom_from, zoom_to = _ZOOMS[zoom_word.group(1) or "in"]
        if zoom_to > zoom_from:
            zoom_to = _zoomed(zoom_from, zoom_to, speed)
        else:
            zoom_from = _zoomed(zoom_to, zoom_from, speed)
    else:  # a pan travels (1 - 1/zoom) of the picture: fast sits deeper, so it goes further
        zoom_from = zoom_to = 1 / (1 - (1 - 1 / _PAN_ZOOM) * speed) if speed > 1 else _PAN_ZOOM
    (x0, y0), (x1, y1) = _PANS[pan_word.group(1)] if pan_word else ((0.5, 0.5), (0.5, 0.5))
    if speed < 1:  # slow: the middle part of the path
        x0, x1 = _shorter(x0, x1, speed)
        y0, y1 = _shorter(y0, y1, speed)
    return Motion((zoom_from, x0, y0), (zoom_to, x1, y1))


def _zoomed(low: float, high: float, speed: float) -> float:
    """The far end of a zoom from `low` travelling `speed` times as far as to `high`."""
    return min(MAX_ZOOM, low + (high - low) * speed)


def _shorter(a: float, b: float, speed: float) -> tuple[float, float]:
    middle, half = (a + b) / 2, (b - a) / 2 * speed
    return middle - half, middle + half
