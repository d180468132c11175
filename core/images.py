"""Image validation with Pillow: allowed formats, byte and pixel limits, truncation checks."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field, replace

from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from core.errors import BadInput

_MIME = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp", "GIF": "image/gif"}
_DISPLAY = {"WEBP": "WebP"}
_ORDER = ("PNG", "JPEG", "WEBP", "GIF")
_MB = 1024 * 1024


@dataclass(frozen=True)
class ImageLimits:
    """What an uploaded image may be: its byte size, pixel count and container format."""

    max_bytes: int = 25 * _MB
    max_pixels: int = 4096 * 4096 * 2
    formats: frozenset[str] = field(default_factory=lambda: frozenset(_ORDER))


@dataclass(frozen=True)
class ImageInfo:
    """What validation found out about an image."""

    format: str
    mime: str
    width: int
    height: int


DEFAULT_LIMITS = ImageLimits()


def _display(fmt: str) -> str:
    return _DISPLAY.get(fmt, fmt)


def _allowed(limits: ImageLimits) -> str:
    known = [f for f in _ORDER if f in limits.formats]
    extra = sorted(f for f in limits.formats if f not in _ORDER)
    return ", ".join(_display(f) for f in known + extra)


def _megabytes(n: int) -> str:
    return f"{n / _MB:.1f}".removesuffix(".0") + " MB"


def _check_header(fmt: str, width: int, height: int, limits: ImageLimits) -> None:
    """Format and dimension checks that need only the header, never the pixels."""
    if fmt not in limits.formats:
        raise BadInput(
            f"{_display(fmt) or 'this'} images are not accepted; "
            f"allowed formats: {_allowed(limits)}"
        )
    if width <= 0 or height <= 0:
        raise BadInput(f"the image has no pixels ({width}×{height})")
    if width * height > limits.max_pixels:
        raise BadInput(
            f"the image is {width}×{height} ({width * height:,} pixels), more than the limit "
            f"of {limits.max_pixels:,} pixels (possible decompression bomb)"
        )


def _probe_header(data: bytes) -> tuple[str, int, int] | None:
    """Format and size read by Pillow's plugins directly, bypassing its bomb guard."""
    prefix = data[:16]
    for fmt in list(Image.ID):
        factory, accept = Image.OPEN[fmt]
        verdict = accept(prefix) if accept else True
        if not verdict or isinstance(verdict, str):
            continue
        try:
            with factory(io.BytesIO(data), "") as img:  # parses the header only
                return fmt, img.size[0], img.size[1]
        except Exception:
            continue
    return None


def _open(data: bytes, limits: ImageLimits) -> Image.Image:
    """Open lazily (header only); Pillow's own bomb guard becomes a BadInput with details."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        probe = _probe_header(data)
        if probe is not None:  # Pillow's limit applies when it is below ours
            pillow_limit = Image.MAX_IMAGE_PIXELS or limits.max_pixels
            _check_header(*probe, replace(limits, max_pixels=min(limits.max_pixels, pillow_limit)))
        raise BadInput(
            f"the image has too many pixels (possible decompression bomb); "
            f"the limit is {limits.max_pixels:,} pixels"
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise BadInput(f"the file is not an image; allowed formats: {_allowed(limits)}") from exc


def _load_checked(data: bytes, limits: ImageLimits) -> tuple[Image.Image, ImageInfo]:
    """Validate `data` fully and return the decoded first frame with its description."""
    if not data:
        raise BadInput("the file is empty")
    if len(data) > limits.max_bytes:
        raise BadInput(
            f"the file is {_megabytes(len(data))}; the limit is {_megabytes(limits.max_bytes)}"
        )
    with _open(data, limits) as img:
        fmt = (img.format or "").upper()
        width, height = img.size
        _check_header(fmt, width, height, limits)
        if ImageFile.LOAD_TRUNCATED_IMAGES:
            raise RuntimeError("PIL.ImageFile.LOAD_TRUNCATED_IMAGES must stay False")
        corrupt = f"the {_display(fmt)} file is truncated or corrupt"
        try:
            img.verify()  # checks PNG chunk CRCs and a missing end, without decoding pixels
        except Exception as exc:
            raise BadInput(corrupt) from exc
    img = _open(data, limits)
    try:
        img.load()  # a full decode of the first frame is the only reliable truncation test
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise BadInput(f"the image has more than {limits.max_pixels:,} pixels") from exc
    except Exception as exc:
        raise BadInput(corrupt) from exc
    mime = _MIME.get(fmt) or Image.MIME.get(fmt, "application/octet-stream")
    return img, ImageInfo(format=fmt, mime=mime, width=width, height=height)


@dataclass(frozen=True)
class CheckedImage:
    """Bytes that passed full validation, what it found, and the decoded first frame (upright,
    RGB or RGBA): storing and previewing them reuse this one decode."""

    data: bytes
    info: ImageInfo
    picture: Image.Image


def check_image(data: bytes, limits: ImageLimits = DEFAULT_LIMITS) -> CheckedImage:
    """Validate `data` fully (as `inspect_image`) and keep its decoded first frame."""
    img, info = _load_checked(data, limits)
    return CheckedImage(data, info, _upright(img))


def recheck(checked: CheckedImage, limits: ImageLimits) -> ImageInfo:
    """The size and header checks of `limits` on an image already decoded (no second decode)."""
    if len(checked.data) > limits.max_bytes:
        raise BadInput(
            f"the file is {_megabytes(len(checked.data))}; "
            f"the limit is {_megabytes(limits.max_bytes)}"
        )
    info = checked.info
    _check_header(info.format, info.width, info.height, limits)
    return info


def inspect_image(data: bytes, limits: ImageLimits = DEFAULT_LIMITS) -> ImageInfo:
    """Check that `data` is an acceptable, complete image; raise BadInput saying why not."""
    img, info = _load_checked(data, limits)
    img.close()
    return info


def first_frame_rgb(data: bytes, limits: ImageLimits = DEFAULT_LIMITS) -> Image.Image:
    """Validate `data` and return its first frame, upright, as an RGB or RGBA image."""
    img, _ = _load_checked(data, limits)
    return _upright(img)


def _upright(img: Image.Image) -> Image.Image:
    """The decoded frame turned by its EXIF orientation, as RGB or RGBA (closes `img`)."""
    with img:
        try:
            upright = ImageOps.exif_transpose(img)
        except Exception:  # a broken EXIF block should not make the picture unusable
            upright = img
        alpha = upright.mode in ("RGBA", "LA", "PA") or (
            upright.mode == "P" and "transparency" in upright.info
        )
        return upright.convert("RGBA" if alpha else "RGB")
