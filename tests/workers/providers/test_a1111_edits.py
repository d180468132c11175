"""AUTOMATIC1111 edits against the web UI fake: img2img mask fields and the extras upscaler."""

from __future__ import annotations

import base64
import json

import httpx
import pytest

from core.errors import Permanent
from workers.providers.a1111 import A1111Provider

from .edit_samples import edit, mask, opened, photo
from .fake_a1111 import FakeWebUI
from .fakes import NO_RETRY

AUTH = "admin:edit-secret-pass"
BASE = "http://gpu-box.test:7860"
MODEL = "sd_xl_base_1.0"


def webui(fake: FakeWebUI, **kw) -> A1111Provider:
    return A1111Provider(BASE, auth=AUTH, transport=fake.transport, retry=NO_RETRY, **kw)


def b64_image(value: str):
    return opened(base64.b64decode(value))


def test_inpaint_sends_the_mask_fields_and_keeps_the_image_size() -> None:
    fake = FakeWebUI(AUTH)
    result = webui(fake).generate(edit("inpaint", model=MODEL))
    body = fake.bodies[-1]
    assert base64.b64decode(body["init_images"][0]) == photo()
    sent_mask = b64_image(body["mask"])
    assert sent_mask.size == (1920, 1080) and sent_mask.getpixel((700, 540)) == 255
    assert sent_mask.getpixel((100, 100)) == 0  # white = inpaint, as the web UI reads it
    assert (body["mask_blur"], body["inpainting_fill"], body["inpaint_full_res"]) == (4, 1, True)
    assert body["inpainting_mask_invert"] == 0 and body["denoising_strength"] == 0.75
    assert (body["width"], body["height"]) == (1920, 1080)
    assert body["override_settings"] == {"sd_model_checkpoint": MODEL}
    assert opened(result.data).size == (1920, 1080) and result.info["operation"] == "inpaint"


def test_vary_is_img2img_with_the_requested_strength_and_no_mask() -> None:
    fake = FakeWebUI(AUTH)
    webui(fake).generate(edit("vary", model=MODEL, op_params={"strength": "0.35"}))
    body = fake.bodies[-1]
    assert body["denoising_strength"] == 0.35 and "mask" not in body


def test_outpaint_extends_the_canvas_to_multiples_of_8_with_a_border_mask() -> None:
    fake = FakeWebUI(AUTH)
    padding = {"left": "100", "top": "0", "right": "0", "bottom": "0"}
    result = webui(fake).generate(edit("outpaint", model=MODEL, op_params=padding))
    assert opened(result.data).size == (2020, 1080)  # the rounding is cropped off the answer
    body = fake.bodies[-1]
    canvas, border = b64_image(body["init_images"][0]), b64_image(body["mask"])
    assert canvas.size == border.size == (2024, 1080) == (body["width"], body["height"])
    assert border.getpixel((50, 500)) == 255 and border.getpixel((1000, 500)) == 0
    assert border.getpixel((2022, 500)) == 255  # the 4 px rounding on the right is new too
    assert body["inpaint_full_res"] is False


def test_upscale_uses_the_extras_endpoint_with_a_listed_upscaler() -> None:
    fake = FakeWebUI(AUTH)
    result = webui(fake).generate(edit("upscale", model=MODEL, op_params={"scale": "2"}))
    body = fake.bodies[-1]
    assert base64.b64decode(body["image"]) == photo()
    assert (body["upscaler_1"], body["upscaling_resize"], body["resize_mode"]) == (
        "R-ESRGAN 4x+",
        2,
        0,
    )
    assert opened(result.data).size == (3840, 2160) and result.info["mode"] == "extras"


def test_the_profile_names_its_upscaler_and_an_unknown_one_is_refused_first() -> None:
    fake = FakeWebUI(AUTH)
    options = {"forge": {"endpoints": {"upscale": "SwinIR 4x"}}}
    webui(fake, options=options).generate(edit("upscale", model=MODEL, profile="forge"))
    assert fake.bodies[-1]["upscaler_1"] == "SwinIR 4x"
    options = {"forge": {"endpoints": {"upscale": "4x-UltraSharp"}}}
    with pytest.raises(Permanent, match='no upscaler "4x-UltraSharp"; it has: ESRGAN_4x'):
        webui(fake, options=options).generate(edit("upscale", model=MODEL, profile="forge"))
    assert len(fake.bodies) == 1


def test_restore_faces_runs_codeformer_without_upscaling() -> None:
    fake = FakeWebUI(AUTH)
    result = webui(fake).generate(edit("restoreface", model=MODEL))
    body = fake.bodies[-1]
    assert (body["codeformer_visibility"], body["upscaler_1"], body["upscaling_resize"]) == (
        1,
        "None",
        1,
    )
    assert opened(result.data).size == (1920, 1080)


@pytest.mark.parametrize("op", ["removebg", "replacebg", "faceswap"])
def test_what_the_web_ui_api_cannot_do_is_refused(op: str) -> None:
    fake = FakeWebUI(AUTH)
    with pytest.raises(Permanent, match=f"a1111 cannot {op}; it can: inpaint, outpaint"):
        webui(fake).generate(edit(op, model=MODEL))
    assert fake.bodies == []


def test_a_mask_of_another_size_is_refused_though_the_web_ui_would_stretch_it() -> None:
    fake = FakeWebUI(AUTH)
    with pytest.raises(Permanent, match="the mask is 1024×1024 but the image is 1920×1080"):
        webui(fake).generate(edit("inpaint", model=MODEL, mask=mask(1024, 1024)))
    assert fake.bodies == []
    body = {"init_images": [base64.b64encode(photo()).decode()], "width": 1920, "height": 1080,
            "mask": base64.b64encode(mask(1024, 1024)).decode()}  # fmt: skip
    assert fake.handle(post("img2img", body)).status_code == 200
    assert fake.stretched == [((1024, 1024), (1920, 1080))]


def post(route: str, body: dict) -> httpx.Request:
    auth = "Basic " + base64.b64encode(AUTH.encode()).decode()
    return httpx.Request(
        "POST",
        f"{BASE}/sdapi/v1/{route}",
        headers={"authorization": auth},
        content=json.dumps(body),
    )


def test_the_fake_answers_like_the_web_ui() -> None:
    fake = FakeWebUI(AUTH)
    missing = fake.handle(post("img2img", {"prompt": "x"}))
    assert missing.status_code == 404 and missing.json()["detail"] == "Init image not found"
    image = base64.b64encode(photo(64, 64)).decode()
    too_big = fake.handle(post("extra-single-image", {"image": image, "upscaling_resize": 9}))
    assert too_big.status_code == 422
    assert too_big.json()["detail"][0]["msg"] == "ensure this value is less than or equal to 8"
    unknown = fake.handle(post("extra-single-image", {"image": image, "upscaler_1": "Nope"}))
    assert unknown.status_code == 500
    assert unknown.json()["errors"] == "could not find upscaler named Nope"
