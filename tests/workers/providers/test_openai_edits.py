"""OpenAI Images edits for Lightbox operations against the strict fake (mask as multipart PNG)."""

from __future__ import annotations

import httpx
import pytest

from core.errors import Permanent
from workers.providers.openai_images import OpenAIImagesProvider

from .edit_samples import edit, mask, opened, photo
from .fake_openai import FakeOpenAIImages, parts
from .fakes import NO_RETRY

KEY = "sk-edit-openai-0123456789abcdef"
MODEL = "gpt-image-1"


def openai(fake: FakeOpenAIImages, **kw) -> OpenAIImagesProvider:
    return OpenAIImagesProvider(
        KEY, base_url="https://openai.test/v1", transport=fake.transport, retry=NO_RETRY, **kw
    )


def sent(fake: FakeOpenAIImages) -> dict[str, tuple[str, bytes]]:
    return {name: (kind, data) for name, kind, data in parts(fake.requests[-1])}


def test_inpaint_sends_the_image_and_an_alpha_mask_transparent_where_white() -> None:
    fake = FakeOpenAIImages(KEY)
    result = openai(fake).generate(edit("inpaint", model=MODEL))
    form = sent(fake)
    assert fake.requests[-1].url.path == "/v1/images/edits"
    assert form["image"] == ("image/png", photo())
    kind, data = form["mask"]
    alpha = opened(data).getchannel("A")
    assert kind == "image/png" and opened(data).mode == "RGBA" and alpha.size == (1920, 1080)
    assert alpha.getpixel((700, 540)) == 0 and alpha.getpixel((100, 100)) == 255
    assert alpha.getbbox() == (0, 0, 1920, 1080)  # opaque outside the region
    assert form["size"][1] == b"1536x1024" and b"a red door" in form["prompt"][1]
    assert "image[]" not in form and "seed" not in form
    assert result.info["operation"] == "inpaint" and opened(result.data).size == (1536, 1024)


def test_vary_is_an_edit_without_a_mask() -> None:
    fake = FakeOpenAIImages(KEY)
    openai(fake).generate(edit("vary", model=MODEL, op_params={"strength": "0.8"}))
    form = sent(fake)
    assert set(form) >= {"image", "prompt", "model", "size"} and "mask" not in form
    assert b"composition, pose and style may change" in form["prompt"][1]


def test_outpaint_sends_a_transparent_border_and_its_mask() -> None:
    fake = FakeOpenAIImages(KEY)
    padding = {"left": "480", "right": "480", "top": "0", "bottom": "0"}
    openai(fake).generate(edit("outpaint", model=MODEL, op_params=padding))
    form = sent(fake)
    canvas, hole = opened(form["image"][1]), opened(form["mask"][1])
    assert canvas.size == hole.size == (2880, 1080) and canvas.mode == "RGBA"
    assert canvas.getpixel((10, 500))[3] == 0 and canvas.getpixel((1440, 500))[3] == 255
    assert hole.getchannel("A").getpixel((10, 500)) == 0
    assert hole.getchannel("A").getpixel((1440, 500)) == 255
    assert form["size"][1] == b"1536x1024"


def test_remove_background_asks_for_a_transparent_png() -> None:
    fake = FakeOpenAIImages(KEY)
    options = {"bg": {"output_format": "jpeg"}}
    result = openai(fake, options=options).generate(edit("removebg", model=MODEL, profile="bg"))
    form = sent(fake)
    assert form["background"][1] == b"transparent" and form["output_format"][1] == b"png"
    assert opened(result.data).mode == "RGBA"


@pytest.mark.parametrize("op", ["upscale", "restoreface", "faceswap"])
def test_what_the_images_api_cannot_do_is_refused_before_sending(op: str) -> None:
    fake = FakeOpenAIImages(KEY)
    with pytest.raises(Permanent, match=f"openai cannot {op}; it can: inpaint, outpaint"):
        openai(fake).generate(edit(op, model=MODEL))
    assert fake.requests == []


def test_an_operation_the_profile_lacks_never_reaches_the_service() -> None:
    fake = FakeOpenAIImages(KEY)
    options = {"plain": {"operations": ["generate", "vary"]}}
    with pytest.raises(Permanent, match='profile "plain" does not offer inpaint; its edits: vary'):
        openai(fake, options=options).generate(edit("inpaint", model=MODEL, profile="plain"))
    assert fake.requests == []


def test_a_mask_of_another_size_is_refused_before_sending() -> None:
    fake = FakeOpenAIImages(KEY)
    with pytest.raises(Permanent, match="the mask is 1024×1024 but the image is 1920×1080"):
        openai(fake).generate(edit("inpaint", model=MODEL, mask=mask(1024, 1024)))
    assert fake.requests == []


def multipart(files: list[tuple[str, tuple[str, bytes, str]]], **fields: str) -> httpx.Request:
    request = httpx.Request(
        "POST",
        "https://openai.test/v1/images/edits",
        headers={"authorization": f"Bearer {KEY}"},
        data={"model": MODEL, **fields},
        files=files,
    )
    request.read()
    return request


@pytest.mark.parametrize(
    ("mask_part", "problem"),
    [
        (("mask.png", mask(), "image/png"), "mask image missing alpha channel"),
        (("mask.jpg", photo(1920, 1080, "JPEG"), "image/jpeg"), "mask image must be a PNG file"),
        (("mask.png", photo(1024, 1024), "image/png"), "mask image missing alpha channel"),
    ],
)
def test_the_fake_refuses_masks_like_the_api(mask_part: tuple, problem: str) -> None:
    fake = FakeOpenAIImages(KEY)
    files = [("image", ("image.png", photo(), "image/png")), ("mask", mask_part)]
    answer = fake.handle(multipart(files, prompt="a red door"))
    error = answer.json()["error"]
    assert answer.status_code == 400 and error["code"] == "invalid_mask_image_format"
    assert error["message"] == f"Invalid mask image format - {problem}"


def test_the_fake_refuses_a_mask_of_another_size_and_a_missing_prompt() -> None:
    fake = FakeOpenAIImages(KEY)
    from workers.providers.edit_images import alpha_mask

    small = alpha_mask(opened(mask(1024, 1024)))
    files = [
        ("image", ("image.png", photo(), "image/png")),
        ("mask", ("m.png", small, "image/png")),
    ]
    answer = fake.handle(multipart(files, prompt="x"))
    assert answer.json()["error"]["message"].endswith("mask size does not match image size")
    answer = fake.handle(multipart(files[:1]))
    assert answer.status_code == 400
    assert answer.json()["error"]["message"] == "Missing required parameter: 'prompt'."


def test_replace_background_is_an_instruction_without_a_mask() -> None:
    fake = FakeOpenAIImages(KEY)
    openai(fake).generate(edit("replacebg", model=MODEL, prompt="a beach at dusk"))
    form = sent(fake)
    assert "mask" not in form and "background" not in form
    assert form["prompt"][1].startswith(b"Replace the background with a beach at dusk.")
