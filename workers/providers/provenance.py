"""Provenance: the generation parameters embedded in outputs (PNG text chunk, JPEG comment)."""

from __future__ import annotations

import base64
import binascii
import json
import struct
import zlib
from typing import Any

from core.errors import Permanent
from core.ports import GenerationRequest

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
KEYWORD = b"lightbox"


def parameters(request: GenerationRequest, provider: str, **extra: Any) -> dict[str, Any]:
    """What reproduces the image: never a credential."""
    return {
        "generator": f"lightbox via {provider}",
        "provider": provider,
        "model": request.model,
        "prompt": request.prompt,
        "negative_prompt": request.negative_prompt,
        "seed": request.seed,
        "width": request.width,
        "height": request.height,
        "resolution": request.resolution,
        "aspect_ratio": request.aspect_ratio,
        "refs": [ref.name for ref in request.refs],
        "init_image": request.init_image is not None,
        **({"loras": {u.name: u.weight for u in request.loras}} if request.loras else {}),
        **extra,
    }


def sniff_mime(data: bytes) -> str | None:
    """The image type from its first bytes (PNG, JPEG, WebP), or None."""
    if data.startswith(PNG_SIGNATURE):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)


def stamp(data: bytes, params: dict[str, Any]) -> bytes:
    """`data` with the parameters added as a PNG tEXt chunk or a JPEG comment (else unchanged)."""
    text = json.dumps(params, sort_keys=True, ensure_ascii=True).encode("ascii")
    if data.startswith(PNG_SIGNATURE) and data[12:16] == b"IHDR":
        end_of_ihdr = 8 + 12 + struct.unpack(">I", data[8:12])[0]
        return data[:end_of_ihdr] + _png_chunk(b"tEXt", KEYWORD + b"\0" + text) + data[end_of_ihdr:]
    if data.startswith(b"\xff\xd8") and len(text) <= 65000:
        comment = b"\xff\xfe" + struct.pack(">H", len(text) + 2) + text
        return data[:2] + comment + data[2:]
    return data


def decode_b64_image(value: object, provider: str, what: str = "image") -> bytes:
    """Bytes from a Base64 string (optionally a data: URI); permanent error if it is not one."""
    if not isinstance(value, str) or not value:
        raise Permanent(f"{provider}: malformed response: {what} is missing")
    if value.startswith("data:"):
        value = value.partition(",")[2]
    try:
        data = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise Permanent(f"{provider}: malformed response: {what} is not Base64") from None
    if sniff_mime(data) is None:
        raise Permanent(f"{provider}: malformed response: {what} is not an image")
    return data


def data_uri(data: bytes, mime: str | None = None) -> str:
    """A data: URI for an input image (the type sniffed from its bytes, PNG if unknown)."""
    mime = mime or sniff_mime(data) or "image/png"
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"
