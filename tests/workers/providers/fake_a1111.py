"""An AUTOMATIC1111 / Forge API fake: checkpoint fallback, one-at-a-time queue, FastAPI errors.

Rules, from stable-diffusion-webui's modules/api/api.py, models.py and sd_models.py:
- `GET /sdapi/v1/sd-models` lists `{title, model_name, hash, sha256, filename, config}`;
- `override_settings.sd_model_checkpoint` naming a checkpoint the server lacks is not refused:
  `select_checkpoint` prints "Checkpoint … not found; loading fallback …" and draws with the
  first checkpoint — the answer's `info.sd_model_name` tells which one was used;
- generations run one at a time behind `queue_lock`; `--api-auth` answers 401
  `{"detail": "Incorrect username or password"}`; a body of the wrong type is FastAPI's 422.
"""

from __future__ import annotations

import base64
import json
import threading
from dataclasses import dataclass, field
from typing import Any

import httpx

from .fakes import png


@dataclass
class FakeWebUI:
    """Answers the sdapi routes; `overlap_wait` lets concurrent requests meet, to count them."""

    auth: str
    models: list[dict[str, Any]] = field(
        default_factory=lambda: [
            {
                "title": "sd_xl_base_1.0.safetensors [31e35c80fc]",
                "model_name": "sd_xl_base_1.0",
                "hash": "31e35c80fc",
                "filename": "/models/sd_xl_base_1.0.safetensors",
            },
            {
                "title": "juggernaut.safetensors [aaaa1111bb]",
                "model_name": "juggernaut",
                "hash": "aaaa1111bb",
                "filename": "/models/juggernaut.safetensors",
            },
        ]
    )
    overlap_wait: float = 0.0
    bodies: list[dict[str, Any]] = field(default_factory=list)
    drawn_with: list[str] = field(default_factory=list)
    in_flight: int = 0
    most_in_flight: int = 0
    _lock: threading.Condition = field(default_factory=threading.Condition)

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        request.read()
        expected = "Basic " + base64.b64encode(self.auth.encode()).decode()
        if request.headers.get("authorization") != expected:
            return httpx.Response(
                401,
                json={"detail": "Incorrect username or password"},
                headers={"WWW-Authenticate": "Basic"},
            )
        if (request.method, request.url.path) == ("GET", "/sdapi/v1/sd-models"):
            return httpx.Response(200, json=self.models)
        if request.method == "POST" and request.url.path in (
            "/sdapi/v1/txt2img",
            "/sdapi/v1/img2img",
        ):
            return self.generate(json.loads(request.content))
        return httpx.Response(404, json={"detail": "Not Found"})

    def generate(self, body: dict[str, Any]) -> httpx.Response:
        for name in ("seed", "width", "height"):
            if name in body and not isinstance(body[name], int):
                error = {
                    "loc": ["body", name],
                    "msg": "value is not a valid integer",
                    "type": "type_error.integer",
                }
                return httpx.Response(422, json={"detail": [error]})
        with self._lock:
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
            self._lock.notify_all()
            self._lock.wait_for(lambda: self.in_flight > 1, timeout=self.overlap_wait)
        try:
            self.bodies.append(body)
            wanted = (body.get("override_settings") or {}).get("sd_model_checkpoint")
            model = next(
                (m for m in self.models if wanted in (m["title"], m["model_name"])), self.models[0]
            )  # the web UI's silent fallback
            self.drawn_with.append(model["model_name"])
            seed = body.get("seed", -1)
            info = {
                "seed": 1234 if seed == -1 else seed,
                "sd_model_name": model["model_name"],
                "sd_model_hash": model["hash"],
            }
            image = base64.b64encode(png("olive", (16, 16))).decode()
            return httpx.Response(
                200, json={"images": [image], "parameters": body, "info": json.dumps(info)}
            )
        finally:
            with self._lock:
                self.in_flight -= 1
