"""A fal.ai queue fake that refuses what the real queue refuses, with its error bodies.

Rules and wording, from fal's docs and fal-client (`fal_client/client.py`), and fal's own
answers as users report them (fal-ai/fal issues #1112, #1147):
- submit `POST /{owner}/{app}[/{path}]` → `request_id`, `status_url`, `response_url`,
  `cancel_url` (without the sub-path) and a 0-indexed `queue_position`;
- a locked account: 403 `{"detail": "User is locked. Reason: Exhausted balance. Top up your
  balance at fal.ai/dashboard/billing."}`; a bad key: 401;
- the model validates its input when it runs: the result is a 422 with pydantic's `detail`
  list (`literal_error` "Input should be '21:9', '16:9', … or '9:21'" for an aspect ratio
  outside the enum);
- images come from a CDN on another origin; cancelling a finished request: 400 ALREADY_COMPLETED;
- edit endpoints (fill, expand, upscalers, background removal, face swap) check their own input
  when they run, as `fake_fal_models.py` describes, and answer with an image of the right size;
- video, music and 3D endpoints likewise (`fake_fal_media.py`), answering a real MP4, WAV/MP3
  or GLB File; the CDN serves each file with the File's content_type (`application/octet-stream`
  for fal's GLBs).
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from typing import Any

import httpx

from .fake_fal_media import media_errors, media_file, media_schema
from .fake_fal_models import lora_errors, model_errors, model_output
from .fakes import png

RATIOS = ("21:9", "16:9", "3:2", "4:3", "5:4", "1:1", "4:5", "3:4", "2:3", "9:16", "9:21")
CDN = "https://v3.fal.media"
LOCKED = (
    "User is locked. Reason: Exhausted balance. Top up your balance at fal.ai/dashboard/billing."
)


def literal_error(name: str, value: Any, allowed: tuple[str, ...]) -> dict[str, Any]:
    expected = ", ".join(f"'{a}'" for a in allowed[:-1]) + f" or '{allowed[-1]}'"
    return {
        "type": "literal_error",
        "loc": ["body", name],
        "msg": f"Input should be {expected}",
        "input": value,
        "ctx": {"expected": expected},
    }


@dataclass
class FakeFalQueue:
    """Serves the queue at https://queue.fal.test and its images at the CDN."""

    key: str
    base: str = "https://queue.fal.test"
    locked: bool = False
    polls_before_done: int = 1
    inputs: dict[str, dict[str, Any]] = field(default_factory=dict)
    endpoints: dict[str, str] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    file_types: dict[str, str] = field(default_factory=dict)
    lora_max_scale: float = 4.0  # the LoraWeight `scale` bound of the endpoint (0–4 flux-lora)
    cdn_serves: bytes | None = None  # set: the CDN answers these bytes instead (a broken file)
    requests: list[httpx.Request] = field(default_factory=list)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _polls: dict[str, int] = field(default_factory=dict)

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        if request.url.host == httpx.URL(CDN).host:
            name = request.url.path.rsplit("/", 1)[-1]
            content = self.cdn_serves or self.files.get(name) or png("gold", (16, 16))
            kind = self.file_types.get(name, "image/png")
            return httpx.Response(200, content=content, headers={"content-type": kind})
        if request.headers.get("authorization") != f"Key {self.key}":
            return httpx.Response(401, json={"detail": "No user found for Key ID and Secret"})
        if self.locked:
            return httpx.Response(403, json={"detail": LOCKED})
        segments = request.url.path.strip("/").split("/")
        if request.method == "POST":
            return self.submit(
                "/".join(segments[:2]), json.loads(request.content), "/".join(segments)
            )
        if len(segments) >= 4 and segments[2] == "requests" and segments[3] in self.inputs:
            return self.follow(request.method, segments[3], segments[4:])
        return httpx.Response(404, json={"detail": "Request not found"})

    def submit(self, app: str, payload: dict[str, Any], endpoint: str = "") -> httpx.Response:
        request_id = f"req-{next(self._ids)}"
        self.inputs[request_id] = payload
        self.endpoints[request_id] = endpoint or app
        self._polls[request_id] = 0
        urls = f"{self.base}/{app}/requests/{request_id}"
        return httpx.Response(
            200,
            json={
                "request_id": request_id,
                "status_url": f"{urls}/status",
                "response_url": urls,
                "cancel_url": f"{urls}/cancel",
                "queue_position": 0,
            },
        )

    def follow(self, method: str, request_id: str, rest: list[str]) -> httpx.Response:
        done = self._polls[request_id] >= self.polls_before_done
        if rest == ["cancel"] and method == "PUT":
            if done:
                return httpx.Response(400, json={"status": "ALREADY_COMPLETED"})
            return httpx.Response(202, json={"status": "CANCELLATION_REQUESTED"})
        if rest == ["status"]:
            self._polls[request_id] += 1
            if not done:
                return httpx.Response(202, json={"status": "IN_QUEUE", "queue_position": 0})
            return httpx.Response(200, json={"status": "COMPLETED", "logs": None})
        payload = self.inputs[request_id]
        schema = media_schema(self.endpoints[request_id])
        if schema is not None:
            return self.media(schema, payload, request_id)
        errors = []
        if "aspect_ratio" in payload and payload["aspect_ratio"] not in RATIOS:
            errors.append(literal_error("aspect_ratio", payload["aspect_ratio"], RATIOS))
        errors += model_errors(self.endpoints[request_id], payload)
        errors += lora_errors(payload, self.lora_max_scale)
        if errors:
            return httpx.Response(422, json={"detail": errors})
        data, (width, height), key = model_output(self.endpoints[request_id], payload)
        self.files[f"{request_id}.png"] = data
        image = {
            "url": f"{CDN}/files/{request_id}.png",
            "width": width,
            "height": height,
            "content_type": "image/png",
        }
        answer: dict[str, Any] = {"seed": payload.get("seed"), "timings": {}}
        if key == "images":
            answer.update(images=[image], has_nsfw_concepts=[False])
        else:
            answer["image"] = image
        return httpx.Response(200, json=answer)

    def media(self, schema: Any, payload: dict[str, Any], request_id: str) -> httpx.Response:
        """A video, music or 3D model's answer: its File, or pydantic's 422."""
        errors = media_errors(schema, payload)
        if errors:
            return httpx.Response(422, json={"detail": errors})
        file, data = media_file(schema, payload, request_id)
        name = file["url"].rsplit("/", 1)[-1]
        self.files[name], self.file_types[name] = data, file["content_type"]
        answer: dict[str, Any] = {schema.output: file}
        if "seed" in payload or schema.output == "model_mesh":
            answer["seed"] = payload.get("seed", 7)
        return httpx.Response(200, json=answer)
