"""Tests for the offline local preview provider."""

from __future__ import annotations

import dataclasses
import io
import json
from collections.abc import Callable

import pytest
from PIL import Image, ImageStat

from core.errors import Permanent
from core.ports import GenerationRequest, GenerationResult, ImageProvider, RefImage
from workers.providers.local import LocalProvider

LONG_SIDES = {"1K": 1024, "2K": 2048, "4K": 4096}
RATIOS = {"16:9": (16, 9), "1:1": (1, 1), "9:16": (9, 16), "21:9": (21, 9)}


def dimensions(resolution: str, ratio: str) -> tuple[int, int]:
    """Longest side from the resolution; the other side rounded to a multiple of 8."""
    long_side = LONG_SIDES[resolution]
    a, b = RATIOS[ratio]
    short = round(long_side * min(a, b) / max(a, b) / 8) * 8
    return (long_side, short) if a >= b else (short, long_side)


def encode(colour: str, size: tuple[int, int] = (200, 150), fmt: str = "PNG") -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, colour).save(buf, format=fmt)
    return buf.getvalue()


@pytest.fixture
def provider() -> LocalProvider:
    return LocalProvider()


@pytest.fixture
def make_request() -> Callable[..., GenerationRequest]:
    def make(**changes) -> GenerationRequest:
        base = GenerationRequest(
            prompt="a lighthouse on a cliff at night, stormy sea",
            negative_prompt="blurry",
            width=512,
            height=288,
            resolution="1K",
            aspect_ratio="16:9",
            seed=1234,
            model="local",
        )
        return dataclasses.replace(base, **changes)

    return make


def decode(result: GenerationResult) -> Image.Image:
    img = Image.open(io.BytesIO(result.data))
    img.load()
    return img


def test_dimension_helper_matches_known_sizes() -> None:
    assert dimensions("1K", "16:9") == (1024, 576)
    assert dimensions("4K", "9:16") == (2304, 4096)
    assert dimensions("4K", "21:9") == (4096, 1752)
    assert dimensions("2K", "1:1") == (2048, 2048)


def test_is_an_image_provider(provider: LocalProvider) -> None:
    port: ImageProvider = provider
    assert port.name == "local"


@pytest.mark.parametrize("resolution", ["1K", "2K", "4K"])
@pytest.mark.parametrize("ratio", ["16:9", "1:1", "9:16", "21:9"])
def test_exact_dimensions(provider, make_request, resolution: str, ratio: str) -> None:
    width, height = dimensions(resolution, ratio)
    request = make_request(width=width, height=height, resolution=resolution, aspect_ratio=ratio)
    result = provider.generate(request)
    img = decode(result)
    assert img.format == "PNG"
    assert img.size == (width, height)
    assert result.mime == "image/png"
    assert result.provider == "local"
    assert result.info == {"label": "local preview"}
    assert result.seconds >= 0


def test_same_request_gives_same_bytes(provider, make_request) -> None:
    refs = [RefImage("cat", encode("orange"))]
    request = make_request(refs=refs, init_image=encode("navy", (300, 300)))
    assert provider.generate(request).data == provider.generate(request).data
    assert LocalProvider().generate(request).data == provider.generate(request).data


@pytest.mark.parametrize(
    "change",
    [
        {"seed": 1235},
        {"prompt": "a lighthouse on a cliff at dawn"},
        {"negative_prompt": "people"},
    ],
)
def test_changed_inputs_change_the_image(provider, make_request, change) -> None:
    assert provider.generate(make_request()).data != provider.generate(make_request(**change)).data


def test_parameters_are_embedded_in_a_png_text_chunk(provider, make_request) -> None:
    request = make_request(prompt="café «naïve» 猫", refs=[RefImage("style", encode("red"))])
    meta = json.loads(decode(provider.generate(request)).text["lightbox"])
    assert meta["prompt"] == "café «naïve» 猫"
    assert meta["negative_prompt"] == "blurry"
    assert meta["seed"] == 1234
    assert meta["model"] == "local"
    assert (meta["width"], meta["height"]) == (512, 288)
    assert meta["refs"] == ["style"]


def test_refs_are_drawn_along_the_bottom(provider, make_request) -> None:
    plain = decode(provider.generate(make_request()))
    with_ref = decode(provider.generate(make_request(refs=[RefImage("lime", encode("lime"))])))
    other_ref = decode(provider.generate(make_request(refs=[RefImage("lime", encode("red"))])))
    assert plain.tobytes() != with_ref.tobytes() != other_ref.tobytes()
    strip = with_ref.convert("RGB").crop((0, 288 * 3 // 4, 256, 288))
    raw = strip.tobytes()
    pixels = zip(raw[0::3], raw[1::3], raw[2::3], strict=True)
    greens = [p for p in pixels if p[1] > 200 and p[0] < 60 and p[2] < 60]
    assert len(greens) > 100  # the pure green reference is visible in the bottom strip


def test_many_refs_fit_in_the_image(provider, make_request) -> None:
    refs = [RefImage(f"ref-{i}", encode("white", (64, 64))) for i in range(20)]
    img = decode(provider.generate(make_request(refs=refs)))
    assert img.size == (512, 288)


def test_init_image_is_the_base_layer(provider, make_request) -> None:
    plain = decode(provider.generate(make_request()))
    init = encode("yellow", (300, 500), fmt="JPEG")
    forked = decode(provider.generate(make_request(init_image=init)))
    assert forked.size == (512, 288)
    assert forked.tobytes() != plain.tobytes()
    r, g, b = ImageStat.Stat(forked.convert("RGB").crop((0, 60, 512, 150))).mean
    assert r > 150 and g > 150 and b < 120  # yellow shows through the gradient


def test_colour_words_tint_the_gradient(provider, make_request) -> None:
    def mean(prompt: str) -> list[float]:
        img = decode(provider.generate(make_request(prompt=prompt)))
        return ImageStat.Stat(img.convert("RGB")).mean

    red, blue = mean("a red red poppy field"), mean("a blue lagoon")
    assert red[0] > red[2]
    assert blue[2] > blue[0]


def test_unreadable_ref_is_a_permanent_provider_error(provider, make_request) -> None:
    with pytest.raises(Permanent) as err:
        provider.generate(make_request(refs=[RefImage("broken", b"not an image")]))
    assert "broken" in str(err.value)


def test_invalid_size_is_a_permanent_provider_error(provider, make_request) -> None:
    with pytest.raises(Permanent):
        provider.generate(make_request(width=0))


def test_delay_simulates_a_slow_provider(make_request) -> None:
    result = LocalProvider(delay_seconds=0.2).generate(make_request(width=64, height=64))
    assert result.seconds >= 0.2
