"""fal.ai edits through the queue: each operation's endpoint and its documented input fields."""

from __future__ import annotations

import base64

import pytest

from core.errors import Permanent
from core.ports import GenerationResult, Pending, RefImage
from workers.providers.fal import FalProvider

from .edit_samples import edit, mask, opened, photo
from .fake_fal import FakeFalQueue
from .fakes import NO_RETRY

KEY = "fal-edit-key-0123456789"
MODEL = "fal-ai/flux/dev"
ENDPOINTS = {
    "vary": "fal-ai/flux/dev/image-to-image",
    "inpaint": "fal-ai/flux-pro/v1/fill",
    "outpaint": "fal-ai/bria/expand",
    "upscale": "fal-ai/clarity-upscaler",
    "removebg": "fal-ai/birefnet/v2",
    "faceswap": "fal-ai/face-swap",
}


def fal(fake: FakeFalQueue, endpoints: dict[str, str] | None = None) -> FalProvider:
    options = {"flux": {"endpoints": ENDPOINTS if endpoints is None else endpoints}}
    return FalProvider(
        KEY, base_url=fake.base, transport=fake.transport, retry=NO_RETRY, options=options
    )


def run(provider: FalProvider, op: str, **changes) -> GenerationResult:
    answer = provider.generate(edit(op, model=MODEL, profile="flux", **changes))
    for _ in range(5):
        assert isinstance(answer, Pending)
        answer = provider.poll(answer.handle)
        if isinstance(answer, GenerationResult):
            return answer
    raise AssertionError("never finished")


def uri_bytes(uri: str) -> bytes:
    head, _, data = uri.partition(",")
    assert head == "data:image/png;base64"
    return base64.b64decode(data)


def test_inpaint_submits_image_and_mask_data_uris_to_the_fill_endpoint() -> None:
    fake = FakeFalQueue(KEY)
    result = run(fal(fake), "inpaint")
    [submit] = [r for r in fake.requests if r.method == "POST"]
    assert submit.url.path == "/fal-ai/flux-pro/v1/fill"
    [payload] = fake.inputs.values()
    assert set(payload) == {"prompt", "image_url", "mask_url", "num_images", "output_format",
                            "seed"}  # fmt: skip
    assert uri_bytes(payload["image_url"]) == photo() and payload["prompt"] == "a red door"
    sent = opened(uri_bytes(payload["mask_url"]))
    assert sent.size == (1920, 1080) and sent.getpixel((700, 540)) == 255
    assert sent.getpixel((100, 100)) == 0
    assert opened(result.data).size == (1920, 1080)
    assert any("/fal-ai/flux-pro/requests/" in str(r.url) for r in fake.requests)


def test_outpaint_with_expand_sends_canvas_size_and_where_the_original_goes() -> None:
    fake = FakeFalQueue(KEY)
    padding = {"left": "480", "right": "480", "top": "0", "bottom": "0"}
    result = run(fal(fake), "outpaint", op_params=padding)
    [payload] = fake.inputs.values()
    assert payload["canvas_size"] == [2880, 1080]
    assert payload["original_image_size"] == [1920, 1080]
    assert payload["original_image_location"] == [480, 0]
    assert opened(result.data).size == (2880, 1080)


def test_outpaint_with_a_fill_endpoint_sends_a_padded_canvas_and_border_mask() -> None:
    fake = FakeFalQueue(KEY)
    run(fal(fake, {"outpaint": "fal-ai/flux-pro/v1/fill"}), "outpaint",
        op_params={"top": "120", "bottom": "120"})  # fmt: skip
    [payload] = fake.inputs.values()
    canvas, border = opened(uri_bytes(payload["image_url"])), opened(uri_bytes(payload["mask_url"]))
    assert canvas.size == border.size == (1920, 1320)
    assert border.getpixel((960, 60)) == 255 and border.getpixel((960, 660)) == 0


@pytest.mark.parametrize(
    ("endpoint", "field"),
    [("fal-ai/clarity-upscaler", "upscale_factor"), ("fal-ai/esrgan", "scale"),
     ("fal-ai/aura-sr", "upscaling_factor")],
)  # fmt: skip
def test_upscale_sends_the_factor_in_each_upscalers_field(endpoint: str, field: str) -> None:
    fake = FakeFalQueue(KEY)
    result = run(fal(fake, {"upscale": endpoint}), "upscale", op_params={"scale": "2"})
    [payload] = fake.inputs.values()
    assert payload == {"image_url": payload["image_url"], field: 2}
    if field == "upscale_factor":
        assert opened(result.data).size == (3840, 2160)


def test_remove_background_sends_only_the_image_and_reads_the_single_image_answer() -> None:
    fake = FakeFalQueue(KEY)
    result = run(fal(fake), "removebg")
    [payload] = fake.inputs.values()
    assert list(payload) == ["image_url"] and opened(result.data).mode == "RGBA"


def test_vary_goes_to_the_declared_endpoint_with_the_requested_strength() -> None:
    fake = FakeFalQueue(KEY)
    run(fal(fake), "vary", op_params={"strength": "0.35"})
    [payload] = fake.inputs.values()
    [submit] = [r for r in fake.requests if r.method == "POST"]
    assert submit.url.path == "/fal-ai/flux/dev/image-to-image"
    assert payload["strength"] == 0.35 and uri_bytes(payload["image_url"]) == photo()


def test_face_swap_sends_the_character_ref_as_the_swap_image() -> None:
    fake = FakeFalQueue(KEY)
    ref = RefImage("mara", photo(512, 512))
    run(fal(fake), "faceswap", refs=[ref])
    [payload] = fake.inputs.values()
    assert uri_bytes(payload["swap_image_url"]) == ref.data
    assert uri_bytes(payload["base_image_url"]) == photo()
    with pytest.raises(Permanent, match="faceswap needs a character ref"):
        run(fal(fake), "faceswap")


def test_an_operation_without_an_endpoint_says_which_to_add_and_submits_nothing() -> None:
    fake = FakeFalQueue(KEY)
    with pytest.raises(Permanent, match="names no endpoint for replacebg; add endpoints.replacebg"):
        run(fal(fake), "replacebg")
    assert fake.requests == []


def test_wrong_mask_size_and_a_lacking_profile_are_refused_before_submitting() -> None:
    fake = FakeFalQueue(KEY)
    with pytest.raises(Permanent, match="the mask is 1024×1024 but the image is 1920×1080"):
        run(fal(fake), "inpaint", mask=mask(1024, 1024))
    provider = fal(fake)
    provider.options = {"flux": {"operations": ["generate", "upscale"], "endpoints": ENDPOINTS}}
    with pytest.raises(Permanent, match='"flux" does not offer inpaint; its edits: upscale'):
        run(provider, "inpaint")
    assert fake.requests == []


def test_the_fake_refuses_a_fill_without_mask_and_an_upscale_past_4() -> None:
    fake = FakeFalQueue(KEY)
    provider = fal(fake)
    pending = provider.generate(edit("inpaint", model=MODEL, profile="flux"))
    assert isinstance(pending, Pending)
    del fake.inputs["req-1"]["mask_url"]
    with pytest.raises(Permanent, match="mask_url: Field required"):
        provider.poll(provider.poll(pending.handle).handle)
    with pytest.raises(Permanent, match="upscale_factor: Input should be less than or equal to 4"):
        run(provider, "upscale", op_params={"scale": "8"}, init_image=photo(64, 64))


def test_replace_background_and_restore_faces_send_their_fields() -> None:
    fake = FakeFalQueue(KEY)
    endpoints = {"replacebg": "fal-ai/bria/background/replace", "restoreface": "fal-ai/codeformer"}
    run(fal(fake, endpoints), "replacebg", prompt="a beach at dusk")
    run(fal(fake, endpoints), "restoreface")
    replace, restore = fake.inputs.values()
    assert set(replace) == {"image_url", "prompt"} and replace["prompt"] == "a beach at dusk"
    assert list(restore) == ["image_url"]
    paths = [r.url.path for r in fake.requests if r.method == "POST"]
    assert paths == ["/fal-ai/bria/background/replace", "/fal-ai/codeformer"]
