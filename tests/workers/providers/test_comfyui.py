"""ComfyUI: workflow slots, /prompt, /history, /view, uploads and cancel against a fake server."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from core.errors import LightboxError, Permanent, RemoteError, RetryLater
from core.ports import GenerationResult, Pending
from workers.providers.comfyui import ComfyUIProvider, fill, load_workflow

from .fakes import NO_RETRY, FakeServer, json_response, make_request, png, provenance, refs, timeout

BASE = "http://comfy.test:8188"
PID = "6f1c0d5e-1111-2222-3333-444455556666"
WORKFLOW = {
    "3": {
        "class_type": "KSampler",
        "inputs": {
            "seed": "{{seed}}",
            "steps": 20,
            "cfg": 7.0,
            "model": ["4", 0],
            "positive": ["6", 0],
            "negative": ["7", 0],
            "latent_image": ["5", 0],
            "denoise": 1.0,
        },
    },
    "4": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "{{model}}"}},
    "5": {
        "class_type": "EmptyLatentImage",
        "inputs": {"width": "{{width}}", "height": "{{height}}", "batch_size": 1},
    },
    "6": {
        "class_type": "CLIPTextEncode",
        "inputs": {"text": "masterpiece, {{prompt}}", "clip": ["4", 1]},
    },
    "7": {"class_type": "CLIPTextEncode", "inputs": {"text": "{{negative}}", "clip": ["4", 1]}},
    "8": {"class_type": "VAEDecode", "inputs": {"samples": ["3", 0], "vae": ["4", 2]}},
    "9": {"class_type": "SaveImage", "inputs": {"filename_prefix": "lightbox", "images": ["8", 0]}},
}
IMG2IMG = {**WORKFLOW, "10": {"class_type": "LoadImage", "inputs": {"image": "{{image}}"}}}
DONE = {
    PID: {
        "prompt": [7, PID, {}, {}, ["9"]],
        "outputs": {
            "9": {
                "images": [{"filename": "lightbox_00001_.png", "subfolder": "", "type": "output"}]
            }
        },
        "status": {"status_str": "success", "completed": True, "messages": []},
    }
}


def fake(history: list[httpx.Response] | None = None) -> FakeServer:
    server = FakeServer()
    server.on(
        "POST", "/prompt", json_response(200, {"prompt_id": PID, "number": 7, "node_errors": {}})
    )
    server.on("GET", f"/history/{PID}", history or [json_response(200, DONE)])
    server.on("GET", "/view", httpx.Response(200, content=png("teal")))
    server.on("GET", "/queue", json_response(200, {"queue_running": [], "queue_pending": []}))
    server.on("POST", "/upload/image", lambda r: json_response(
        200, {"name": f"up{len(r.content)}.png", "subfolder": "", "type": "input"}
    ))  # fmt: skip
    return server


def provider(server: FakeServer, workflow: dict | None = None) -> ComfyUIProvider:
    return ComfyUIProvider(
        BASE, workflow=workflow or WORKFLOW, transport=server.transport, retry=NO_RETRY
    )


def run(server: FakeServer, workflow: dict | None = None, **changes) -> GenerationResult:
    comfy = provider(server, workflow)
    pending = comfy.generate(make_request(model="sdxl.safetensors", **changes))
    assert isinstance(pending, Pending) and pending.progress == "queued (#7)"
    result = comfy.poll(pending.handle)
    assert isinstance(result, GenerationResult)
    return result


@pytest.mark.parametrize("resolution", ["1K", "2K"])
@pytest.mark.parametrize("ratio", ["1:1", "16:9", "9:16", "3:2"])
def test_slots_are_filled_with_typed_values(resolution: str, ratio: str) -> None:
    server = fake()
    result = run(server, resolution=resolution, aspect_ratio=ratio, negative_prompt="blurry")
    graph = server.body("/prompt")["prompt"]
    expected = make_request(resolution=resolution, aspect_ratio=ratio)
    assert graph["5"]["inputs"] == {
        "width": expected.width,
        "height": expected.height,
        "batch_size": 1,
    }
    assert graph["3"]["inputs"]["seed"] == 42
    assert graph["6"]["inputs"]["text"] == "masterpiece, a red fox in snow"
    assert graph["7"]["inputs"]["text"] == "blurry"
    assert graph["4"]["inputs"]["ckpt_name"] == "sdxl.safetensors"
    view = server.last("/view")
    assert dict(view.url.params) == {
        "filename": "lightbox_00001_.png",
        "subfolder": "",
        "type": "output",
    }
    assert result.provider == "comfyui" and provenance(result.data)["negative_prompt"] == "blurry"


def test_start_image_and_refs_are_uploaded_and_named_in_the_slots() -> None:
    server = fake()
    workflow = {**IMG2IMG, "11": {"class_type": "LoadImage", "inputs": {"image": "{{ref_1}}"}}}
    start = png("white")
    run(server, workflow, init_image=start, refs=refs(1))
    uploads = [r for r in server.seen if r.url.path == "/upload/image"]
    assert len(uploads) == 2 and start in uploads[0].content
    graph = server.body("/prompt")["prompt"]
    assert graph["10"]["inputs"]["image"].startswith("up") and graph["11"]["inputs"][
        "image"
    ].startswith("up")


def test_a_workflow_without_an_image_slot_refuses_a_start_image() -> None:
    with pytest.raises(RemoteError, match=r"no \{\{image\}\} slot") as caught:
        provider(fake()).generate(make_request(init_image=png()))
    assert isinstance(caught.value, Permanent)


def test_waiting_reports_queue_position_then_in_progress() -> None:
    server = fake(
        history=[json_response(200, {}), json_response(200, {}), json_response(200, DONE)]
    )
    server.on("GET", "/queue", [
        json_response(200, {"queue_running": [[1, "other", {}, {}, []]],
                            "queue_pending": [[5, "x", {}, {}, []], [7, PID, {}, {}, []]]}),
        json_response(200, {"queue_running": [[7, PID, {}, {}, []]], "queue_pending": []}),
    ])  # fmt: skip
    comfy = provider(server)
    pending = comfy.generate(make_request())
    first, second = comfy.poll(pending.handle), comfy.poll(pending.handle)
    assert isinstance(first, Pending) and first.progress == "queue position 2"
    assert isinstance(second, Pending) and second.progress == "in progress"
    assert isinstance(comfy.poll(pending.handle), GenerationResult)


def test_cancel_deletes_a_queued_prompt_and_interrupts_a_running_one() -> None:
    server = fake()
    server.on("GET", "/queue", [
        json_response(200, {"queue_running": [], "queue_pending": [[7, PID, {}, {}, []]]}),
        json_response(200, {"queue_running": [[7, PID, {}, {}, []]], "queue_pending": []}),
    ])  # fmt: skip
    server.on("POST", "/queue", httpx.Response(200))
    server.on("POST", "/interrupt", httpx.Response(200))
    comfy = provider(server)
    handle = comfy.generate(make_request()).handle
    comfy.cancel(handle)
    assert server.body("/queue") == {"delete": [PID]}
    comfy.cancel(handle)
    assert server.body("/interrupt") == {"prompt_id": PID}


def test_interrupted_job_reports_cancelled() -> None:
    entry = {
        PID: {
            "outputs": {},
            "status": {
                "status_str": "error",
                "completed": False,
                "messages": [
                    ["execution_start", {"prompt_id": PID}],
                    [
                        "execution_interrupted",
                        {"prompt_id": PID, "node_id": "3", "node_type": "KSampler"},
                    ],
                ],
            },
        }
    }
    with pytest.raises(RemoteError, match="cancelled") as caught:
        run(fake(history=[json_response(200, entry)]))
    assert isinstance(caught.value, Permanent)


def test_execution_error_is_permanent_with_the_node_and_message() -> None:
    entry = {
        PID: {
            "outputs": {},
            "status": {
                "status_str": "error",
                "completed": False,
                "messages": [
                    [
                        "execution_error",
                        {
                            "prompt_id": PID,
                            "node_id": "3",
                            "node_type": "KSampler",
                            "exception_message": "CUDA out of memory",
                            "exception_type": "OOM",
                        },
                    ],
                ],
            },
        }
    }
    with pytest.raises(RemoteError, match="KSampler: CUDA out of memory"):
        run(fake(history=[json_response(200, entry)]))


def test_validation_error_on_queue_is_permanent() -> None:
    server = fake()
    body = {
        "error": {
            "type": "prompt_outputs_failed_validation",
            "message": "Prompt outputs failed validation",
            "details": "",
        },
        "node_errors": {"4": {"errors": [{"message": "Value not in list"}]}},
    }
    server.on("POST", "/prompt", json_response(400, body))
    with pytest.raises(RemoteError, match="failed validation") as caught:
        run(server)
    assert isinstance(caught.value, Permanent)


def test_server_error_and_timeout_and_rate_limit_are_transient() -> None:
    for answer in (json_response(500, {"error": "boom"}), timeout,
                   json_response(429, {}, {"Retry-After": "3"})):  # fmt: skip
        server = fake()
        server.on("POST", "/prompt", answer)
        with pytest.raises(RemoteError) as caught:
            run(server)
        assert isinstance(caught.value, RetryLater)
    assert caught.value.delay == 3.0


@pytest.mark.parametrize(
    "history", [{PID: "weird"}, {PID: {"outputs": {}, "status": {"completed": True}}}]
)
def test_malformed_or_empty_history_is_permanent(history: dict) -> None:
    with pytest.raises(RemoteError) as caught:
        run(fake(history=[json_response(200, history)]))
    assert isinstance(caught.value, Permanent)


def test_load_workflow_checks_the_format(tmp_path: Path) -> None:
    good = tmp_path / "api.json"
    good.write_text(json.dumps(WORKFLOW))
    assert load_workflow(good) == WORKFLOW
    ui = tmp_path / "ui.json"
    ui.write_text(json.dumps({"nodes": [], "links": []}))
    with pytest.raises(LightboxError, match="Save \\(API Format\\)"):
        load_workflow(ui)
    no_slot = tmp_path / "noslot.json"
    no_slot.write_text(json.dumps({"1": {"class_type": "X", "inputs": {}}}))
    with pytest.raises(LightboxError, match="no \\{\\{prompt\\}\\} slot"):
        load_workflow(no_slot)


def test_fill_keeps_types_for_whole_values() -> None:
    assert fill({"a": "{{seed}}", "b": ["x {{seed}}"]}, {"seed": 5}) == {"a": 5, "b": ["x 5"]}
