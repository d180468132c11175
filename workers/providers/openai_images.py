"""OpenAI Images API: generations (text only) and edits (input images as repeated image[]);
voice profiles speak through the same key (workers.providers.openai_speech)."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from core.ports import GenerationRequest, GenerationResult
from core.sizes import parse_aspect_ratio
from workers.providers.categories import category_of
from workers.providers.edits import operation_for
from workers.providers.http import NO_IMAGE, ProviderHTTP, RetryPolicy
from workers.providers.input_images import EXTENSIONS, OPENAI_TYPES, accepted
from workers.providers.openai_edits import ABLE, edit_call
from workers.providers.openai_speech import OpenAISpeech
from workers.providers.profiles import Options, options_for
from workers.providers.provenance import decode_b64_image, parameters, sniff_mime, stamp

DEFAULT_BASE_URL = "https://api.openai.com/v1"
SQUARE, LANDSCAPE, PORTRAIT = "1024x1024", "1536x1024", "1024x1536"


@dataclass(frozen=True)
class ImagesCall:
    """One Images API request: its path, what it is called in errors, body, provenance, info."""

    path: str
    what: str
    body: dict[str, Any]
    params: dict[str, Any]
    info: dict[str, str]


class OpenAIImagesProvider:
    """Draws with gpt-image models; with refs or a start image it calls the edits endpoint."""

    name = "openai"

    def __init__(
        self,
        api_key: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        options: Options | None = None,
        categories: Mapping[str, str] | None = None,
        timeout: float = 600.0,
        retry: RetryPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
        client: httpx.Client | None = None,
    ):
        self.options = options or {}
        self.categories = dict(categories or {})  # profile id → category (image if absent)
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
        self.speech = OpenAISpeech(self.http, self.options)

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

    @property
    def awaitable(self) -> bool:
        """Whether `generate_async` can run (not with an injected blocking-only transport)."""
        return self.http.awaitable

    async def aclose(self) -> None:
        """Close the running event loop's client (the call pool does, as it stops)."""
        await self.http.aclose()

    def generate(self, request: GenerationRequest) -> GenerationResult:
        if category_of(self.name, self.categories, request) == "voice":
            return self.speech.generate(request)
        started = time.perf_counter()
        call = self.call(request)
        response = self.http.request("POST", call.path, what=call.what, **call.body)
        found = self._image(self.http.json(response, call.what))
        if isinstance(found, str):
            found = self._downloaded(self.http.request("GET", found, what="image download"))
        return self._result(call, found, started)

    async def generate_async(self, request: GenerationRequest) -> GenerationResult:
        """`generate`, awaiting the remote calls instead of holding a thread for them."""
        if category_of(self.name, self.categories, request) == "voice":
            return await self.speech.generate_async(request)
        started = time.perf_counter()
        call = self.call(request)
        response = await self.http.request_async("POST", call.path, what=call.what, **call.body)
        found = self._image(self.http.json(response, call.what))
        if isinstance(found, str):
            download = await self.http.request_async("GET", found, what="image download")
            found = self._downloaded(download)
        return self._result(call, found, started)

    def call(self, request: GenerationRequest) -> ImagesCall:
        """The request to send: a generation, or `images/edits` with refs, a start image or an
        edit operation (the parent image, a mask where one is needed)."""
        op = operation_for(self.name, request, ABLE, self.options)
        if op != "generate":
            edit = edit_call(request, op, self.name)
            fields = {**self.fields(request), "prompt": edit.prompt, "size": edit.size}
            fields |= edit.fields
            if edit.fields.get("background") == "transparent" and fields["output_format"] == "jpeg":
                fields["output_format"] = "png"  # transparency needs png or webp
            form = {k: str(v) for k, v in fields.items()}
            params = parameters(request, self.name, size=edit.size, operation=op)
            info = {"endpoint": "edit", "operation": op, "size": edit.size}
            return ImagesCall("images/edits", op, {"data": form, "files": edit.files}, params, info)
        fields = self.fields(request)
        images = ([request.init_image] if request.init_image else []) + [
            r.data for r in request.refs
        ]
        params = parameters(request, self.name, size=fields["size"])
        if images:
            files = [("image[]", self._upload(i, data)) for i, data in enumerate(images)]
            form = {k: str(v) for k, v in fields.items()}
            info = {"endpoint": "edit", "size": fields["size"]}
            return ImagesCall("images/edits", "edit", {"data": form, "files": files}, params, info)
        info = {"endpoint": "generation", "size": fields["size"]}
        return ImagesCall("images/generations", "generation", {"json": fields}, params, info)

    def _result(self, call: ImagesCall, data: bytes, started: float) -> GenerationResult:
        return GenerationResult(
            data=stamp(data, call.params),
            mime=sniff_mime(data) or "image/png",
            provider=self.name,
            seconds=time.perf_counter() - started,
            info=dict(call.info),
        )

    def _image(self, body: dict[str, Any]) -> bytes | str:
        """The image's bytes, or the URL to download it from."""
        items = body.get("data")
        if not isinstance(items, list):
            raise self.http.error("malformed response (no data list)")
        if not items or not isinstance(items[0], dict):
            raise self.http.error(NO_IMAGE)
        first = items[0]
        if first.get("b64_json"):
            return decode_b64_image(first["b64_json"], self.name, "b64_json")
        if first.get("url"):
            return str(first["url"])
        raise self.http.error(NO_IMAGE)

    def _downloaded(self, response: httpx.Response) -> bytes:
        if sniff_mime(response.content) is None:
            raise self.http.error("malformed response (the image URL did not return an image)")
        return response.content

    def _upload(self, index: int, original: bytes) -> tuple[str, bytes, str]:
        """A multipart file part in a format the edits endpoint accepts (GIF becomes PNG)."""
        data, mime = accepted(original, OPENAI_TYPES, self.name)
        return (f"image-{index + 1}.{EXTENSIONS[mime]}", data, mime)
