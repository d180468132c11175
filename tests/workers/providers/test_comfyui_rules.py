"""ComfyUI against a fake with the real validation and in-memory queue: checkpoints, lost jobs."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image

from core.errors import Permanent
from core.ports import GenerationResult, Pending
from workers.providers.comfyui import ComfyUIProvider
from workers.providers.registry import ProviderSettings, build_catalog, build_providers

from .fake_comfyui import FakeComfyUI
from .fakes import NO_RETRY, make_request
from .test_comfyui import IMG2IMG, WORKFLOW

CKPT = "sd_xl_base_1.0.safetensors"
BASE = "http://gpu-box.test:8188"


def comfy(fake: FakeComfyUI, workflow: dict | None = None, **kw) -> ComfyUIProvider:
    kw.setdefault("concurrency", 4)  # several prompts wait in the server's own queue here
    return ComfyUIProvider(
        BASE, workflow=workflow or WORKFLOW, transport=fake.transport, retry=NO_RETRY, **kw
    )


def finish(provider: ComfyUIProvider, pending: Pending) -> GenerationResult:
    answer: GenerationResult | Pending = pending
    for _ in range(6):
        answer = provider.poll(answer.handle)
        if isinstance(answer, GenerationResult):
            return answer
    raise AssertionError("never finished")


def test_a_known_checkpoint_is_drawn() -> None:
    fake = FakeComfyUI()
    provider = comfy(fake)
    result = finish(provider, provider.generate(make_request(model=CKPT, seed=2**32 - 1)))
    assert result.provider == "comfyui"
    assert fake.prompts[-1]["3"]["inputs"]["seed"] == 2**32 - 1  # KSampler takes 0…2⁶⁴−1


def test_an_unknown_checkpoint_is_a_clear_permanent_error() -> None:
    fake = FakeComfyUI()
    with pytest.raises(Permanent) as caught:
        comfy(fake).generate(make_request(model="sdxl-typo.safetensors"))
    message = str(caught.value)
    assert 'has no model "sdxl-typo.safetensors"' in message and "ckpt_name" in message
    assert fake.pending == []


def test_other_validation_errors_name_the_node_and_the_rule() -> None:
    fake = FakeComfyUI()
    workflow = json.loads(json.dumps(WORKFLOW))
    workflow["3"]["inputs"]["steps"] = 0
    with pytest.raises(Permanent, match=r"KSampler #3: Value 0 smaller than min of 1"):
        comfy(fake, workflow).generate(make_request(model=CKPT))


def test_a_prompt_the_server_lost_is_detected_instead_of_polled_forever() -> None:
    fake = FakeComfyUI()
    provider = comfy(fake)
    pending = provider.generate(make_request(model=CKPT))
    fake.restart()
    with pytest.raises(Permanent, match="no longer knows this job"):
        provider.poll(pending.handle)


def test_a_prompt_that_finishes_between_history_and_queue_is_not_called_lost() -> None:
    fake = FakeComfyUI()
    provider = comfy(fake)
    pending = provider.generate(make_request(model=CKPT))
    fake.step()  # running now
    original, step = fake.handle, fake.step

    def finish_on_queue(request):  # type: ignore[no-untyped-def]
        if request.url.path == "/queue":
            step()  # it finishes just as Lightbox looks at the queue
        return original(request)

    fake.handle = finish_on_queue  # type: ignore[method-assign]
    fake.step = lambda: None  # type: ignore[method-assign]
    assert isinstance(
        ComfyUIProvider(BASE, workflow=WORKFLOW, transport=fake.transport, retry=NO_RETRY).poll(
            pending.handle
        ),
        GenerationResult,
    )


def test_queue_position_follows_the_prompt_numbers_and_slows_the_polling() -> None:
    fake = FakeComfyUI()
    provider = comfy(fake, poll_after=1.0)
    handles = [provider.generate(make_request(model=CKPT)).handle for _ in range(4)]
    fake.step = lambda: None  # type: ignore[method-assign]  # the GPU is busy elsewhere
    answer = provider.poll(handles[3])
    assert isinstance(answer, Pending) and answer.progress == "queue position 4"
    assert answer.poll_after == 4.0


def test_a_gif_start_image_is_uploaded_as_png() -> None:
    fake = FakeComfyUI()
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="GIF")
    comfy(fake, IMG2IMG).generate(make_request(model=CKPT, init_image=buffer.getvalue()))
    upload = next(r for r in fake.requests if r.url.path == "/upload/image")
    assert b'filename="lightbox-' in upload.content and b".png" in upload.content
    assert b"\x89PNG" in upload.content and b"GIF8" not in upload.content


def test_two_profiles_on_one_checkpoint_keep_their_own_workflows(tmp_path: Path) -> None:
    (tmp_path / "txt.json").write_text(json.dumps(WORKFLOW))
    (tmp_path / "img.json").write_text(json.dumps(IMG2IMG))
    models = tmp_path / "models.toml"
    models.write_text(f"""
[[models]]
id = "sdxl"
provider = "comfyui"
provider_model = "{CKPT}"
options = {{ workflow = "{tmp_path / "txt.json"}" }}
[[models]]
id = "sdxl-fork"
provider = "comfyui"
provider_model = "{CKPT}"
image_input = true
options = {{ workflow = "{tmp_path / "img.json"}" }}
""")
    fake = FakeComfyUI()
    settings = ProviderSettings(
        models_file=models, comfyui_url=BASE, comfyui_concurrency=2, _env_file=None
    )  # type: ignore[call-arg]
    provider = build_providers(
        settings, build_catalog(settings), transport=fake.transport, retry=NO_RETRY
    )["comfyui"]
    provider.generate(make_request(model=CKPT, profile="sdxl"))
    provider.generate(make_request(model=CKPT, profile="sdxl-fork", init_image=fake_png()))
    assert [("10" in p) for p in fake.prompts] == [False, True]


def fake_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, format="PNG")
    return buffer.getvalue()
