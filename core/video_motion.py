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


def motion_of(prompt: str) -> Motion:
    """The camera move a prompt asks for: "zoom in/out", "pan left/right/up/down", both, or, for
    anything else, a gentle zoom in."""
    text = prompt.lower()
    zoom_word = re.search(r"zoom(?:ing)?\s+(in|out)\b", text)
    pan_word = re.search(r"pan(?:ning|s)?\s+(left|right|up|down)\b", text)
    if zoom_word is None and pan_word is None:
        return Motion((GENTLE_ZOOM[0], 0.5, 0.5), (GENTLE_ZOOM[1], 0.5, 0.5))
    if zoom_word is not None:
        zoom_from, zoom_to = _ZOOMS[zoom_word.group(1)]
    else:
        zoom_from = zoom_to = _PAN_ZOOM
    (x0, y0), (x1, y1) = _PANS[pan_word.group(1)] if pan_word else ((0.5, 0.5), (0.5, 0.5))
    return Motion((zoom_from, x0, y0), (zoom_to, x1, y1))
