"""A ComfyUI server fake with the real validation, queue and in-memory history.

Rules and shapes, from ComfyUI's server.py and execution.py:
- `POST /prompt` validates every input against the node's INPUT_TYPES: a value outside a list
  is `value_not_in_list` ("Value not in list", details "ckpt_name: 'x' not in [...]"), numbers
  outside min/max are `value_smaller_than_min` / `value_bigger_than_max`, a missing input is
  `required_input_missing`, an unknown node `missing_node_type`; the answer is 400
  `{"error": {"type": "prompt_outputs_failed_validation", …}, "node_errors": {id: {errors,
  dependent_outputs, class_type}}}`.
- the queue (`GET /queue`: `queue_running`, `queue_pending` in heap order, entries
  `[number, prompt_id, prompt, extra_data, outputs]`) and the history live in memory: a restart
  loses both, and `GET /history/{id}` answers `{}` for a prompt it does not know.
- edit nodes (nodes.py / comfy_extras): LoadImageMask (image in the input folder, channel
  alpha/red/green/blue), VAEEncodeForInpaint (grow_mask_by 0–64), SetLatentNoiseMask,
  ImagePadForOutpaint (left/top/right/bottom 0–MAX_RESOLUTION step 8, feathering),
  ImageScaleBy (scale_by 0.01–8), UpscaleModelLoader (a model in models/upscale_models),
  ImageUpscaleWithModel; KSampler's denoise is a FLOAT 0.0–1.0.
- LoraLoader (nodes.py): `model`, `clip`, `lora_name` (a file in models/loras, so an unknown one
  is `value_not_in_list`), `strength_model` and `strength_clip` FLOAT -100.0–100.0.
"""

from __future__ import annotations

import itertools
import json
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx

from .fakes import png

UINT64_MAX = 0xFFFFFFFFFFFFFFFF
MAX_RESOLUTION = 16384


SIDES = ("left", "top", "right", "bottom")


def node_types(
    checkpoints: list[str],
    images: list[str],
    upscalers: list[str] | None = None,
    loras: list[str] | None = None,
) -> dict[str, dict[str, tuple]]:
    """INPUT_TYPES()["required"] of the core nodes the tests use."""
    upscalers = upscalers or ["RealESRGAN_x4plus.pth"]
    return {
        "LoraLoader": {
            "model": ("MODEL",),
            "clip": ("CLIP",),
            "lora_name": (loras or [],),
            "strength_model": ("FLOAT", {"min": -100.0, "max": 100.0}),
            "strength_clip": ("FLOAT", {"min": -100.0, "max": 100.0}),
        },
        "CheckpointLoaderSimple": {"ckpt_name": (checkpoints,)},
        "EmptyLatentImage": {
            "width": ("INT", {"min": 16, "max": 16384}),
            "height": ("INT", {"min": 16, "max": 16384}),
            "batch_size": ("INT", {"min": 1, "max": 4096}),
        },
        "CLIPTextEncode": {"text": ("STRING", {}), "clip": ("CLIP",)},
        "KSampler": {
            "seed": ("INT", {"min": 0, "max": UINT64_MAX}),
            "steps": ("INT", {"min": 1, "max": 10000}),
            "model": ("MODEL",),
            "positive": ("CONDITIONING",),
            "negative": ("CONDITIONING",),
            "latent_image": ("LATENT",),
            "denoise": ("FLOAT", {"min": 0.0, "max": 1.0}),
        },
        "VAEDecode": {"samples": ("LATENT",), "vae": ("VAE",)},
        "VAEEncode": {"pixels": ("IMAGE",), "vae": ("VAE",)},
        "LoadImage": {"image": (images,)},
        "SaveImage": {"images": ("IMAGE",)},
        "LoadImageMask": {"image": (images,), "channel": (["alpha", "red", "green", "blue"],)},
        "VAEEncodeForInpaint": {
            "pixels": ("IMAGE",),
            "vae": ("VAE",),
            "mask": ("MASK",),
            "grow_mask_by": ("INT", {"min": 0, "max": 64}),
        },
        "SetLatentNoiseMask": {"samples": ("LATENT",), "mask": ("MASK",)},
        "ImagePadForOutpaint": {
            "image": ("IMAGE",),
            **{side: ("INT", {"min": 0, "max": MAX_RESOLUTION}) for side in SIDES},
            "feathering": ("INT", {"min": 0, "max": MAX_RESOLUTION}),
        },
        "ImageScaleBy": {
            "image": ("IMAGE",),
            "upscale_method": (["nearest-exact", "bilinear", "area", "bicubic", "lanczos"],),
            "scale_by": ("FLOAT", {"min": 0.01, "max": 8.0}),
        },
        "UpscaleModelLoader": {"model_name": (upscalers,)},
        "ImageUpscaleWithModel": {"upscale_model": ("UPSCALE_MODEL",), "image": ("IMAGE",)},
    }


def check_input(name: str, value: Any, spec: tuple) -> dict[str, Any] | None:
    kind, options = spec[0], spec[1] if len(spec) > 1 else {}
    if isinstance(value, list):
        return None  # a link [node_id, slot]
    if isinstance(kind, list) and value not in kind:
        listed = f"(list of length {len(kind)})" if len(kind) > 20 else str(kind)
        return {
            "type": "value_not_in_list",
            "message": "Value not in list",
            "details": f"{name}: '{value}' not in {listed}",
            "extra_info": {"input_name": name, "input_config": spec, "received_value": value},
        }
    if kind in ("INT", "FLOAT") and "max" in options and float(value) > options["max"]:
        return {
            "type": "value_bigger_than_max",
            "message": f"Value {value} bigger than max of {options['max']}",
            "details": name,
            "extra_info": {"input_name": name, "received_value": value},
        }
    if kind in ("INT", "FLOAT") and "min" in options and float(value) < options["min"]:
        return {
            "type": "value_smaller_than_min",
            "message": f"Value {value} smaller than min of {options['min']}",
            "details": name,
            "extra_info": {"input_name": name, "received_value": value},
        }
    return None


@dataclass
class FakeComfyUI:
    """One ComfyUI server; each `GET /history/{id}` advances its queue by one step."""

    checkpoints: list[str] = field(default_factory=lambda: ["sd_xl_base_1.0.safetensors"])
    loras: list[str] = field(default_factory=lambda: ["ink_wash.safetensors"])
    uploads: list[str] = field(default_factory=list)
    pending: list[list[Any]] = field(default_factory=list)
    running: list[list[Any]] = field(default_factory=list)
    history: dict[str, dict[str, Any]] = field(default_factory=dict)
    prompts: list[dict[str, Any]] = field(default_factory=list)
    requests: list[httpx.Request] = field(default_factory=list)
    most_unfinished: int = 0  # the most prompts queued or running at once
    _numbers: itertools.count = field(default_factory=itertools.count)

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def restart(self) -> None:
        """The server process restarted: its queue and history are gone."""
        self.pending, self.running, self.history = [], [], {}

    def handle(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        path, method = request.url.path, request.method
        if (method, path) == ("POST", "/prompt"):
            return self.queue_prompt(json.loads(request.content)["prompt"])
        if (method, path) == ("POST", "/upload/image"):
            name = f"upload-{len(self.uploads)}.png"
            self.uploads.append(name)
            return httpx.Response(200, json={"name": name, "subfolder": "", "type": "input"})
        if method == "GET" and path.startswith("/history/"):
            prompt_id = path.removeprefix("/history/")
            self.step()
            entry = self.history.get(prompt_id)
            return httpx.Response(200, json={prompt_id: entry} if entry else {})
        if (method, path) == ("GET", "/queue"):
            return httpx.Response(
                200,
                json={"queue_running": self.running, "queue_pending": list(reversed(self.pending))},
            )
        if (method, path) == ("POST", "/queue"):  # server.py post_queue: {"delete": [ids]}
            doomed = set(json.loads(request.content).get("delete", []))
            self.pending = [item for item in self.pending if item[1] not in doomed]
            return httpx.Response(200)
        if (method, path) == ("POST", "/interrupt"):  # the running prompt stops with an error
            for item in self.running:
                self.history[item[1]] = {
                    "prompt": item,
                    "outputs": {},
                    "status": {
                        "status_str": "error",
                        "completed": False,
                        "messages": [["execution_interrupted", {"prompt_id": item[1]}]],
                    },
                }
            self.running = []
            return httpx.Response(200)
        if (method, path) == ("GET", "/view"):
            return httpx.Response(200, content=png("teal", (16, 16)))
        return httpx.Response(404, text="404: Not Found")

    def queue_prompt(self, prompt: dict[str, Any]) -> httpx.Response:
        self.prompts.append(prompt)
        types = node_types(self.checkpoints, self.uploads, loras=self.loras)
        node_errors: dict[str, Any] = {}
        for node_id, node in prompt.items():
            spec = types.get(node["class_type"])
            if spec is None:
                error = {
                    "type": "missing_node_type",
                    "message": f"Node '{node['class_type']}' "
                    "not found. The custom node may not be installed.",
                    "details": f"Node ID '#{node_id}'",
                    "extra_info": {},
                }
                return httpx.Response(400, json={"error": error, "node_errors": {}})
            errors = []
            for name, input_spec in spec.items():
                if name not in node["inputs"]:
                    errors.append(
                        {
                            "type": "required_input_missing",
                            "message": "Required input is missing",
                            "details": name,
                            "extra_info": {"input_name": name},
                        }
                    )
                elif (problem := check_input(name, node["inputs"][name], input_spec)) is not None:
                    errors.append(problem)
            if errors:
                node_errors[node_id] = {
                    "errors": errors,
                    "dependent_outputs": ["9"],
                    "class_type": node["class_type"],
                }
        if node_errors:
            details = "\n".join(
                f"{e['message']}: {e['details']}" for n in node_errors.values() for e in n["errors"]
            )
            error = {
                "type": "prompt_outputs_failed_validation",
                "message": "Prompt outputs failed validation",
                "details": details,
                "extra_info": {},
            }
            return httpx.Response(400, json={"error": error, "node_errors": node_errors})
        number, prompt_id = next(self._numbers), str(uuid.uuid4())
        self.pending.append([number, prompt_id, prompt, {"client_id": "x"}, ["9"]])
        self.most_unfinished = max(self.most_unfinished, len(self.pending) + len(self.running))
        return httpx.Response(
            200, json={"prompt_id": prompt_id, "number": number, "node_errors": {}}
        )

    def step(self) -> None:
        """Finish the running prompt into the history, then start the next one."""
        for item in self.running:
            image = {"filename": f"lightbox_{item[0]:05}_.png", "subfolder": "", "type": "output"}
            self.history[item[1]] = {
                "prompt": item,
                "outputs": {"9": {"images": [image]}},
                "status": {"status_str": "success", "completed": True, "messages": []},
            }
        self.running = [self.pending.pop(0)] if self.pending else []
