"""Tests for image validation: formats, limits, truncation and decompression bombs."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image, ImageFile
from PIL.PngImagePlugin import PngImageFile

from core.errors import BadInput
from core.images import ImageInfo, ImageLimits, first_frame_rgb, inspect_image


def encode(fmt: str, size: tuple[int, int] = (64, 48), mode: str = "RGB", **kw) -> bytes:
    """An image in `fmt`, with noise so that encoders produce a non-trivial body."""
    img = Image.effect_noise(size, 60).convert(mode)
    buf = io.BytesIO()
    img.save(buf, format=fmt, **kw)
    return buf.getvalue()


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_header_only(width: int, height: int) -> bytes:
    """A small PNG whose IHDR claims `width`×`height` 1-bit grey pixels (a few rows of data)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    rows = zlib.compress(b"\0" * ((width + 7) // 8 + 1) * 4)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", rows)
        + png_chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    ("fmt", "mime"),
    [("PNG", "image/png"), ("JPEG", "image/jpeg"), ("WEBP", "image/webp"), ("GIF", "image/gif")],
)
def test_allowed_formats_are_accepted(fmt: str, mime: str) -> None:
    info = inspect_image(encode(fmt, (64, 48)))
    assert info == ImageInfo(format=fmt, mime=mime, width=64, height=48)


def test_png_with_alpha_keeps_alpha_in_first_frame() -> None:
    img = first_frame_rgb(encode("PNG", mode="RGBA"))
    assert img.mode == "RGBA"
    assert first_frame_rgb(encode("JPEG")).mode == "RGB"


def test_animated_gif_is_a_gif_and_first_frame_is_used() -> None:
    frames = [Image.new("RGB", (40, 30), colour) for colour in ("red", "blue", "green")]
    buf = io.BytesIO()
    frames[0].save(buf, format="GIF", save_all=True, append_images=frames[1:], duration=100)
    data = buf.getvalue()
    assert Image.open(io.BytesIO(data)).n_frames == 3
    assert inspect_image(data) == ImageInfo("GIF", "image/gif", 40, 30)
    first = first_frame_rgb(data)
    assert first.mode == "RGB"
    r, g, b = first.getpixel((20, 15))
    assert r > 200 and g < 50 and b < 50


def test_text_file_is_not_an_image() -> None:
    with pytest.raises(BadInput) as err:
        inspect_image(b"hello, this is a text file\n" * 10)
    assert str(err.value) == "the file is not an image; allowed formats: PNG, JPEG, WebP, GIF"


@pytest.mark.parametrize("fmt", ["BMP", "TIFF"])
def test_other_formats_are_rejected_by_name(fmt: str) -> None:
    with pytest.raises(BadInput) as err:
        inspect_image(encode(fmt))
    assert fmt in str(err.value)
    assert "PNG, JPEG, WebP, GIF" in str(err.value)


def test_format_allow_list_is_configurable() -> None:
    limits = ImageLimits(formats=frozenset({"PNG"}))
    with pytest.raises(BadInput, match="JPEG.*allowed formats: PNG$"):
        inspect_image(encode("JPEG"), limits)


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
@pytest.mark.parametrize("keep", [0.5, 0.9])
def test_truncated_files_are_rejected(fmt: str, keep: float) -> None:
    data = encode(fmt, (128, 96))
    with pytest.raises(BadInput, match=f"{fmt} file is truncated or corrupt"):
        inspect_image(data[: int(len(data) * keep)])


def test_png_missing_its_end_chunk_is_rejected() -> None:
    data = encode("PNG")
    assert data.endswith(png_chunk(b"IEND", b""))
    with pytest.raises(BadInput, match="truncated or corrupt"):
        inspect_image(data[:-12])


def test_png_with_bad_checksum_is_rejected() -> None:
    data = bytearray(encode("PNG"))
    data[-20] ^= 0xFF  # inside the last IDAT chunk
    with pytest.raises(BadInput):
        inspect_image(bytes(data))


def test_decompression_bomb_is_rejected_from_the_header(monkeypatch) -> None:
    data = png_header_only(20000, 20000)
    assert len(data) < 1000
    assert PngImageFile(io.BytesIO(data)).size == (20000, 20000)  # no bomb guard here

    def must_not_decode(*args, **kwargs):
        raise AssertionError("pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", must_not_decode)
    monkeypatch.setattr(PngImageFile, "verify", must_not_decode)
    with pytest.raises(BadInput) as err:
        inspect_image(data)
    message = str(err.value)
    assert "20000×20000" in message
    assert f"{4096 * 4096 * 2:,}" in message
    assert "decompression bomb" in message


@pytest.mark.parametrize("side", [10_000, 100_000])
def test_pillow_bomb_guard_is_reported_as_bad_input(side: int) -> None:
    # With a very high own limit, Pillow's warning (10k²) or error (100k²) still applies.
    limits = ImageLimits(max_pixels=10**12)
    with pytest.raises(BadInput, match="decompression bomb"):
        inspect_image(png_header_only(side, side), limits)


def test_real_image_over_the_pixel_limit_is_rejected() -> None:
    limits = ImageLimits(max_pixels=100 * 100)
    inspect_image(encode("PNG", (100, 100)), limits)
    with pytest.raises(BadInput, match="101×100"):
        inspect_image(encode("PNG", (101, 100)), limits)


def test_zero_dimensions_are_rejected() -> None:
    with pytest.raises(BadInput):
        inspect_image(png_header_only(0, 10))


def test_empty_file_is_rejected() -> None:
    with pytest.raises(BadInput, match="empty"):
        inspect_image(b"")


def test_oversize_file_is_rejected_with_sizes_in_mb() -> None:
    with pytest.raises(BadInput) as err:
        inspect_image(b"\0" * (25 * 1024 * 1024 + 1))
    assert "25 MB" in str(err.value)

    data = encode("PNG", (300, 300))
    limits = ImageLimits(max_bytes=len(data) - 1)
    with pytest.raises(BadInput, match="MB"):
        inspect_image(data, limits)
    assert inspect_image(data, ImageLimits(max_bytes=len(data))).width == 300


def test_truncated_images_are_never_loaded_leniently() -> None:
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


def test_first_frame_rgb_validates_too() -> None:
    with pytest.raises(BadInput):
        first_frame_rgb(b"not an image")


def test_first_frame_rgb_applies_exif_orientation() -> None:
    img = Image.new("RGB", (60, 20), "white")
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated 90° clockwise
    buf = io.BytesIO()
    img.save(buf, format="JPEG", exif=exif)
    assert inspect_image(buf.getvalue()).width == 60
    assert first_frame_rgb(buf.getvalue()).size == (20, 60)
