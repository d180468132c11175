"""LoRA styles on each provider, against fakes that check them as the real services do."""

from __future__ import annotations

import pytest

from core.errors import Permanent
from core.ports import GenerationResult, LoraUse, Pending
from workers.providers.comfyui_loras import with_loras

from .fake_a1111 import FakeWebUI
from .fake_comfyui import FakeComfyUI
from .fake_fal import FakeFalQueue
from .fakes import make_request, provenance
from .test_a1111_rules import AUTH, webui
from .test_comfyui import WORKFLOW
from .test_comfyui_rules import CKPT, comfy, finish
from .test_fal_rules import KEY, fal

INK = LoraUse("ink", "https://loras.test/ink.safetensors", 0.8)
GRAIN = LoraUse("grain", "https://loras.test/grain.safetensors", 1.2)
FIXED = [{"path": "https://loras.test/house.safetensors", "scale": 0.5}]


def fal_run(fake: FakeFalQueue, picked: list[LoraUse], **options) -> GenerationResult:
    provider = fal(fake, options={"flux": options})
    answer = provider.generate(make_request(model="fal-ai/flux-lora", profile="flux", loras=picked))
    for _ in range(4):
        assert isinstance(answer, Pending)
        answer = provider.poll(answer.handle)
        if isinstance(answer, GenerationResult):
            return answer
    raise AssertionError("never finished")


def test_fal_gets_the_profile_loras_then_the_picked_ones_as_path_and_scale() -> None:
    fake = FakeFalQueue(KEY)
    result = fal_run(fake, [INK, GRAIN], loras=FIXED)
    [payload] = fake.inputs.values()
    assert payload["loras"] == [
        *FIXED,
        {"path": INK.provider_lora, "scale": 0.8},
        {"path": GRAIN.provider_lora, "scale": 1.2},
    ]
    assert provenance(result.data)["loras"] == {"ink": 0.8, "grain": 1.2}


def test_fal_refuses_a_scale_its_schema_does_not_allow() -> None:
    fake = FakeFalQueue(KEY)
    with pytest.raises(Permanent, match="less than or equal to 4"):
        fal_run(fake, [LoraUse("loud", "https://loras.test/loud.safetensors", 5.0)])
    narrow = FakeFalQueue(KEY, lora_max_scale=2)  # an endpoint whose scale goes 0–2
    with pytest.raises(Permanent, match="less than or equal to 2"):
        fal_run(narrow, [LoraUse("loud", "https://loras.test/loud.safetensors", 3.0)])


def test_fal_without_loras_sends_no_loras_field() -> None:
    fake = FakeFalQueue(KEY)
    fal_run(fake, [])
    [payload] = fake.inputs.values()
    assert "loras" not in payload


def test_a1111_appends_lora_tags_after_checking_the_server_list() -> None:
    fake = FakeWebUI(AUTH)
    ink = LoraUse("ink", "ink_wash", 0.8)
    webui(fake).generate(make_request(model="sd_xl_base_1.0", loras=[ink]))
    assert fake.bodies[-1]["prompt"] == "a red fox in snow <lora:ink_wash:0.8>"
    assert fake.missing_networks == []


def test_a1111_refuses_a_lora_the_server_lacks_instead_of_drawing_without_it() -> None:
    fake = FakeWebUI(AUTH)
    typo = LoraUse("ink", "ink_wsh", 0.8)
    with pytest.raises(Permanent, match='no LoRA "ink_wsh".*ink_wash'):
        webui(fake).generate(make_request(model="sd_xl_base_1.0", loras=[typo]))
    assert fake.bodies == [] and fake.missing_networks == []


def test_comfyui_chains_lora_loaders_after_the_checkpoint() -> None:
    fake = FakeComfyUI()
    provider = comfy(fake)
    ink = LoraUse("ink", "ink_wash.safetensors", 0.7)
    finish(provider, provider.generate(make_request(model=CKPT, loras=[ink])))
    prompt = fake.prompts[-1]
    assert prompt["10"]["class_type"] == "LoraLoader"
    assert prompt["10"]["inputs"] | {"model": 0} == {
        "model": 0,
        "clip": ["4", 1],
        "lora_name": "ink_wash.safetensors",
        "strength_model": 0.7,
        "strength_clip": 0.7,
    }
    assert prompt["3"]["inputs"]["model"] == ["10", 0]  # the sampler takes the LoRA'd model
    assert prompt["6"]["inputs"]["clip"] == ["10", 1] and prompt["8"]["inputs"]["vae"] == ["4", 2]


def test_comfyui_refuses_a_lora_file_the_server_lacks_with_its_name() -> None:
    fake = FakeComfyUI()
    provider = comfy(fake)
    with pytest.raises(Permanent, match='no LoRA "nope.safetensors"'):
        provider.generate(make_request(model=CKPT, loras=[LoraUse("x", "nope.safetensors", 1)]))


def test_two_loras_chain_in_order_and_a_graph_without_a_checkpoint_is_refused() -> None:
    two = with_loras(WORKFLOW, [LoraUse("a", "a.safetensors", 1), LoraUse("b", "b.st", 0.5)])
    assert two["10"]["inputs"]["model"] == ["4", 0] and two["11"]["inputs"]["model"] == ["10", 0]
    assert two["3"]["inputs"]["model"] == ["11", 0] and WORKFLOW["3"]["inputs"]["model"] == ["4", 0]
    bare = {k: v for k, v in WORKFLOW.items() if k != "4"}
    with pytest.raises(ValueError, match="exactly one CheckpointLoaderSimple"):
        with_loras(bare, [LoraUse("a", "a.safetensors", 1)])
