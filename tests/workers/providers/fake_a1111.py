"""An AUTOMATIC1111 / Forge API fake: checkpoint fallback, one-at-a-time queue, FastAPI errors.

Rules, from stable-diffusion-webui's modules/api/api.py, models.py and sd_models.py:
- `GET /sdapi/v1/sd-models` lists `{title, model_name, hash, sha256, filename, config}`;
- `override_settings.sd_model_checkpoint` naming a checkpoint the server lacks is not refused:
  `select_checkpoint` prints "Checkpoint … not found; loading fallback …" and draws with the
  first checkpoint — the answer's `info.sd_model_name` tells which one was used;
- generations run one at a time behind `queue_lock`; `--api-auth` answers 401
  `{"detail": "Incorrect username or password"}`; a body of the wrong type is FastAPI's 422.
- img2img without `init_images`: 404 "Init image not found"; a `mask` of another size than the
  image is not refused — processing resizes it to width × height (recorded in `stretched`);
- `/sdapi/v1/extra-single-image`: `upscaling_resize` is `Field(ge=1, le=8)` (pydantic 422
  "ensure this value is less than or equal to 8"); an unknown `upscaler_1` fails in
  postprocessing's `assert … f'could not find upscaler named {name}'`, which the API middleware
  answers as 500 `{"error": "AssertionError", "detail": "", "body": "", "errors": …}`;
  `/sdapi/v1/upscalers` lists `{name, model_name, model_path, model_url, scale}`.
- LoRAs (extensions-builtin/Lora): `GET /sdapi/v1/loras` lists `{name, alias, path, metadata}`;
  `<lora:name:weight>` in the prompt activates one; a name it does not know is not refused —
  networks.py logs "Couldn't find network with name …", the image is drawn without it and the
  UI warns "Networks not found" (recorded here in `missing_networks`).
"""

from __future__ import annotations

import base64
import binascii
import io
import json
import re
import threading
from dataclasses import dataclass, field
from typing import Any

import httpx
from PIL import Image, UnidentifiedImageError

from .fakes import png

LORA_TAG = re.compile(r"<lora:([^:>]+)(?::[^>]*)?>")
UPSCALERS = ("None", "Lanczos", "Nearest", "ESRGAN_4x", "R-ESRGAN 4x+", "SwinIR 4x")


def webui_error(status: int, kind: str, detail: str = "", errors: str = "") -> httpx.Response:
    """The API middleware's answer to an exception raised while handling a request."""
    body = {"error": kind, "detail": detail, "body": "", "errors": errors}
    return httpx.Response(status, json=body)


def decoded(data: str) -> Image.Image | None:
    """The image (header read; pixels decoded only when used), or None when it is not one."""
    try:
        return Image.open(io.BytesIO(base64.b64decode(data)))
    except (binascii.Error, UnidentifiedImageError, OSError, ValueError):
        return None


def encoded(size: tuple[int, int], mode: str = "RGB") -> str:
    buffer = io.BytesIO()
    Image.new(mode, size, "olive").save(buffer, format="PNG", compress_level=1)
    return base64.b64encode(buffer.getvalue()).decode()


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
    loras: list[str] = field(default_factory=lambda: ["ink_wash", "film_grain_v2"])
    missing_networks: list[str] = field(default_factory=list)
    overlap_wait: float = 0.0
    bodies: list[dict[str, Any]] = field(default_factory=list)
    stretched: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
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
        if (request.method, request.url.path) == ("GET", "/sdapi/v1/loras"):
            listed = [{"name": n, "alias": n, "path": f"/models/Lora/{n}.safetensors",
                       "metadata": {}} for n in self.loras]  # fmt: skip
            return httpx.Response(200, json=listed)
        if (request.method, request.url.path) == ("GET", "/sdapi/v1/upscalers"):
            listed = [{"name": n, "model_name": None, "model_path": None, "model_url": None,
                       "scale": 4} for n in UPSCALERS]  # fmt: skip
            return httpx.Response(200, json=listed)
        if (request.method, request.url.path) == ("POST", "/sdapi/v1/extra-single-image"):
            return self.extras(json.loads(request.content))
        if (request.method, request.url.path) == ("POST", "/sdapi/v1/img2img"):
            body = json.loads(request.content)
            if body.get("init_images") is None:
                return webui_error(404, "HTTPException", "Init image not found")
            return self.generate(body)
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
            for name in LORA_TAG.findall(str(body.get("prompt", ""))):
                if name not in self.loras:  # only logged: drawn without it
                    self.missing_networks.append(name)
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
            if body.get("init_images"):
                image = self.redraw(body)
            return httpx.Response(
                200, json={"images": [image], "parameters": body, "info": json.dumps(info)}
            )
        finally:
            with self._lock:
                self.in_flight -= 1

    def redraw(self, body: dict[str, Any]) -> str:
        """An img2img answer of width × height; a mask of another size is stretched, silently."""
        size = (int(body.get("width", 512)), int(body.get("height", 512)))
        init = decoded(body["init_images"][0])
        mask = decoded(body["mask"]) if body.get("mask") else None
        if init is not None and mask is not None and mask.size != init.size:
            self.stretched.append((mask.size, init.size))
        return encoded(size)

    def extras(self, body: dict[str, Any]) -> httpx.Response:
        self.bodies.append(body)
        factor = body.get("upscaling_resize", 2)
        if not isinstance(factor, int | float) or not 1 <= factor <= 8:
            high = isinstance(factor, int | float) and factor > 8
            error = {
                "loc": ["body", "upscaling_resize"],
                "msg": f"ensure this value is {'less' if high else 'greater'} than or equal to "
                + ("8" if high else "1"),
                "type": f"value_error.number.not_{'le' if high else 'ge'}",
            }
            return httpx.Response(422, json={"detail": [error]})
        for key in ("upscaler_1", "upscaler_2"):
            name = body.get(key, "None")
            if name not in UPSCALERS:
                return webui_error(
                    500, "AssertionError", errors=f"could not find upscaler named {name}"
                )
        image = decoded(str(body.get("image", "")))
        if image is None:
            return webui_error(500, "HTTPException", "Invalid encoded image")
        scale = factor if body.get("upscaler_1", "None") != "None" else 1
        size = (round(image.width * scale), round(image.height * scale))
        return httpx.Response(200, json={"html_info": "<p>extras</p>", "image": encoded(size)})
