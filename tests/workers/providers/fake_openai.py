"""An OpenAI Images fake that refuses what the real API refuses, with its error bodies.

Rules and wording, from openai-python (`_base_client.py`: `retry-after-ms` before `retry-after`,
`x-should-retry`; 408/409/429/5xx retried) and the API's own error texts as users report them:
- edits: "Invalid file 'image': unsupported mimetype ('image/gif'). Supported file formats are
  'image/jpeg', 'image/png', and 'image/webp'." (400 invalid_request_error, param image);
- unknown body fields: "Unknown parameter: 'seed'." (400, code unknown_parameter);
- gpt-image sizes: '1024x1024', '1024x1536', '1536x1024', 'auto' (400 invalid_value);
- an account without credit: 429 type/code insufficient_quota (not worth retrying);
- edits `mask`: "an additional image whose fully transparent areas (e.g. where alpha is zero)
  indicate where image should be edited … Must be a valid PNG file … and have the same
  dimensions as image" (API reference, images/createEdit). A mask without alpha is refused as
  users report it: 400 image_generation_user_error, code invalid_mask_image_format, "Invalid mask
  image format - mask image missing alpha channel"; a mask of another size, not a PNG or of 4 MB
  or more gets the same code with our wording in the same pattern;
- a missing prompt: "Missing required parameter: 'prompt'." (code missing_required_parameter);
- `background` "transparent" needs output_format png or webp (API reference; wording ours).
Bytes that do not match their declared type are refused with our own wording.
"""

from __future__ import annotations

import base64
import io
import json
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any

import httpx
from PIL import Image

from workers.providers.input_images import image_type

from .fakes import png

FILE_TYPES = ("image/jpeg", "image/png", "image/webp")
SIZES = ("1024x1024", "1024x1536", "1536x1024", "auto")
FIELDS = {
    "model",
    "prompt",
    "n",
    "size",
    "quality",
    "output_format",
    "background",
    "moderation",
    "output_compression",
    "user",
    "image[]",
    "image",
    "mask",
    "input_fidelity",
}
NO_CREDIT = (
    "You exceeded your current quota, please check your plan and billing details. For more "
    "information on this error, read the docs: "
    "https://platform.openai.com/docs/guides/error-codes/api-errors."
)


def openai_error(
    status: int,
    message: str,
    kind: str,
    *,
    param: str | None = None,
    code: str | None = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    error = {"message": message, "type": kind, "param": param, "code": code}
    return httpx.Response(status, json={"error": error}, headers=headers)


def no_credit() -> httpx.Response:
    return openai_error(429, NO_CREDIT, "insufficient_quota", code="insufficient_quota")


def rate_limited(after_ms: int) -> httpx.Response:
    message = "Rate limit reached for gpt-image-1 on images per minute (IPM). Please try again."
    headers = {"retry-after-ms": str(after_ms), "retry-after": str(max(1, after_ms // 1000))}
    return openai_error(429, message, "requests", code="rate_limit_exceeded", headers=headers)


def parts(request: httpx.Request) -> list[tuple[str, str, bytes]]:
    """(field name, content type, content) of each multipart part."""
    head = f"Content-Type: {request.headers['content-type']}\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + request.content)
    return [
        (
            p.get_param("name", header="content-disposition"),
            p.get_content_type(),
            p.get_payload(decode=True),
        )
        for p in message.iter_parts()
    ]


@dataclass
class FakeOpenAIImages:
    """Answers `POST /v1/images/generations` (JSON) and `/v1/images/edits` (multipart)."""

    key: str
    script: list[httpx.Response] = field(default_factory=list)
    fields: list[dict[str, Any]] = field(default_factory=list)
    requests: list[httpx.Request] = field(default_factory=list)

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        if request.headers.get("authorization") != f"Bearer {self.key}":
            return openai_error(
                401, "Incorrect API key provided.", "invalid_request_error", code="invalid_api_key"
            )
        if request.url.path == "/v1/images/generations":
            sent = json.loads(request.content)
            refusal = self.check_fields(sent)
        elif request.url.path == "/v1/images/edits":
            form = parts(request)
            sent = {name: data for name, kind, data in form if kind == "text/plain"}
            refusal = (
                self.check_fields(sent) or self.check_files(form) or self.check_edit(sent, form)
            )
        else:
            return openai_error(
                404, f"Invalid URL (POST {request.url.path})", "invalid_request_error"
            )
        self.fields.append(sent)
        if refusal is not None:
            return refusal
        if self.script:
            return self.script.pop(0)
        if request.url.path == "/v1/images/edits":
            return self.edited(sent)
        b64 = base64.b64encode(png("navy", (16, 16))).decode()
        return httpx.Response(200, json={"created": 1, "data": [{"b64_json": b64}]})

    def check_fields(self, sent: dict[str, Any]) -> httpx.Response | None:
        for name in sent:
            if name not in FIELDS:
                return openai_error(
                    400,
                    f"Unknown parameter: '{name}'.",
                    "invalid_request_error",
                    param=name,
                    code="unknown_parameter",
                )
        size = sent.get("size")
        if isinstance(size, bytes):
            size = size.decode()
        if size is not None and size not in SIZES:
            supported = "'1024x1024', '1024x1536', '1536x1024', and 'auto'"
            return openai_error(
                400,
                f"Invalid value: '{size}'. Supported values are: {supported}.",
                "invalid_request_error",
                param="size",
                code="invalid_value",
            )
        return None

    def check_files(self, form: list[tuple[str, str, bytes]]) -> httpx.Response | None:
        for number, (name, kind, data) in enumerate(form, start=1):
            if kind == "text/plain":
                continue
            if kind not in FILE_TYPES:
                message = (
                    f"Invalid file '{name.removesuffix('[]')}': unsupported mimetype ('{kind}'). "
                    "Supported file formats are 'image/jpeg', 'image/png', and 'image/webp'."
                )
                return openai_error(400, message, "invalid_request_error", param=name)
            if image_type(data) != kind:
                return openai_error(
                    400,
                    f"Invalid image file for image {number}: the bytes are not {kind}.",
                    "invalid_request_error",
                    param=name,
                )
        return None

    def check_edit(
        self, sent: dict[str, Any], form: list[tuple[str, str, bytes]]
    ) -> httpx.Response | None:
        """The edits endpoint's own rules: a prompt, and a PNG mask with alpha of the image size."""
        if not sent.get("prompt"):
            return openai_error(
                400,
                "Missing required parameter: 'prompt'.",
                "invalid_request_error",
                param="prompt",
                code="missing_required_parameter",
            )
        fmt = (sent.get("output_format") or b"png").decode()
        if (sent.get("background") or b"").decode() == "transparent" and fmt == "jpeg":
            return openai_error(
                400,
                "Transparent background requires output_format 'png' or 'webp'.",
                "invalid_request_error",
                param="background",
            )
        images = [data for name, kind, data in form if name in ("image", "image[]")]
        masks = [(kind, data) for name, kind, data in form if name == "mask"]
        if not images:
            return openai_error(
                400,
                "Missing required parameter: 'image'.",
                "invalid_request_error",
                param="image",
                code="missing_required_parameter",
            )
        if not masks:
            return None
        kind, data = masks[0]
        if len(data) >= 4 * 1024 * 1024:
            return mask_error("mask image must be less than 4MB")
        mask = Image.open(io.BytesIO(data))
        if kind != "image/png" or mask.format != "PNG":
            return mask_error("mask image must be a PNG file")
        if mask.mode not in ("RGBA", "LA", "PA") and "transparency" not in mask.info:
            return mask_error("mask image missing alpha channel")
        if mask.size != Image.open(io.BytesIO(images[0])).size:
            return mask_error("mask size does not match image size")
        return None

    def edited(self, sent: dict[str, Any]) -> httpx.Response:
        """An answer the size asked for (transparent when the background was to be removed)."""
        size = (sent.get("size") or b"auto").decode()
        width, height = (1024, 1024) if size == "auto" else map(int, size.split("x"))
        transparent = (sent.get("background") or b"").decode() == "transparent"
        image = Image.new("RGBA" if transparent else "RGB", (width, height), "navy")
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", compress_level=1)
        b64 = base64.b64encode(buffer.getvalue()).decode()
        return httpx.Response(200, json={"created": 1, "data": [{"b64_json": b64}]})


def mask_error(problem: str) -> httpx.Response:
    return openai_error(
        400,
        f"Invalid mask image format - {problem}",
        "image_generation_user_error",
        param="mask",
        code="invalid_mask_image_format",
    )
