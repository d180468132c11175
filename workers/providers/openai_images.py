"""OpenAI Images API: generations (text only) and edits (input images as repeated image[])."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import httpx

from core.ports import GenerationRequest, GenerationResult
from core.sizes import parse_aspect_ratio
from workers.providers.edits import operation_for
from workers.providers.http import NO_IMAGE, ProviderHTTP, RetryPolicy
from workers.providers.input_images import EXTENSIONS, OPENAI_TYPES, accepted
from workers.providers.openai_edits import ABLE, edit_call
from workers.providers.profiles import Options, options_for
from workers.providers.provenance import decode_b64_image, parameters, sniff_mime, stamp

DEFAULT_BASE_URL = "https://api.openai.com/v1"
SQUARE, LANDSCAPE, PORTRAIT = "1024x1024", "1536x1024", "1024x1536"


class OpenAIImagesProvider:
    """Draws with gpt-image models; with refs or a start image it calls the edits endpoint."""

    name = "openai"

    def __init__(
        self,
        api_key: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        options: Options | None = None,
        timeout: float = 600.0,
        retry: RetryPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
        client: httpx.Client | None = None,
    ):
        self.options = options or {}
        self.http = ProviderHTTP(
            self.name,
            base_url,
            auth_headers={"Authorization": f"Bearer {api_key}"},
            secrets=[api_key],
            timeout=timeout,
            retry=retry,
            transport=transport,
            client=client,
        )

    def size(self, request: GenerationRequest) -> str:
        """The API size for the aspect ratio: the profile's `sizes` table, else the orientation."""
        sizes = options_for(self.options, request).get("sizes", {})
        if request.aspect_ratio in sizes:
            return str(sizes[request.aspect_ratio])
        width, height = parse_aspect_ratio(request.aspect_ratio)
        return SQUARE if width == height else LANDSCAPE if width > height else PORTRAIT

    def fields(self, request: GenerationRequest) -> dict[str, Any]:
        """The parameters shared by generations and edits."""
        opts = options_for(self.options, request)
        prompt = request.prompt
        if request.negative_prompt:
            prompt += f"\n\nAvoid: {request.negative_prompt}"
        fields: dict[str, Any] = {
            "model": request.model,
            "prompt": prompt,
            "n": 1,
            "size": self.size(request),
            "output_format": str(opts.get("output_format", "png")),
        }
        quality = opts.get("quality")
        if isinstance(quality, Mapping):
            quality = quality.get(request.resolution)
        if quality:
            fields["quality"] = str(quality)
        return fields

    def generate(self, request: GenerationRequest) -> GenerationResult:
        op = operation_for(self.name, request, ABLE, self.options)
        if op != "generate":
            return self.edit(request, op)
        started = time.perf_counter()
        fields = self.fields(request)
        images = ([request.init_image] if request.init_image else []) + [
            r.data for r in request.refs
        ]
        if images:
            files = [("image[]", self._upload(i, data)) for i, data in enumerate(images)]
            form = {k: str(v) for k, v in fields.items()}
            response = self.http.request(
                "POST", "images/edits", what="edit", data=form, files=files
            )
            what = "edit"
        else:
            response = self.http.request(
                "POST", "images/generations", what="generation", json=fields
            )
            what = "generation"
        body = self.http.json(response, what)
        data = self._image(body)
        return GenerationResult(
            data=stamp(data, parameters(request, self.name, size=fields["size"])),
            mime=sniff_mime(data) or "image/png",
            provider=self.name,
            seconds=time.perf_counter() - started,
            info={"endpoint": what, "size": fields["size"]},
        )

    def edit(self, request: GenerationRequest, op: str) -> GenerationResult:
        """One Lightbox edit as `images/edits`: the parent image, a mask where one is needed."""
        started = time.perf_counter()
        call = edit_call(request, op, self.name)
        fields = {**self.fields(request), "prompt": call.prompt, "size": call.size, **call.fields}
        if call.fields.get("background") == "transparent" and fields["output_format"] == "jpeg":
            fields["output_format"] = "png"  # transparency needs png or webp
        form = {k: str(v) for k, v in fields.items()}
        response = self.http.request("POST", "images/edits", what=op, data=form, files=call.files)
        data = self._image(self.http.json(response, op))
        params = parameters(request, self.name, size=call.size, operation=op)
        return GenerationResult(
            data=stamp(data, params),
            mime=sniff_mime(data) or "image/png",
            provider=self.name,
            seconds=time.perf_counter() - started,
            info={"endpoint": "edit", "operation": op, "size": call.size},
        )

    def _image(self, body: dict[str, Any]) -> bytes:
        items = body.get("data")
        if not isinstance(items, list):
            raise self.http.error("malformed response (no data list)")
        if not items or not isinstance(items[0], dict):
            raise self.http.error(NO_IMAGE)
        first = items[0]
        if first.get("b64_json"):
            return decode_b64_image(first["b64_json"], self.name, "b64_json")
        if first.get("url"):
            data = self.http.request("GET", str(first["url"]), what="image download").content
            if sniff_mime(data) is None:
                raise self.http.error("malformed response (the image URL did not return an image)")
            return data
        raise self.http.error(NO_IMAGE)

    def _upload(self, index: int, original: bytes) -> tuple[str, bytes, str]:
        """A multipart file part in a format the edits endpoint accepts (GIF becomes PNG)."""
        data, mime = accepted(original, OPENAI_TYPES, self.name)
        return (f"image-{index + 1}.{EXTENSIONS[mime]}", data, mime)
