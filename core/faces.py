"""Faces found with the Haar cascades that ship inside OpenCV (no model is ever downloaded)."""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from core.regions import Box

WORK_SIDE = 1024  # faces are looked for on a copy at most this long (fast at 4K)
CASCADE = "haarcascade_frontalface_default.xml"
_CASCADES = Path(cv2.__file__).parent / "data"  # cv2.data.haarcascades, which has no stub
_lock = threading.Lock()


@lru_cache(maxsize=1)
def _cascade() -> cv2.CascadeClassifier:
    cascade = cv2.CascadeClassifier(str(_CASCADES / CASCADE))
    if cascade.empty():
        raise RuntimeError(f"OpenCV's {CASCADE} could not be loaded")
    return cascade


def find_faces(picture: Image.Image) -> list[Box]:
    """Frontal faces as boxes in the picture's pixels, largest first."""
    scale = min(1.0, WORK_SIDE / max(picture.size))
    small = picture.convert("L")
    if scale < 1.0:
        small = small.resize(
            (max(1, round(picture.width * scale)), max(1, round(picture.height * scale))),
            Image.Resampling.BILINEAR,
        )
    grey = cv2.equalizeHist(np.asarray(small))
    side = max(24, round(min(small.size) * 0.06))
    with _lock:  # a CascadeClassifier is not safe to share between threads
        found = _cascade().detectMultiScale(grey, 1.1, 5, minSize=(side, side))
    boxes = [
        (round(x / scale), round(y / scale), round((x + w) / scale), round((y + h) / scale))
        for x, y, w, h in (tuple(int(v) for v in row) for row in found)
    ]
    return sorted(boxes, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]), reverse=True)


def grown(box: Box, size: tuple[int, int], margin: float) -> Box:
    """The box grown by `margin` of its size on every side, kept inside the picture."""
    left, top, right, bottom = box
    dx, dy = round((right - left) * margin), round((bottom - top) * margin)
    return (
        max(0, left - dx),
        max(0, top - dy),
        min(size[0], right + dx),
        min(size[1], bottom + dy),
    )
