"""What a chat platform is sent of a stored image: a light preview under its limits, made once."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, replace
from functools import partial

from PIL import Image

from core.images import DEFAULT_LIMITS, CheckedImage, ImageLimits, first_frame_rgb
from core.ports import Storage

KEEP_BYTES = 512 * 1024
"""An original this small uploads fast and gains little from re-encoding: sent as it is."""
QUALITIES = (90, 82, 74, 66)
SHARED_BYTES = 4 * 1000 * 1000
"""An original at most this large is kept under both platforms' ~10 MB limits, and a lossy
preview of at most 2560² px is (random pixels at quality 90: 5.9 MB), so the previews of it
differ only in format, long side and letterbox."""
LETTERBOX = (24, 24, 24)


@dataclass(frozen=True)
class PreviewRule:
    """One platform's limits for an image shown inline, and the formats its previews use."""

    platform: str
    max_bytes: int
    long_side: int
    max_ratio: float | None
    opaque_format: str  # "JPEG" or "WEBP"
    alpha_format: str  # "PNG" or "WEBP": a preview with transparency keeps it
    variant: str = ""

    @property
    def name(self) -> str:
        """The storage name of this platform's previews (beside the original's thumbnails)."""
        return f"preview-{self.platform}{self.variant}"

    def within(self, max_bytes: int) -> PreviewRule:
        """The rule for an upload limit below the platform's (kept under a name of its own)."""
        if max_bytes >= self.max_bytes:
            return self
        return replace(self, max_bytes=max_bytes, variant=f"-{max_bytes}")


# Telegram's sendPhoto: at most 10 MB, width + height ≤ 10000, ratio ≤ 20 (Bot API docs); the
# apps show photos at most 2560 px on the long side, so a larger one is only more bytes.
TELEGRAM = PreviewRule("telegram", 10 * 1000 * 1000, 2560, 20.0, "JPEG", "PNG")
# Discord: 10 MiB per upload without boosts. WebP is shown inline (and is what its CDN
# recommends for still images), but at quality 90 it is no smaller than JPEG for a photo and
# 6–20× slower to encode (bench --part previews): JPEG, and WebP only to keep transparency.
DISCORD = PreviewRule("discord", 10 * 1024 * 1024, 2560, None, "JPEG", "WEBP")
RULES = {rule.platform: rule for rule in (TELEGRAM, DISCORD)}


@dataclass(frozen=True)
class Preview:
    """The bytes to post and whether they are the stored original itself."""

    data: bytes
    original: bool


def preview_of(storage: Storage, sha256: str, rule: PreviewRule) -> Preview:
    """The preview `rule`'s platform is sent of the image `sha256` (rendered once, then read
    back from storage; raises NotFound when nothing is stored under the key)."""
    data = storage.derived(sha256, rule.name, partial(render_preview, rule=rule))
    return Preview(data, hashlib.sha256(data).hexdigest() == sha256)


def keep_previews(storage: Storage, checked: CheckedImage, sha256: str) -> None:
    """Every platform's preview of an image just stored, rendered from the decode that checked
    it (so a delivery only reads one back); rules that give the same bytes share one render.
    Each is written as it is: nothing is read back from storage."""
    made: dict[tuple[object, ...], bytes] = {}
    for rule in RULES.values():
        key = _outcome(checked, rule)
        if key not in made:
            made[key] = render_picture(checked.data, checked.picture, rule)
        storage.put_derived(sha256, rule.name, made[key])


def _outcome(checked: CheckedImage, rule: PreviewRule) -> tuple[object, ...]:
    """What decides a rule's preview of this image: equal keys give equal bytes. The byte limit
    only counts for a very large original or preview, so it is kept in the key for those."""
    width, height = checked.picture.size
    ratio = max(width, height) / min(width, height)
    alpha = checked.picture.mode == "RGBA" and _shows_alpha(checked.picture)
    boxed = rule.max_ratio is not None and ratio > rule.max_ratio
    fmt = rule.alpha_format if alpha else rule.opaque_format
    small = len(checked.data) <= SHARED_BYTES and fmt != "PNG"
    return (fmt, rule.long_side, rule.max_ratio if boxed else None, None if small else rule)


def render_preview(
    original: bytes, rule: PreviewRule, limits: ImageLimits = DEFAULT_LIMITS
) -> bytes:
    """`original` itself when it already suits the platform, else a re-encoded copy that does:
    at most `rule.long_side` px, the ratio letterboxed to `rule.max_ratio`, under the byte limit.
    Transparency that shows (any pixel not fully opaque) is kept."""
    allowed = replace(limits, max_bytes=max(len(original), limits.max_bytes))
    return render_picture(original, first_frame_rgb(original, allowed), rule)


def render_picture(original: bytes, picture: Image.Image, rule: PreviewRule) -> bytes:
    """`render_preview` of `original` already decoded to `picture` (left unchanged)."""
    if _keeps_original(original, picture, rule):
        return original
    alpha = picture.mode == "RGBA" and _shows_alpha(picture)
    picture = picture if alpha or picture.mode == "RGB" else picture.convert("RGB")
    picture = _letterboxed(picture, rule.max_ratio)
    if max(picture.size) > rule.long_side:
        picture = picture.copy()  # the caller's decode stays as it was
    picture.thumbnail((rule.long_side, rule.long_side), Image.Resampling.LANCZOS)
    fmt = rule.alpha_format if alpha else rule.opaque_format
    while True:
        for quality in QUALITIES if fmt != "PNG" else (0,):
            data = _encode(picture, fmt, quality)
            if len(data) <= rule.max_bytes:
                return data
        if max(picture.size) <= 64:
            raise ValueError(f"no preview of this image fits {rule.max_bytes} bytes")
        picture = picture.resize((max(1, picture.width // 2), max(1, picture.height // 2)))


def _shows_alpha(picture: Image.Image) -> bool:
    """Whether any pixel is less than fully opaque (an unused alpha channel does not count)."""
    low, _high = picture.getchannel("A").getextrema()
    return isinstance(low, int) and low < 255


def _keeps_original(original: bytes, picture: Image.Image, rule: PreviewRule) -> bool:
    width, height = picture.size
    if len(original) > rule.max_bytes or max(width, height) > rule.long_side:
        return False
    if rule.max_ratio is not None and max(width, height) / min(width, height) > rule.max_ratio:
        return False
    lossy = original.startswith(b"\xff\xd8") or original[8:12] == b"WEBP"
    return lossy or len(original) <= KEEP_BYTES


def _letterboxed(picture: Image.Image, max_ratio: float | None) -> Image.Image:
    """The picture centred on a dark band so that its long side is at most `max_ratio` times
    its short side (a transparent band for a picture with alpha)."""
    width, height = picture.size
    long_side, short_side = max(width, height), min(width, height)
    if max_ratio is None or long_side / short_side <= max_ratio:
        return picture
    padded = (long_side, -(-long_side // int(max_ratio)))
    size = padded if width >= height else padded[::-1]
    fill = (*LETTERBOX, 0) if picture.mode == "RGBA" else LETTERBOX
    canvas = Image.new(picture.mode, size, fill)
    canvas.paste(picture, ((size[0] - width) // 2, (size[1] - height) // 2))
    return canvas


def _encode(picture: Image.Image, fmt: str, quality: int) -> bytes:
    out = io.BytesIO()
    if fmt == "JPEG":
        picture.save(out, "JPEG", quality=quality)  # optimize/progressive: 5× slower, 6% less
    elif fmt == "WEBP":
        picture.save(out, "WEBP", quality=quality, method=0)
    else:
        picture.save(out, "PNG", optimize=False, compress_level=6)
    return out.getvalue()
