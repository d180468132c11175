"""ComfyUI edits: a workflow per operation with named inputs (image, mask, denoise, padding)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from core.errors import LightboxError, Permanent
from core.ports import GenerationResult, Pending, RefImage
from workers.providers.comfyui import ComfyUIProvider, fill

from .edit_samples import edit, mask, opened, photo
from .fake_comfyui import FakeComfyUI
from .fake_openai import parts
from .fakes import NO_RETRY

CKPT = "sd_xl_base_1.0.safetensors"
BASE = "http://gpu-box.test:8188"


def sampler(latent: str, denoise: Any = "{{denoise}}") -> dict[str, Any]:
    return {"class_type": "KSampler", "inputs": {
        "seed": "{{seed}}", "steps": 25, "model": ["4", 0], "positive": ["6", 0],
        "negative": ["7", 0], "latent_image": [latent, 0], "denoise": denoise}}  # fmt: skip


COMMON = {
    "4": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "{{model}}"}},
    "6": {"class_type": "CLIPTextEncode", "inputs": {"text": "{{prompt}}", "clip": ["4", 1]}},
    "7": {"class_type": "CLIPTextEncode", "inputs": {"text": "{{negative}}", "clip": ["4", 1]}},
    "8": {"class_type": "VAEDecode", "inputs": {"samples": ["3", 0], "vae": ["4", 2]}},
    "9": {"class_type": "SaveImage", "inputs": {"filename_prefix": "edit", "images": ["8", 0]}},
    "10": {"class_type": "LoadImage", "inputs": {"image": "{{image}}"}},
}
INPAINT = {
    **COMMON,
    "11": {"class_type": "LoadImageMask", "inputs": {"image": "{{mask}}", "channel": "red"}},
    "12": {"class_type": "VAEEncodeForInpaint", "inputs": {
        "pixels": ["10", 0], "vae": ["4", 2], "mask": ["11", 0], "grow_mask_by": 6}},
    "3": sampler("12"),
}  # fmt: skip
VARY = {
    **COMMON,
    "12": {"class_type": "VAEEncode", "inputs": {"pixels": ["10", 0], "vae": ["4", 2]}},
    "3": sampler("12"),
}
PAD = {
    **COMMON,
    "13": {"class_type": "ImagePadForOutpaint", "inputs": {
        "image": ["10", 0], "left": "{{left}}", "top": "{{top}}", "right": "{{right}}",
        "bottom": "{{bottom}}", "feathering": 40}},
    "12": {"class_type": "VAEEncodeForInpaint", "inputs": {
        "pixels": ["13", 0], "vae": ["4", 2], "mask": ["13", 1], "grow_mask_by": 8}},
    "3": sampler("12", 1.0),
}  # fmt: skip
UPSCALE = {
    "10": COMMON["10"],
    "20": {"class_type": "UpscaleModelLoader", "inputs": {"model_name": "RealESRGAN_x4plus.pth"}},
    "21": {"class_type": "ImageUpscaleWithModel", "inputs": {
        "upscale_model": ["20", 0], "image": ["10", 0]}},
    "22": {"class_type": "ImageScaleBy", "inputs": {
        "image": ["21", 0], "upscale_method": "lanczos", "scale_by": "{{scale}}"}},
    "9": {"class_type": "SaveImage", "inputs": {"filename_prefix": "up", "images": ["22", 0]}},
}  # fmt: skip


def workflows(tmp_path: Path, **graphs: dict[str, Any]) -> dict[str, str]:
    paths = {}
    for op, graph in graphs.items():
        path = tmp_path / f"{op}.json"
        path.write_text(json.dumps(graph), encoding="utf-8")
        paths[op] = str(path)
    return paths


def comfy(fake: FakeComfyUI, endpoints: dict[str, str]) -> ComfyUIProvider:
    options = {"sdxl": {"endpoints": endpoints}}
    return ComfyUIProvider(BASE, options=options, transport=fake.transport, retry=NO_RETRY)


def run(provider: ComfyUIProvider, op: str, **changes) -> GenerationResult:
    answer = provider.generate(edit(op, model=CKPT, profile="sdxl", **changes))
    for _ in range(6):
        assert isinstance(answer, Pending)
        answer = provider.poll(answer.handle)
        if isinstance(answer, GenerationResult):
            return answer
    raise AssertionError("never finished")


def uploads(fake: FakeComfyUI) -> list[bytes]:
    sent = [r for r in fake.requests if r.url.path == "/upload/image"]
    return [data for r in sent for name, _, data in parts(r) if name == "image"]


def test_inpaint_uploads_image_and_mask_and_fills_the_named_inputs(tmp_path: Path) -> None:
    fake = FakeComfyUI()
    result = run(comfy(fake, workflows(tmp_path, inpaint=INPAINT)), "inpaint")
    graph = fake.prompts[-1]
    first, second = uploads(fake)
    sent_mask = opened(first)
    assert sent_mask.size == (1920, 1080) and sent_mask.getpixel((700, 540)) == 255
    assert sent_mask.getpixel((100, 100)) == 0 and second == photo()
    assert graph["11"]["inputs"] == {"image": fake.uploads[0], "channel": "red"}
    assert graph["10"]["inputs"]["image"] == fake.uploads[1]
    assert graph["3"]["inputs"]["denoise"] == 1.0 and graph["6"]["inputs"]["text"] == "a red door"
    assert graph["4"]["inputs"]["ckpt_name"] == CKPT and result.provider == "comfyui"


def test_vary_fills_denoise_with_the_strength(tmp_path: Path) -> None:
    fake = FakeComfyUI()
    run(comfy(fake, workflows(tmp_path, vary=VARY)), "vary", op_params={"strength": "0.35"})
    assert fake.prompts[-1]["3"]["inputs"]["denoise"] == 0.35 and len(fake.uploads) == 1


def test_outpaint_fills_the_padding_inputs_with_the_original_image(tmp_path: Path) -> None:
    fake = FakeComfyUI()
    padding = {"left": "480", "right": "480", "top": "0", "bottom": "0"}
    run(comfy(fake, workflows(tmp_path, outpaint=PAD)), "outpaint", op_params=padding)
    inputs = fake.prompts[-1]["13"]["inputs"]
    assert (inputs["left"], inputs["top"], inputs["right"], inputs["bottom"]) == (480, 0, 480, 0)
    assert uploads(fake) == [photo()]


def test_outpaint_without_padding_slots_gets_a_padded_canvas_and_mask(tmp_path: Path) -> None:
    fake = FakeComfyUI()
    padding = {"left": "0", "right": "0", "top": "0", "bottom": "200"}
    run(comfy(fake, workflows(tmp_path, outpaint=INPAINT)), "outpaint", op_params=padding)
    border, canvas = (opened(data) for data in uploads(fake))
    assert border.size == canvas.size == (1920, 1280)
    assert border.getpixel((960, 1200)) == 255 and border.getpixel((960, 500)) == 0


def test_upscale_fills_the_scale_input(tmp_path: Path) -> None:
    fake = FakeComfyUI()
    run(comfy(fake, workflows(tmp_path, upscale=UPSCALE)), "upscale", op_params={"scale": "2"})
    assert fake.prompts[-1]["22"]["inputs"]["scale_by"] == 2


def test_an_operation_without_a_workflow_is_refused_naming_the_setting(tmp_path: Path) -> None:
    fake = FakeComfyUI()
    provider = comfy(fake, workflows(tmp_path, inpaint=INPAINT))
    with pytest.raises(Permanent, match="has no ComfyUI workflow for removebg; add endpoints"):
        run(provider, "removebg")
    with pytest.raises(Permanent, match="the mask is 1024×1024 but the image is 1920×1080"):
        run(provider, "inpaint", mask=mask(1024, 1024))
    assert fake.requests == []


def test_an_edit_workflow_missing_its_slots_stops_the_start(tmp_path: Path) -> None:
    fake = FakeComfyUI()
    with pytest.raises(LightboxError, match=r"inpaint.json: the workflow has no \{\{mask\}\} slot"):
        comfy(fake, workflows(tmp_path, inpaint=VARY))
    with pytest.raises(LightboxError, match="an outpaint workflow needs"):
        comfy(fake, workflows(tmp_path, outpaint=VARY))


def test_the_fake_validates_edit_nodes_like_comfyui() -> None:
    fake = FakeComfyUI()
    slots = {"seed": 1, "model": CKPT, "prompt": "x", "negative": "", "denoise": 1.5,
             "image": "never-uploaded.png", "mask": "never-uploaded.png"}  # fmt: skip
    graph = fill(INPAINT, slots)
    answer = fake.queue_prompt(graph)
    errors = answer.json()["node_errors"]
    assert answer.status_code == 400
    assert errors["11"]["errors"][0]["type"] == "value_not_in_list"
    assert errors["3"]["errors"][0]["message"] == "Value 1.5 bigger than max of 1.0"


IMAGE_ONLY = {
    "10": COMMON["10"],
    "9": {"class_type": "SaveImage", "inputs": {"filename_prefix": "x", "images": ["10", 0]}},
}
SWAP = {**IMAGE_ONLY, "11": {"class_type": "LoadImage", "inputs": {"image": "{{ref_1}}"}}}


@pytest.mark.parametrize("op", ["removebg", "replacebg", "restoreface"])
def test_image_only_workflows_get_the_uploaded_parent(tmp_path: Path, op: str) -> None:
    fake = FakeComfyUI()
    run(comfy(fake, workflows(tmp_path, **{op: IMAGE_ONLY})), op)
    assert uploads(fake) == [photo()]
    assert fake.prompts[-1]["10"]["inputs"]["image"] == fake.uploads[0]


def test_face_swap_uploads_the_character_ref_into_its_slot(tmp_path: Path) -> None:
    fake = FakeComfyUI()
    ref = RefImage("mara", photo(512, 512))
    run(comfy(fake, workflows(tmp_path, faceswap=SWAP)), "faceswap", refs=[ref])
    assert uploads(fake) == [photo(), ref.data]
    assert fake.prompts[-1]["11"]["inputs"]["image"] == fake.uploads[1]
    with pytest.raises(LightboxError, match=r"the workflow has no \{\{ref_1\}\} slot"):
        comfy(fake, workflows(tmp_path, faceswap=IMAGE_ONLY))
