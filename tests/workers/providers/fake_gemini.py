"""A Gemini `generateContent` fake that refuses what the real API refuses, with its error bodies.

Rules and wording, from the official sources:
- `generationConfig.seed` is `optional int32 seed` (google.ai.generativelanguage v1beta
  GenerationConfig; python-genai `types.GenerationConfig.seed: Optional[int]`); Google's JSON
  front end answers an out-of-range value with 400 INVALID_ARGUMENT "Invalid value at
  'generation_config.seed' (TYPE_INT32), N" and a `google.rpc.BadRequest` field violation.
- Image parts: "MIME type must be image/png, image/jpeg, image/webp, image/heic, or image/heif";
  newer servers say "Unsupported MIME type: image/gif". Bytes that do not decode as the declared
  type: "Unable to process input image. Please retry or report in …/troubleshooting".
- 429 RESOURCE_EXHAUSTED carries `google.rpc.QuotaFailure` (quota ids …PerMinute… / …PerDay…),
  `google.rpc.Help` and, for per-minute quota, `google.rpc.RetryInfo {retryDelay: "36s"}`; there
  is no Retry-After header.
- `imageConfig.aspectRatio` ∈ 1:1 2:3 3:2 3:4 4:3 4:5 5:4 9:16 16:9 21:9; `imageSize` ∈ 1K 2K 4K
  (upper-case K). The wording of those two refusals is ours (not published).
"""

from __future__ import annotations

import base64
import json
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from workers.providers.input_images import image_type

from .fakes import png

INT32 = (-(2**31), 2**31 - 1)
MIME_TYPES = ("image/png", "image/jpeg", "image/webp", "image/heic", "image/heif")
RATIOS = ("1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9")
SIZES = ("1K", "2K", "4K")
HELP = {
    "@type": "type.googleapis.com/google.rpc.Help",
    "links": [{"description": "Learn more about Gemini API quotas",
               "url": "https://ai.google.dev/gemini-api/docs/rate-limits"}],
}  # fmt: skip
TROUBLESHOOTING = "https://developers.generativeai.google/guide/troubleshooting"
UNREADABLE = f"Unable to process input image. Please retry or report in {TROUBLESHOOTING}"
QUOTA_TEXT = (
    "You exceeded your current quota, please check your plan and billing details. For more "
    "information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits."
)


def google_error(code: int, status: str, message: str, *details: dict) -> httpx.Response:
    error: dict[str, Any] = {"code": code, "message": message, "status": status}
    if details:
        error["details"] = list(details)
    return httpx.Response(code, json={"error": error})


def quota_exhausted(per: str, retry_delay: str | None = None) -> httpx.Response:
    """The 429 Gemini sends when a per-minute or per-day request quota is used up."""
    quota = f"GenerateRequestsPer{per.capitalize()}PerProjectPerModel-FreeTier"
    failure = {
        "@type": "type.googleapis.com/google.rpc.QuotaFailure",
        "violations": [{
            "quotaMetric": "generativelanguage.googleapis.com/generate_content_free_tier_requests",
            "quotaId": quota,
            "quotaDimensions": {"location": "global", "model": "gemini-2.5-flash-image"},
        }],
    }  # fmt: skip
    details = [failure, HELP]
    if retry_delay:
        details.append(
            {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": retry_delay}
        )
    return google_error(429, "RESOURCE_EXHAUSTED", QUOTA_TEXT, *details)


def bad_request(field_path: str, message: str) -> httpx.Response:
    violation = {"field": field_path, "description": message}
    detail = {"@type": "type.googleapis.com/google.rpc.BadRequest", "fieldViolations": [violation]}
    return google_error(400, "INVALID_ARGUMENT", message, detail)


@dataclass
class FakeGemini:
    """Answers `POST /v1beta/models/{model}:generateContent`; `script` queues canned refusals."""

    key: str
    models: tuple[str, ...] = ("gemini-3-pro-image", "gemini-2.5-flash-image")
    script: list[httpx.Response] = field(default_factory=list)
    bodies: list[dict[str, Any]] = field(default_factory=list)
    requests: list[httpx.Request] = field(default_factory=list)
    times: list[float] = field(default_factory=list)

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        self.times.append(time.monotonic())
        if request.headers.get("x-goog-api-key") != self.key:
            return google_error(
                400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key."
            )
        model = request.url.path.removeprefix("/v1beta/models/").removesuffix(":generateContent")
        if request.method != "POST" or model not in self.models:
            return google_error(404, "NOT_FOUND", f"models/{model} is not found for API version "
                                "v1beta, or is not supported for generateContent.")  # fmt: skip
        body = json.loads(request.content)
        self.bodies.append(body)
        refusal = self.refusal(body)
        if refusal is not None:
            return refusal
        if self.script:
            return self.script.pop(0)
        data = base64.b64encode(png("orange", (16, 16))).decode()
        parts = [{"text": "Here it is."}, {"inlineData": {"mimeType": "image/png", "data": data}}]
        candidate = {"content": {"role": "model", "parts": parts}, "finishReason": "STOP"}
        return httpx.Response(200, json={"candidates": [candidate]})

    def refusal(self, body: dict[str, Any]) -> httpx.Response | None:
        config = body.get("generationConfig") or {}
        seed = config.get("seed")
        if seed is not None and not (isinstance(seed, int) and INT32[0] <= seed <= INT32[1]):
            where = "generation_config.seed"
            return bad_request(where, f"Invalid value at '{where}' (TYPE_INT32), {seed}")
        image = config.get("imageConfig") or {}
        if "aspectRatio" in image and image["aspectRatio"] not in RATIOS:
            return bad_request("generation_config.image_config.aspect_ratio",
                               f"Unsupported aspect ratio: {image['aspectRatio']}")  # fmt: skip
        if "imageSize" in image and image["imageSize"] not in SIZES:
            return bad_request("generation_config.image_config.image_size",
                               f"Unsupported image size: {image['imageSize']}")  # fmt: skip
        for content in body.get("contents") or []:
            for part in content.get("parts") or []:
                inline = part.get("inlineData")
                if inline is None:
                    continue
                mime = inline.get("mimeType")
                if mime not in MIME_TYPES:
                    return google_error(400, "INVALID_ARGUMENT", f"Unsupported MIME type: {mime}")
                if image_type(base64.b64decode(inline.get("data", ""))) != mime:
                    return google_error(400, "INVALID_ARGUMENT", UNREADABLE)
        return None
