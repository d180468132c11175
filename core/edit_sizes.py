"""How big an edit's result is: zoom and pan canvases, upscale factors, and the caps on both."""

from __future__ import annotations

from core.catalog import ModelProfile
from core.errors import BadInput
from core.images import DEFAULT_LIMITS
from core.names import clean_text
from core.sizes import LONG_SIDES, parse_aspect_ratio

ZOOMS = {"1.5": 1.5, "2": 2.0}
MAX_ZOOM = 4.0
UPSCALES = (2, 4)
PANS = ("left", "right", "up", "down")
PAN_SHARE = 0.5  # a pan extends one side by half the image
Padding = dict[str, int]  # left / top / right / bottom in pixels (the providers' op_params)


def largest_side(profile: ModelProfile) -> int:
    """The longest side the profile's largest resolution allows."""
    return max(LONG_SIDES.get(r, 0) for r in profile.resolutions) or LONG_SIDES["1K"]


def check_size(profile: ModelProfile, size: tuple[int, int], what: str) -> tuple[int, int]:
    """Refuse a result beyond the profile's largest resolution or what Lightbox can store."""
    width, height = size
    cap = largest_side(profile)
    if max(width, height) > cap:
        raise BadInput(
            f"{what} would be {width}×{height}, beyond {profile.label}'s largest size "
            f"({cap} px on the long side)"
        )
    if width * height > DEFAULT_LIMITS.max_pixels:
        raise BadInput(
            f"{what} would be {width}×{height}, more than the {DEFAULT_LIMITS.max_pixels:,} "
            "pixels Lightbox stores and delivers"
        )
    return size


def resolution_of(size: tuple[int, int]) -> str:
    """The resolution name whose long side is the nearest at or above the image's."""
    long_side = max(size)
    for name, side in sorted(LONG_SIDES.items(), key=lambda item: item[1]):
        if long_side <= side:
            return name
    return "4K"


def zoom_factor(text: str) -> float:
    """1.5, 2 or a custom factor above 1 and at most 4."""
    shown = clean_text(text or "2", what="zoom", max_length=10).lower().rstrip("x×")
    if shown in ZOOMS:
        return ZOOMS[shown]
    try:
        factor = float(shown)
    except ValueError:
        factor = 0.0
    if not 1.0 < factor <= MAX_ZOOM:
        raise BadInput(f'zoom "{text}" is not allowed; use 1.5, 2 or a number above 1 up to 4')
    return factor


def zoom_padding(size: tuple[int, int], factor: float, ratio: str | None = None) -> Padding:
    """Equal padding around the image so it becomes `factor` times larger (then `ratio`)."""
    width, height = size
    new_w, new_h = round(width * factor), round(height * factor)
    if ratio:
        rw, rh = parse_aspect_ratio(ratio)
        if new_w * rh > new_h * rw:
            new_h = round(new_w * rh / rw)
        else:
            new_w = round(new_h * rw / rh)
    extra_w, extra_h = new_w - width, new_h - height
    return {
        "left": extra_w // 2,
        "top": extra_h // 2,
        "right": extra_w - extra_w // 2,
        "bottom": extra_h - extra_h // 2,
    }


def pan_padding(size: tuple[int, int], direction: str) -> Padding:
    """Padding on one side: the image extends that way by half its width or height."""
    key = direction.strip().lower()
    key = {"←": "left", "→": "right", "↑": "up", "↓": "down"}.get(key, key)
    if key not in PANS:
        raise BadInput(f'unknown pan direction "{direction}"; allowed: {", ".join(PANS)}')
    width, height = size
    padding = {"left": 0, "top": 0, "right": 0, "bottom": 0}
    side = {"left": "left", "right": "right", "up": "top", "down": "bottom"}[key]
    padding[side] = round((width if key in ("left", "right") else height) * PAN_SHARE)
    return padding


def padded_size(size: tuple[int, int], padding: Padding) -> tuple[int, int]:
    return (
        size[0] + padding["left"] + padding["right"],
        size[1] + padding["top"] + padding["bottom"],
    )


def upscale_factor(text: str) -> int:
    shown = clean_text(text or "2", what="upscale", max_length=10).lower().lstrip("x×")
    if shown not in {str(f) for f in UPSCALES}:
        raise BadInput(f'upscale "{text}" is not offered; allowed: ×2, ×4')
    return int(shown)
