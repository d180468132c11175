"""AUTOMATIC1111 / Forge web UI API: /sdapi/v1/txt2img and /sdapi/v1/img2img.

The web UI runs one generation at a time (its queue lock), so this client sends at most
`concurrency` requests at once (across worker processes when its slots live in Redis) and
waits long enough that a queued request is not paid twice.
A checkpoint it does not have is silently replaced by its first one (sd_models.select_checkpoint
"not found; loading fallback"), so the name is checked against /sdapi/v1/sd-models first.
LoRAs go in the prompt as `<lora:name:weight>` (the built-in Lora extension); an unknown name is
only logged ("Networks not found") and the image is drawn without it, so each name is checked
against /sdapi/v1/loras first.
"""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import httpx

from core.ports import GenerationRequest, GenerationResult
from workers.providers.a1111_edits import (
    ABLE,
    EXTRAS,
    FACE_TOOLS,
    extras_body,
    img2img_fields,
)
from workers.providers.edit_images import trimmed
from workers.providers.edits import endpoint_for, operation_for, outpaint_size
from workers.providers.gpu_slots import LocalSlots, SlotLimit, holding
from workers.providers.http import NO_IMAGE, ProviderHTTP, RetryPolicy
from workers.providers.input_images import WEB_TYPES, accepted
from workers.providers.profiles import UINT32_MAX, Options, options_for, seed_for
from workers.providers.provenance import decode_b64_image, parameters, sniff_mime, stamp

RANDOM_SEED = -1  # the web UI's own "pick a seed"


class A1111Provider:
    """Draws on a self-hosted Stable Diffusion web UI; the model id selects the checkpoint."""

    name = "a1111"

    def __init__(
        self,
        base_url: str,
        *,
        auth: str | None = None,
        options: Options | None = None,
        concurrency: int = 1,
        slots: SlotLimit | None = None,
        timeout: float = 900.0,
        retry: RetryPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
        client: httpx.Client | None = None,
    ):
        self.options = options or {}
        # Shared with every worker process through Redis when the registry passes its slots.
        self.slots = slots or LocalSlots(concurrency)
        self._checkpoints: set[str] | None = None
        self._upscalers: set[str] | None = None
        self._loras: set[str] | None = None
        headers = {}
        if auth:
            headers["Authorization"] = "Basic " + base64.b64encode(auth.encode()).decode()
        self.http = ProviderHTTP(
            self.name,
            base_url,
            auth_headers=headers,
            secrets=[auth or "", *(auth or "").split(":", 1)[1:]],
            timeout=timeout,
            retry=retry,
            transport=transport,
            client=client,
        )

    def payload(self, request: GenerationRequest) -> dict[str, Any]:
        """The txt2img/img2img body; the profile's `input` table adds steps, sampler and so on."""
        opts = options_for(self.options, request)
        seed = seed_for(self.options, request, UINT32_MAX)
        body: dict[str, Any] = {
            "prompt": request.prompt
            + "".join(f" <lora:{u.provider_lora}:{u.weight:g}>" for u in request.loras),
            "negative_prompt": request.negative_prompt,
            "seed": RANDOM_SEED if seed is None else seed,
            "width": request.width,
            "height": request.height,
            "batch_size": 1,
            "n_iter": 1,
            "send_images": True,
            "save_images": False,
        }
        if opts.get("checkpoint", True):
            body["override_settings"] = {"sd_model_checkpoint": request.model}
        if request.init_image:
            data, _ = accepted(request.init_image, WEB_TYPES, self.name)
            body["init_images"] = [base64.b64encode(data).decode()]
            body["denoising_strength"] = float(opts.get("denoising_strength", 0.6))
        body.update(opts.get("input", {}))
        return body

    def check_checkpoint(self, name: str) -> None:
        """Refuse a checkpoint the server does not list (it would draw with another one)."""
        if self._checkpoints is None or name not in self._checkpoints:
            response = self.http.request("GET", "sdapi/v1/sd-models", what="checkpoint list")
            try:
                listed = response.json()
            except ValueError:
                listed = None
            if not isinstance(listed, list):
                raise self.http.error("malformed response to the checkpoint list")
            self._checkpoints = {
                str(item.get(key))
                for item in listed
                if isinstance(item, dict)
                for key in ("title", "model_name")
                if item.get(key)
            }
        if name not in self._checkpoints:
            known = ", ".join(sorted(self._checkpoints)[:10]) or "none"
            raise self.http.error(
                f'the server has no checkpoint "{name}" (it would silently use another one); '
                f"it has: {known}"
            )

    def check_loras(self, names: list[str]) -> None:
        """Refuse a LoRA the server does not list (it would draw without it, silently)."""
        if not names:
            return
        if self._loras is None or not set(names) <= self._loras:
            response = self.http.request("GET", "sdapi/v1/loras", what="LoRA list")
            try:
                listed = response.json()
            except ValueError:
                listed = None
            if not isinstance(listed, list):
                raise self.http.error("malformed response to the LoRA list")
            self._loras = {
                str(item.get(key))
                for item in listed
                if isinstance(item, dict)
                for key in ("name", "alias")
                if item.get(key)
            }
        missing = [name for name in names if name not in self._loras]
        if missing:
            known = ", ".join(sorted(self._loras)[:10]) or "none"
            raise self.http.error(
                f'the server has no LoRA "{missing[0]}" (it would draw without it); it has: {known}'
            )

    def check_upscaler(self, name: str) -> None:
        """Refuse an upscaler the server does not list (it answers a 500 that looks retryable)."""
        if self._upscalers is None or name not in self._upscalers:
            response = self.http.request("GET", "sdapi/v1/upscalers", what="upscaler list")
            try:
                listed = response.json()
            except ValueError:
                listed = None
            if not isinstance(listed, list):
                raise self.http.error("malformed response to the upscaler list")
            self._upscalers = {
                str(item["name"]) for item in listed if isinstance(item, dict) and item.get("name")
            }
        if name not in self._upscalers:
            known = ", ".join(sorted(self._upscalers - {"None"})) or "none"
            raise self.http.error(f'the server has no upscaler "{name}"; it has: {known}')

    def extras(self, request: GenerationRequest, op: str) -> GenerationResult:
        """Upscale or restore faces through /sdapi/v1/extra-single-image."""
        tool = endpoint_for(self.options, request, op)
        if op == "restoreface" and tool and tool not in FACE_TOOLS:
            raise self.http.error(
                f'restoreface: "{tool}" is not a face tool of the web UI; use one of: '
                + ", ".join(FACE_TOOLS)
            )
        body = extras_body(request, op, tool, self.name)
        with holding(self.slots):
            started = time.perf_counter()
            if body["upscaler_1"] != "None":
                self.check_upscaler(body["upscaler_1"])
            response = self.http.request("POST", "sdapi/v1/extra-single-image", what=op, json=body)
            seconds = time.perf_counter() - started
        image = self.http.json(response, op).get("image")
        if not isinstance(image, str) or not image:
            raise self.http.error(NO_IMAGE)
        data = decode_b64_image(image, self.name, "image")
        params = parameters(
            request, self.name, mode="extras", operation=op, tool=body["upscaler_1"]
        )
        return GenerationResult(
            data=stamp(data, params),
            mime=sniff_mime(data) or "image/png",
            provider=self.name,
            seconds=seconds,
            info={"mode": "extras", "operation": op},
        )

    def generate(self, request: GenerationRequest) -> GenerationResult:
        op = operation_for(self.name, request, ABLE, self.options)
        if op in EXTRAS:
            return self.extras(request, op)
        payload = self.payload(request)
        if op != "generate":
            opts = options_for(self.options, request)
            payload.update(img2img_fields(request, op, opts, self.name))
        mode = "img2img" if request.init_image else "txt2img"
        with holding(self.slots):
            started = time.perf_counter()
            if "override_settings" in payload:
                self.check_checkpoint(request.model)
            self.check_loras([u.provider_lora for u in request.loras])
            response = self.http.request("POST", f"sdapi/v1/{mode}", what=mode, json=payload)
            seconds = time.perf_counter() - started
        body = self.http.json(response, mode)
        images = body.get("images")
        if not isinstance(images, list):
            raise self.http.error(f"malformed response to {mode} (no images list)")
        if not images:
            raise self.http.error(NO_IMAGE)
        data = decode_b64_image(images[0], self.name, "images[0]")
        if op == "outpaint":  # the canvas was rounded up to multiples of 8: give back the ask
            data = trimmed(data, outpaint_size(self.name, request), self.name)
        edited = {"operation": op} if op != "generate" else {}
        params = parameters(
            request, self.name, mode=mode, seed=_seed_used(body, payload["seed"]), **edited
        )
        return GenerationResult(
            data=stamp(data, params),
            mime=sniff_mime(data) or "image/png",
            provider=self.name,
            seconds=seconds,
            info={"mode": mode, **edited},
        )


def _seed_used(body: dict[str, Any], sent: int) -> int:
    """The seed the web UI reports in `info` (it picks one for -1), else the one sent."""
    try:
        seed = json.loads(body.get("info") or "{}").get("seed")
    except (TypeError, ValueError, AttributeError):
        seed = None
    return seed if isinstance(seed, int) else sent
