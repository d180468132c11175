"""Google Gemini image models via `models/{model}:generateContent` (text and image parts)."""

from __future__ import annotations

import base64
import time
from typing import Any

import httpx

from core.catalog import reduce_ratio
from core.ports import GenerationRequest, GenerationResult
from workers.providers.edits import operation_for
from workers.providers.gemini_edits import ABLE, WHY_NOT, edit_content, nearest_ratio
from workers.providers.http import NO_IMAGE, SAFETY, ProviderHTTP, RetryPolicy
from workers.providers.input_images import GEMINI_TYPES, accepted
from workers.providers.profiles import Options, options_for, seed_for
from workers.providers.provenance import decode_b64_image, parameters, sniff_mime, stamp

DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com"
ASPECT_RATIOS = ("1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9")
SPELLING = {reduce_ratio(ratio): ratio for ratio in ASPECT_RATIOS}  # 7:3 is sent as 21:9
SAFETY_REASONS = {
    "SAFETY", "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "PROHIBITED_CONTENT", "BLOCKLIST",
    "SPII", "OTHER_SAFETY",
}  # fmt: skip
RECITATION_REASONS = {"RECITATION", "IMAGE_RECITATION"}
NO_IMAGE_REASONS = {"NO_IMAGE", "IMAGE_OTHER", "OTHER", "MAX_TOKENS"}
INT32_MAX = 2**31 - 1  # generationConfig.seed is a proto int32
WHAT = "generateContent"


class GeminiProvider:
    """Draws with a Gemini image model; refs and the starting image go as inline image parts."""

    name = "gemini"

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
            auth_headers={"x-goog-api-key": api_key},
            secrets=[api_key],
            timeout=timeout,
            retry=retry,
            transport=transport,
            client=client,
        )

    def body(self, request: GenerationRequest) -> dict[str, Any]:
        """The generateContent request body for `request` (an edit: image + instruction)."""
        op = operation_for(self.name, request, ABLE, self.options, WHY_NOT)
        if op != "generate":
            text, images, size = edit_content(request, op, self.name)
            ratio = nearest_ratio(size, ASPECT_RATIOS)
        else:
            ratio = SPELLING.get(reduce_ratio(request.aspect_ratio), "")
            if not ratio:
                raise self.http.error(
                    f"aspect ratio {request.aspect_ratio} is not offered; allowed: "
                    + ", ".join(ASPECT_RATIOS)
                )
            text = request.prompt
            if request.negative_prompt:
                text += f"\n\nAvoid: {request.negative_prompt}"
            images = ([request.init_image] if request.init_image else []) + [
                r.data for r in request.refs
            ]
        parts: list[dict[str, Any]] = [{"text": text}]
        for original in images:
            data, mime = accepted(original, GEMINI_TYPES, self.name)
            parts.append(
                {"inlineData": {"mimeType": mime, "data": base64.b64encode(data).decode()}}
            )
        image_config = {"aspectRatio": ratio}
        if options_for(self.options, request).get("image_size", True):
            image_config["imageSize"] = request.resolution
        config: dict[str, Any] = {
            "responseModalities": ["TEXT", "IMAGE"],
            "imageConfig": image_config,
        }
        seed = seed_for(self.options, request, INT32_MAX)
        if seed is not None:
            config["seed"] = seed
        return {"contents": [{"role": "user", "parts": parts}], "generationConfig": config}

    @property
    def awaitable(self) -> bool:
        """Whether `generate_async` can run (not with an injected blocking-only transport)."""
        return self.http.awaitable

    async def aclose(self) -> None:
        """Close the running event loop's client (the call pool does, as it stops)."""
        await self.http.aclose()

    def generate(self, request: GenerationRequest) -> GenerationResult:
        started = time.perf_counter()
        body = self.body(request)
        response = self.http.request("POST", _path(request), what=WHAT, json=body)
        return self._result(request, body, response, started)

    async def generate_async(self, request: GenerationRequest) -> GenerationResult:
        """`generate`, awaiting the remote call instead of holding a thread for it."""
        started = time.perf_counter()
        body = self.body(request)
        response = await self.http.request_async("POST", _path(request), what=WHAT, json=body)
        return self._result(request, body, response, started)

    def _result(
        self,
        request: GenerationRequest,
        body: dict[str, Any],
        response: httpx.Response,
        started: float,
    ) -> GenerationResult:
        data, mime, note = self._image(self.http.json(response, WHAT))
        info = {"model": request.model}
        edited = {"operation": request.operation} if request.operation != "generate" else {}
        info.update(edited)
        if note:
            info["text"] = note[:300]
        seed = body["generationConfig"].get("seed")
        return GenerationResult(
            data=stamp(data, parameters(request, self.name, seed=seed, **edited)),
            mime=mime,
            provider=self.name,
            seconds=time.perf_counter() - started,
            info=info,
        )

    def _image(self, body: dict[str, Any]) -> tuple[bytes, str, str]:
        """The first non-thought image part, with any text the model said beside it."""
        feedback = body.get("promptFeedback") or {}
        if isinstance(feedback, dict) and feedback.get("blockReason"):
            raise self.http.error(f"{SAFETY} (prompt: {feedback['blockReason']})")
        candidates = body.get("candidates")
        if not isinstance(candidates, list):
            raise self.http.error("malformed response (no candidates)")
        if not candidates:
            raise self.http.error(NO_IMAGE)
        candidate = candidates[0] if isinstance(candidates[0], dict) else {}
        reason = str(candidate.get("finishReason", ""))
        if reason in SAFETY_REASONS:
            raise self.http.error(f"{SAFETY} ({reason})")
        if reason in RECITATION_REASONS:
            raise self.http.error(f"blocked: too close to existing content ({reason})")
        content = candidate.get("content") or {}
        parts = content.get("parts") if isinstance(content, dict) else None
        if parts is None and reason in NO_IMAGE_REASONS:
            raise self.http.error(f"{NO_IMAGE} ({reason})")
        if not isinstance(parts, list):
            raise self.http.error("malformed response (no content parts)")
        said = " ".join(
            str(p.get("text", "")) for p in parts if isinstance(p, dict) and not p.get("thought")
        ).strip()
        for part in parts:
            if not isinstance(part, dict) or part.get("thought"):
                continue
            inline = part.get("inlineData") or part.get("inline_data")
            if isinstance(inline, dict):
                data = decode_b64_image(inline.get("data"), self.name, "inlineData")
                return data, sniff_mime(data) or "image/png", said
        why = f" ({reason})" if reason and reason != "STOP" else ""
        raise self.http.error(
            f"{NO_IMAGE}{why}" + (f': the model said "{said[:200]}"' if said else "")
        )


def _path(request: GenerationRequest) -> str:
    return f"v1beta/models/{request.model.removeprefix('models/')}:generateContent"
