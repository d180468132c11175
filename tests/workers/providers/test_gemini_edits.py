"""Gemini edits: the parent image plus an instruction; the region as a magenta overlay + words."""

from __future__ import annotations

import base64

import pytest

from core.errors import Permanent
from workers.providers.gemini import GeminiProvider

from .edit_samples import edit, mask, opened, photo
from .fake_gemini import FakeGemini
from .fakes import NO_RETRY

KEY = "gemini-edit-key-0123456789"
MODEL = "gemini-2.5-flash-image"


def gemini(fake: FakeGemini) -> GeminiProvider:
    return GeminiProvider(
        KEY, base_url="https://gemini.test", transport=fake.transport, retry=NO_RETRY
    )


def sent(fake: FakeGemini) -> tuple[str, list[bytes], dict]:
    body = fake.bodies[-1]
    parts = body["contents"][0]["parts"]
    images = [base64.b64decode(p["inlineData"]["data"]) for p in parts if "inlineData" in p]
    return parts[0]["text"], images, body["generationConfig"]["imageConfig"]


def test_inpaint_sends_the_image_a_highlighted_copy_and_the_region_in_words() -> None:
    fake = FakeGemini(KEY)
    result = gemini(fake).generate(edit("inpaint", model=MODEL))
    text, images, config = sent(fake)
    assert images[0] == photo() and len(images) == 2
    overlay, original = opened(images[1]).convert("RGB"), opened(photo()).convert("RGB")
    assert overlay.size == (1920, 1080)
    inside, before = overlay.getpixel((700, 540)), original.getpixel((700, 540))
    assert inside[1] < before[1] and inside[2] > before[2]  # tinted towards magenta
    assert overlay.getpixel((100, 100)) == original.getpixel((100, 100))  # outside unchanged
    assert "magenta" in text and "a red door" in text
    assert "from 25% to 50% across and 25% to 75% down" in text
    assert config["aspectRatio"] == "16:9" and result.info["operation"] == "inpaint"


def test_vary_sends_only_the_image_and_the_instruction() -> None:
    fake = FakeGemini(KEY)
    gemini(fake).generate(edit("vary", model=MODEL, op_params={"strength": "0.3"}))
    text, images, _ = sent(fake)
    assert images == [photo()] and text.startswith("Make a variation of this image: a red door")
    assert "change only small details" in text


def test_outpaint_sends_the_canvas_and_asks_for_the_nearest_ratio() -> None:
    fake = FakeGemini(KEY)
    padding = {"left": "480", "right": "480", "top": "0", "bottom": "0"}
    gemini(fake).generate(edit("outpaint", model=MODEL, op_params=padding))
    text, images, config = sent(fake)
    canvas = opened(images[0]).convert("RGB")
    assert canvas.size == (2880, 1080) and canvas.getpixel((10, 10)) == (255, 255, 255)
    assert "white borders: left 480 px, right 480 px" in text
    assert config["aspectRatio"] == "21:9"


@pytest.mark.parametrize(
    ("op", "why"),
    [("removebg", "no transparent pixels"), ("upscale", "redraws instead of upscaling"),
     ("faceswap", "no face swap")],
)  # fmt: skip
def test_what_gemini_cannot_do_is_refused_with_the_reason(op: str, why: str) -> None:
    fake = FakeGemini(KEY)
    with pytest.raises(Permanent, match=f"gemini cannot {op} \\(.*{why}.*\\); it can: inpaint"):
        gemini(fake).generate(edit(op, model=MODEL))
    assert fake.requests == []


def test_a_mask_of_another_size_is_refused_before_sending() -> None:
    fake = FakeGemini(KEY)
    with pytest.raises(Permanent, match="the mask is 1024×1024 but the image is 1920×1080"):
        gemini(fake).generate(edit("inpaint", model=MODEL, mask=mask(1024, 1024)))
    assert fake.requests == []


def test_replace_background_sends_the_image_and_the_new_background() -> None:
    fake = FakeGemini(KEY)
    gemini(fake).generate(edit("replacebg", model=MODEL, prompt="a beach at dusk"))
    text, images, config = sent(fake)
    assert images == [photo()] and "Replace the background of this image with a beach" in text
    assert config["aspectRatio"] == "16:9"
