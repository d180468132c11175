"""AUTOMATIC1111 / Forge web UI API: /sdapi/v1/txt2img and /sdapi/v1/img2img."""

from __future__ import annotations

import base64
import time
from collections.abc import Mapping
from typing import Any

import httpx

from core.ports import GenerationRequest, GenerationResult
from workers.providers.http import NO_IMAGE, ProviderHTTP, RetryPolicy
from workers.providers.provenance import decode_b64_image, parameters, sniff_mime, stamp


class A1111Provider:
    """Draws on a self-hosted Stable Diffusion web UI; the model id selects the checkpoint."""

    name = "a1111"

    def __init__(
        self,
        base_url: str,
        *,
        auth: str | None = None,
        options: Mapping[str, Mapping[str, Any]] | None = None,
        timeout: float = 300.0,
        retry: RetryPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
        client: httpx.Client | None = None,
    ):
        self.options = options or {}
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
        opts = self.options.get(request.model, {})
        body: dict[str, Any] = {
            "prompt": request.prompt,
            "negative_prompt": request.negative_prompt,
            "seed": request.seed,
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
            body["init_images"] = [base64.b64encode(request.init_image).decode()]
            body["denoising_strength"] = float(opts.get("denoising_strength", 0.6))
        body.update(opts.get("input", {}))
        return body

    def generate(self, request: GenerationRequest) -> GenerationResult:
        started = time.perf_counter()
        mode = "img2img" if request.init_image else "txt2img"
        response = self.http.request(
            "POST", f"sdapi/v1/{mode}", what=mode, json=self.payload(request)
        )
        body = self.http.json(response, mode)
        images = body.get("images")
        if not isinstance(images, list):
            raise self.http.error(f"malformed response to {mode} (no images list)")
        if not images:
            raise self.http.error(NO_IMAGE)
        data = decode_b64_image(images[0], self.name, "images[0]")
        return GenerationResult(
            data=stamp(data, parameters(request, self.name, mode=mode)),
            mime=sniff_mime(data) or "image/png",
            provider=self.name,
            seconds=time.perf_counter() - started,
            info={"mode": mode},
        )
