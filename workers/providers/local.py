"""The offline "local preview" provider: draws deterministic placeholder art with Pillow."""

from __future__ import annotations

import colorsys
import hashlib
import io
import json
import math
import random
import re
import time
from collections.abc import Mapping

from PIL import Image, ImageDraw, ImageFont, ImageOps
from PIL.PngImagePlugin import PngInfo

from core.errors import BadInput, Permanent
from core.images import first_frame_rgb
from core.ports import GenerationRequest, GenerationResult, RefImage
from workers.providers import local_edits, local_media
from workers.providers.colour_words import COLOUR_WORDS

RGB = tuple[int, int, int]
Font = ImageFont.FreeTypeFont | ImageFont.ImageFont
MAX_SIDE = 8192
LABEL = "local preview"
INIT_WEIGHT = 0.7


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    """Linear blend from a (t=0) to b (t=1)."""
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def _hsv(h: float, s: float, v: float) -> RGB:
    r, g, b = colorsys.hsv_to_rgb(h % 1.0, s, v)
    return (round(r * 255), round(g * 255), round(b * 255))


def _palette(prompt: str, seed: int) -> list[RGB]:
    """Three gradient stops from a hash of prompt+seed, pulled towards colour words."""
    digest = hashlib.sha256(f"{prompt}\0{seed}".encode()).digest()
    hue = digest[0] / 255
    stops = [
        _hsv(hue, 0.55 + digest[1] / 900, 0.22 + digest[2] / 1500),
        _hsv(hue + 0.08 + digest[3] / 1200, 0.60, 0.62 + digest[4] / 1500),
        _hsv(hue + 0.45 + digest[5] / 1000, 0.45, 0.82 + digest[6] / 2000),
    ]
    words = [w for w in dict.fromkeys(re.findall(r"[a-z]+", prompt.lower())) if w in COLOUR_WORDS]
    if words:
        first = COLOUR_WORDS[words[0]]
        stops[0] = _mix(stops[0], _mix(first, (0, 0, 0), 0.55), 0.7)
        stops[1] = _mix(stops[1], first, 0.8)
    if len(words) > 1:
        stops[2] = _mix(stops[2], COLOUR_WORDS[words[1]], 0.8)
    return stops


def _gradient(size: tuple[int, int], stops: list[RGB], rng: random.Random) -> Image.Image:
    """A three-stop linear gradient with a soft glow, computed small and scaled up."""
    width, height = size
    long_side = max(width, height)
    gw, gh = max(2, round(48 * width / long_side)), max(2, round(48 * height / long_side))
    angle = rng.uniform(0, 2 * math.pi)
    dx, dy = math.cos(angle), math.sin(angle)
    gx, gy, radius = rng.uniform(0.15, 0.85), rng.uniform(0.15, 0.85), rng.uniform(0.25, 0.5)
    glow = _mix(stops[2], (255, 255, 255), 0.4)
    pixels: list[RGB] = []
    for j in range(gh):
        v = j / (gh - 1)
        for i in range(gw):
            u = i / (gw - 1)
            t = min(1.0, max(0.0, 0.5 + ((u - 0.5) * dx + (v - 0.5) * dy) / 1.1))
            low, high, t = (
                (stops[0], stops[1], t * 2) if t < 0.5 else (stops[1], stops[2], t * 2 - 1)
            )
            colour = _mix(low, high, t)
            d2 = ((u - gx) ** 2 + (v - gy) ** 2) / (radius * radius)
            pixels.append(_mix(colour, glow, 0.45 * math.exp(-d2)))
    small = Image.new("RGB", (gw, gh))
    small.putdata(pixels)
    return small.resize(size, Image.Resampling.BILINEAR)


def _shapes(
    draw: ImageDraw.ImageDraw, size: tuple[int, int], stops: list[RGB], rng: random.Random
) -> None:
    """A handful of translucent shapes placed from the seeded generator."""
    width, height = size
    unit = min(width, height)
    for _ in range(3 + rng.randrange(5)):
        cx, cy = rng.uniform(0, width), rng.uniform(0, height)
        r = unit * rng.uniform(0.06, 0.28)
        colour = _mix(rng.choice(stops), (255, 255, 255), rng.uniform(0.1, 0.6))
        fill = (*colour, rng.randrange(50, 140))
        box = (cx - r, cy - r, cx + r, cy + r)
        kind = rng.randrange(5)
        if kind == 0:
            draw.ellipse(box, fill=fill)
        elif kind == 1:
            draw.rounded_rectangle(box, radius=r * 0.25, fill=fill)
        elif kind == 2:
            sides = rng.randrange(3, 7)
            draw.regular_polygon((cx, cy, r), sides, rotation=rng.uniform(0, 360), fill=fill)
        elif kind == 3:
            draw.ellipse(box, outline=fill, width=max(2, round(r * 0.12)))
        else:
            end = (cx + rng.uniform(-3, 3) * r, cy + rng.uniform(-3, 3) * r)
            draw.line([(cx, cy), end], fill=fill, width=max(2, round(unit * 0.012)))


def _font(px: int) -> Font:
    try:
        return ImageFont.load_default(size=max(8, px))
    except (TypeError, OSError, ImportError):  # Pillow built without FreeType
        return ImageFont.load_default()


def _fit(text: str, font: Font, max_width: float) -> str:
    """`text` shortened with an ellipsis until it is at most `max_width` wide."""
    if font.getlength(text) <= max_width:
        return text
    while text and font.getlength(text + "…") > max_width:
        text = text[:-1]
    return text.rstrip() + "…"


def _prefix_that_fits(word: str, font: Font, max_width: float) -> int:
    """The longest prefix length of `word` (at least 1) that is at most `max_width` wide."""
    lo, hi = 1, len(word)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if font.getlength(word[:mid]) <= max_width:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _wrap(text: str, font: Font, max_width: float, max_lines: int) -> list[str]:
    """Greedy word wrap; over-long words are broken; overflow ends in an ellipsis."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if font.getlength(candidate) <= max_width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while len(word) > 1 and len(lines) <= max_lines and font.getlength(word) > max_width:
            cut = _prefix_that_fits(word, font, max_width)
            lines.append(word[:cut])
            word = word[cut:]
        line = word
        if len(lines) > max_lines:
            break
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = _fit(lines[-1] + " …", font, max_width)
    return lines or [""]


def _decode(data: bytes, what: str) -> Image.Image:
    try:
        return first_frame_rgb(data)
    except BadInput as exc:
        raise Permanent(f"{what} could not be read: {exc}") from exc


class LocalProvider:
    """Offline default model: a seeded drawing of the request, never a real diffusion image.

    `categories` maps profile ids to their category (core.catalog): a video, music, voice or 3D
    profile gets a local-preview file of that kind (local_media) instead of a picture.
    """

    name = "local"

    def __init__(
        self, delay_seconds: float = 0.0, *, categories: Mapping[str, str] | None = None
    ) -> None:
        self.delay_seconds = delay_seconds
        self.categories: Mapping[str, str] = dict(categories or {})

    def generate(self, request: GenerationRequest) -> GenerationResult:
        started = time.perf_counter()
        if self.delay_seconds > 0:
            time.sleep(self.delay_seconds)
        category = local_media.category_of(request, self.categories)
        if category in local_media.MEDIA_CATEGORIES:
            return local_media.make(request, category, draw)
        if request.operation not in ("", "generate"):  # an edit: classic image processing
            return local_edits.edit(request)
        return GenerationResult(
            data=draw(request),
            mime="image/png",
            provider=self.name,
            seconds=time.perf_counter() - started,
            info={"label": LABEL},
        )


def draw(request: GenerationRequest) -> bytes:
    """The PNG picture of the request: gradient, shapes, caption, refs and the label."""
    width, height = request.width, request.height
    if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE):
        raise Permanent(f"size {width}x{height} is outside 1..{MAX_SIDE} pixels")
    size = (width, height)
    rng = random.Random(_request_digest(request))
    stops = _palette(request.prompt, request.seed)
    base = _gradient(size, stops, rng)
    if request.init_image is not None:
        init = ImageOps.fit(_decode(request.init_image, "the starting image"), size)
        if init.mode == "RGBA":
            init = Image.alpha_composite(base.convert("RGBA"), init).convert("RGB")
        base = Image.blend(base, init, INIT_WEIGHT)
    canvas = _compose(base.convert("RGBA"), request, stops, rng)
    meta = PngInfo()
    meta.add_text("lightbox", json.dumps(_metadata(request), sort_keys=True))
    out = io.BytesIO()
    canvas.save(out, format="PNG", pnginfo=meta, optimize=False, compress_level=1)
    return out.getvalue()


def _request_digest(request: GenerationRequest) -> int:
    """A stable integer from everything that shapes the picture."""
    h = hashlib.sha256()
    r = request
    for part in (r.prompt, r.negative_prompt, r.seed, r.width, r.height, r.model):
        h.update(f"{part}\0".encode())
    for ref in request.refs:
        h.update(ref.name.encode() + b"\0" + hashlib.sha256(ref.data).digest())
    if request.init_image is not None:
        h.update(b"init\0" + hashlib.sha256(request.init_image).digest())
    return int.from_bytes(h.digest()[:8], "big")


def _metadata(request: GenerationRequest) -> dict[str, object]:
    return {
        "generator": f"lightbox {LABEL}",
        "prompt": request.prompt,
        "negative_prompt": request.negative_prompt,
        "seed": request.seed,
        "model": request.model,
        "width": request.width,
        "height": request.height,
        "resolution": request.resolution,
        "aspect_ratio": request.aspect_ratio,
        "refs": [ref.name for ref in request.refs],
        "init_image": request.init_image is not None,
    }


def _compose(
    canvas: Image.Image, request: GenerationRequest, stops: list[RGB], rng: random.Random
) -> Image.Image:
    """Shapes, caption band, reference strip and corner label over the base layer."""
    width, height = canvas.size
    unit = min(width, height)
    pad = max(2, round(unit * 0.02))
    overlay = Image.new("RGBA", canvas.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    _shapes(draw, canvas.size, stops, rng)

    bottom = height
    thumb = max(8, round(unit * 0.16))
    name_font = _font(round(unit * 0.022))
    if request.refs:
        strip_top = height - (thumb + 3 * pad + round(unit * 0.022))
        draw.rectangle((0, strip_top, width, height), fill=(0, 0, 0, 150))
        bottom = strip_top

    caption_font = _font(round(unit * 0.045))
    line_h = round(unit * 0.045 * 1.25)
    text = " ".join(request.prompt.split()) or "(no prompt)"
    lines = _wrap(text, caption_font, width - 4 * pad, max_lines=3)
    band_top = bottom - (len(lines) * line_h + 2 * pad)
    draw.rectangle((0, band_top, width, bottom), fill=(0, 0, 0, 110))

    label_font = _font(round(unit * 0.025))
    label = f"{LABEL} · seed {request.seed} · {width}x{height}"
    label = _fit(label, label_font, width - 4 * pad)
    lx0, ly0, lx1, ly1 = draw.textbbox((2 * pad, 2 * pad), label, font=label_font)
    draw.rounded_rectangle((lx0 - pad, ly0 - pad, lx1 + pad, ly1 + pad), pad, fill=(0, 0, 0, 140))

    canvas = Image.alpha_composite(canvas, overlay).convert("RGB")
    draw = ImageDraw.Draw(canvas)
    draw.text((2 * pad, 2 * pad), label, font=label_font, fill=(255, 255, 255))
    for i, line in enumerate(lines):
        draw.text((2 * pad, band_top + pad + i * line_h), line, font=caption_font, fill="white")
    if request.refs:
        _ref_strip(canvas, draw, request.refs, bottom + pad, thumb, pad, name_font)
    return canvas


def _ref_strip(
    canvas: Image.Image,
    draw: ImageDraw.ImageDraw,
    refs: list[RefImage],
    top: int,
    thumb: int,
    pad: int,
    font: Font,
) -> None:
    """Each reference as a thumbnail along the bottom edge, its name underneath."""
    slots = max(1, (canvas.width - pad) // (thumb + pad))
    shown = refs if len(refs) <= slots else refs[: slots - 1]
    x = pad
    for ref in shown:
        img = _decode(ref.data, f"reference image {ref.name!r}")
        img.thumbnail((thumb, thumb), Image.Resampling.BILINEAR)
        ox, oy = x + (thumb - img.width) // 2, top + (thumb - img.height) // 2
        canvas.paste(img, (ox, oy), img if img.mode == "RGBA" else None)
        draw.rectangle((ox - 1, oy - 1, ox + img.width, oy + img.height), outline="white")
        name = _fit(" ".join(ref.name.split()) or "?", font, thumb + pad // 2)
        draw.text(
            (x + thumb / 2, top + thumb + pad // 2), name, font=font, fill="white", anchor="ma"
        )
        x += thumb + pad
    if len(shown) < len(refs):
        more = f"+{len(refs) - len(shown)} more"
        draw.text((x + thumb / 2, top + thumb / 2), more, font=font, fill="white", anchor="mm")
