"""The local provider's edits, done offline with classic image processing (OpenCV and Pillow)."""

from __future__ import annotations

import io
import random
import re
import time
from collections.abc import Callable

import cv2
import numpy as np
from PIL import Image, ImageChops, ImageEnhance

from core.errors import BadInput, Permanent
from core.images import DEFAULT_LIMITS, first_frame_rgb
from core.ports import GenerationRequest, GenerationResult
from workers.providers import local_cutout
from workers.providers.colour_words import COLOUR_WORDS

WORK_SIDE = 1024  # classic fills are computed at most this long, then scaled back
OUTPAINT_SIDE = 384  # a wide border is a blur of the image's edges anyway: fill it small
TINT = 0.45
SHARPEN, SHARPEN_SIGMA = 0.6, 0.8  # unsharp mask: amount, and blur radius per ×1 of scale
SIDES = ("left", "top", "right", "bottom")
STORED_BYTES = DEFAULT_LIMITS.max_bytes * 9 // 10  # what storage takes, with room to spare
Edit = Callable[[Image.Image, GenerationRequest], Image.Image]


def edit(request: GenerationRequest) -> GenerationResult:
    """Run the request's operation on its init image; the label says which classic method."""
    started = time.perf_counter()
    found = EDITS.get(request.operation) or local_cutout.EDITS.get(request.operation)
    if found is None:
        raise Permanent(f"local preview cannot {request.operation}")
    label, run = found
    if request.init_image is None:
        raise Permanent(f"{request.operation} needs the image to edit, and none was sent")
    result = run(stored_picture(request.init_image, "the image to edit"), request)
    data, mime = encoded(result)
    return GenerationResult(
        data=data,
        mime=mime,
        provider="local",
        seconds=time.perf_counter() - started,
        info={"label": f"local · {label}"},
    )


def encoded(result: Image.Image, limit: int = STORED_BYTES) -> tuple[bytes, str]:
    """PNG; a photo too big for storage as PNG goes as a high-quality JPEG (WebP with alpha)."""
    out = io.BytesIO()
    result.save(out, format="PNG", compress_level=1)
    if out.tell() <= limit:
        return out.getvalue(), "image/png"
    out = io.BytesIO()
    if result.mode == "RGBA":
        result.save(out, format="WEBP", quality=95, method=2)
        return out.getvalue(), "image/webp"
    result.convert("RGB").save(out, format="JPEG", quality=95)
    return out.getvalue(), "image/jpeg"


def stored_picture(data: bytes, what: str) -> Image.Image:
    """An image Lightbox stored (validated when it came in): decoded once, RGB or RGBA."""
    try:
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            alpha = opened.mode in ("RGBA", "LA", "PA") or "transparency" in opened.info
            return opened.convert("RGBA" if alpha else "RGB")
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise Permanent(f"{what} could not be read: {exc}") from exc


def picture(data: bytes, what: str) -> Image.Image:
    try:
        return first_frame_rgb(data)
    except BadInput as exc:
        raise Permanent(f"{what} could not be read: {exc}") from exc


def mask_of(request: GenerationRequest, size: tuple[int, int]) -> Image.Image:
    if request.mask is None:
        raise Permanent("inpaint needs a mask (white = redraw), and none was sent")
    mask = picture(request.mask, "the mask").convert("L").point(lambda v: 255 if v >= 128 else 0)
    if mask.size != size:
        raise Permanent(f"the mask is {mask.width}×{mask.height}, the image {size[0]}×{size[1]}")
    if mask.getbbox() is None:
        raise Permanent("the mask selects nothing (white = redraw)")
    return mask


def prompt_colour(prompt: str) -> tuple[int, int, int] | None:
    words = [w for w in re.findall(r"[a-z]+", prompt.lower()) if w in COLOUR_WORDS]
    return COLOUR_WORDS[words[0]] if words else None


def classic_fill(image: Image.Image, mask: Image.Image, work_side: int = WORK_SIDE) -> Image.Image:
    """Telea inpainting of the white mask pixels, computed at `work_side` and scaled back."""
    scale = min(1.0, work_side / max(image.size))
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    small = np.asarray(image.convert("RGB").resize(size, Image.Resampling.LANCZOS))
    holes = np.asarray(mask.resize(size, Image.Resampling.NEAREST))
    holes = cv2.dilate(holes, np.ones((3, 3), np.uint8))
    filled = cv2.inpaint(np.ascontiguousarray(small), holes, 5, cv2.INPAINT_TELEA)
    return Image.fromarray(filled).resize(image.size, Image.Resampling.BICUBIC)


def inpaint(image: Image.Image, request: GenerationRequest) -> Image.Image:
    """The masked region filled from its surroundings, tinted by a colour the prompt names;
    every pixel outside the mask stays as it was."""
    mask = mask_of(request, image.size)
    base = image.convert("RGB")
    fill = classic_fill(base, mask)
    colour = prompt_colour(request.prompt)
    if colour is not None:
        fill = Image.blend(fill, Image.new("RGB", fill.size, colour), TINT)
    result = Image.composite(fill, base, mask)
    return _keep_alpha(image, result)


def outpaint(image: Image.Image, request: GenerationRequest) -> Image.Image:
    """The canvas grows by the requested padding; the new border is inpainted from the image."""
    pad = {side: _pixels(request, side) for side in SIDES}
    if not any(pad.values()):
        raise Permanent("outpaint needs padding on at least one side (left, top, right, bottom)")
    base = image.convert("RGB")
    src = np.asarray(base)
    reflect = cv2.copyMakeBorder(
        np.ascontiguousarray(src), pad["top"], pad["bottom"], pad["left"], pad["right"],
        cv2.BORDER_REFLECT_101 if min(src.shape[:2]) > max(pad.values()) else cv2.BORDER_REPLICATE,
    )  # fmt: skip
    canvas = Image.fromarray(reflect)
    mask = Image.new("L", canvas.size, 255)
    mask.paste(0, (pad["left"], pad["top"], pad["left"] + base.width, pad["top"] + base.height))
    sigma = max(2.0, max(canvas.size) / 120)
    smooth = Image.fromarray(cv2.GaussianBlur(reflect, (0, 0), sigma))
    fill = Image.blend(classic_fill(canvas, mask, OUTPAINT_SIDE), smooth, 0.5)
    result = Image.composite(fill, canvas, mask)
    result.paste(base, (pad["left"], pad["top"]))
    return result


def upscale(image: Image.Image, request: GenerationRequest) -> Image.Image:
    """Lanczos resampling, then an unsharp mask to restore edge contrast."""
    raw = request.op_params.get("scale", "2")
    if raw not in ("2", "4"):
        raise Permanent(f"local preview upscales ×2 or ×4, not ×{raw}")
    factor = int(raw)
    size = (image.width * factor, image.height * factor)
    pixels = np.ascontiguousarray(np.asarray(image))
    bigger = cv2.resize(pixels, size, interpolation=cv2.INTER_LANCZOS4)
    soft = cv2.GaussianBlur(bigger, (0, 0), SHARPEN_SIGMA * factor)
    return Image.fromarray(cv2.addWeighted(bigger, 1 + SHARPEN, soft, -SHARPEN, 0))


def vary(image: Image.Image, request: GenerationRequest) -> Image.Image:
    """A seeded variation: a colour shift, a gentle warp and grain, scaled by the strength."""
    try:
        strength = float(request.op_params.get("strength", "0.35"))
    except ValueError:
        raise Permanent("vary strength must be a number from 0 to 1") from None
    rng = random.Random(request.seed)
    base = image.convert("RGB")
    shifted = ImageEnhance.Color(base).enhance(1 + rng.uniform(-0.6, 0.6) * strength)
    shifted = ImageEnhance.Brightness(shifted).enhance(1 + rng.uniform(-0.25, 0.25) * strength)
    dx = round(rng.uniform(-0.04, 0.04) * strength * base.width)
    dy = round(rng.uniform(-0.04, 0.04) * strength * base.height)
    moved = ImageChops.offset(shifted, dx, dy)
    shape = (base.height, base.width, 3)
    noise = np.random.default_rng(request.seed).standard_normal(shape, dtype=np.float32)
    noise *= 40 * strength
    noise += np.asarray(moved, dtype=np.float32)
    grained = np.clip(noise, 0, 255, out=noise).astype(np.uint8)
    return _keep_alpha(image, Image.fromarray(grained))


def _pixels(request: GenerationRequest, side: str) -> int:
    raw = request.op_params.get(side, "0")
    if not raw.isdigit() or int(raw) > 8192:
        raise Permanent(f"outpaint {side} must be whole pixels from 0 to 8192, not {raw!r}")
    return int(raw)


def _keep_alpha(original: Image.Image, result: Image.Image) -> Image.Image:
    if original.mode == "RGBA":
        result = result.convert("RGBA")
        result.putalpha(original.getchannel("A"))
    return result


EDITS: dict[str, tuple[str, Edit]] = {
    "inpaint": ("classic inpaint (Telea)", inpaint),
    "outpaint": ("classic outpaint (reflect + Telea fill)", outpaint),
    "upscale": ("Lanczos upscale + unsharp mask", upscale),
    "vary": ("classic variation (colour, warp, grain)", vary),
}
