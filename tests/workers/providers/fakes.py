"""Fake provider servers on httpx.MockTransport: route table, recorded requests, sample images."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from PIL import Image

from core.ports import GenerationRequest, RefImage
from workers.providers.http import RetryPolicy

Responder = httpx.Response | Callable[[httpx.Request], httpx.Response] | list[httpx.Response]
NO_RETRY = RetryPolicy(attempts=1)
LONG_SIDES = {"1K": 1024, "2K": 2048, "4K": 4096}


def png(colour: str = "red", size: tuple[int, int] = (8, 6)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, colour).save(buf, format="PNG")
    return buf.getvalue()


def jpeg(colour: str = "blue") -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(buf, format="JPEG")
    return buf.getvalue()


def provenance(data: bytes) -> dict[str, Any]:
    """The parameters a provider stamped into a PNG's text chunk."""
    image = Image.open(io.BytesIO(data))
    image.load()
    return json.loads(image.text["lightbox"])  # type: ignore[attr-defined]


def dims(resolution: str, ratio: str) -> tuple[int, int]:
    a, b = (int(x) for x in ratio.split(":"))
    long_side = LONG_SIDES[resolution]
    short = round(long_side * min(a, b) / max(a, b) / 8) * 8
    return (long_side, short) if a >= b else (short, long_side)


def make_request(**changes: Any) -> GenerationRequest:
    resolution = changes.pop("resolution", "1K")
    ratio = changes.pop("aspect_ratio", "1:1")
    width, height = dims(resolution, ratio)
    fields: dict[str, Any] = {
        "prompt": "a red fox in snow",
        "negative_prompt": "",
        "width": width,
        "height": height,
        "resolution": resolution,
        "aspect_ratio": ratio,
        "seed": 42,
        "model": "test-model",
    }
    fields.update(changes)
    return GenerationRequest(**fields)


def refs(count: int = 2) -> list[RefImage]:
    colours = ["green", "blue", "yellow", "purple"]
    return [RefImage(name=f"ref{i + 1}", data=png(colours[i % 4])) for i in range(count)]


def json_response(status: int, body: Any, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, json=body, headers=headers)


def timeout(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadTimeout("timed out", request=request)


@dataclass
class FakeServer:
    """Answers requests by (method, path) and records every request it saw."""

    routes: dict[tuple[str, str], Responder] = field(default_factory=dict)
    seen: list[httpx.Request] = field(default_factory=list)

    def on(self, method: str, path: str, responder: Responder) -> FakeServer:
        self.routes[(method, path)] = responder
        return self

    def handle(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.seen.append(request)
        key = (request.method, request.url.path)
        responder = self.routes.get(key)
        if responder is None:
            return json_response(404, {"detail": f"no fake route for {key}"})
        if isinstance(responder, list):
            responder = responder.pop(0) if len(responder) > 1 else responder[0]
        if isinstance(responder, httpx.Response):
            return httpx.Response(
                responder.status_code, headers=responder.headers, content=responder.content
            )
        return responder(request)

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def last(self, path: str | None = None) -> httpx.Request:
        matches = [r for r in self.seen if path is None or r.url.path == path]
        return matches[-1]

    def body(self, path: str | None = None) -> Any:
        return json.loads(self.last(path).content)
