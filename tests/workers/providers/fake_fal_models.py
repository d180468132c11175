"""What fal's edit models check in their input when they run, and the image each answers with.

Schemas from the models' `llms.txt` pages: fill requires `prompt`, `image_url`, `mask_url`;
bria expand requires `image_url` and `canvas_size` ("should have an area of less than
5000x5000 pixels"); clarity-upscaler `upscale_factor` has "Range: 1 to 4"; face-swap requires
`base_image_url` and `swap_image_url`; the others `image_url`. A missing field is pydantic v2's
`missing` ("Field required"), a number out of range `less_than_equal` ("Input should be less
than or equal to 4"). Wrong-sized masks and oversized canvases are refused with our wording
(fal's text for those is not published); outputs are `images` for fill, `image` otherwise.
LoRA endpoints (`fal-ai/flux-lora` and kin) take `loras`, a list of LoraWeight objects: `path`
(string, required: "URL or the path to the LoRA weights") and `scale` (float, default 1; fal's
own pages and generated types state no bound, schema mirrors of flux-lora and flux-schnell-lora
give 0 to 4, this fake's default; other fal LoRA endpoints differ (0 to 2, 0 to 1), so the
bound is `FakeFalQueue.lora_max_scale`); pydantic answers
`missing`, `string_type`, `float_parsing` / `less_than_equal` / `greater_than_equal` at
`["body", "loras", index, field]`.
"""

from __future__ import annotations

import base64
import io
from typing import Any

from PIL import Image

REQUIRED = {
    "fill": ("prompt", "image_url", "mask_url"),
    "inpainting": ("prompt", "image_url", "mask_url"),
    "expand": ("image_url", "canvas_size"),
    "face-swap": ("base_image_url", "swap_image_url"),
    "clarity-upscaler": ("image_url",),
    "birefnet": ("image_url",),
    "rembg": ("image_url",),
    "codeformer": ("image_url",),
    "background/replace": ("image_url",),
}
RANGES = {"clarity-upscaler": ("upscale_factor", 1, 4)}
MAX_CANVAS = 5000 * 5000


def family(endpoint: str) -> str | None:
    return next((name for name in REQUIRED if name in endpoint), None)


def opened(uri: Any) -> Image.Image | None:
    """The image in a data URI (header only), or None for anything else."""
    if not isinstance(uri, str) or not uri.startswith("data:") or "," not in uri:
        return None
    return Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1])))


def error(kind: str, name: str, message: str, value: Any, **ctx: Any) -> dict[str, Any]:
    body = {"type": kind, "loc": ["body", name], "msg": message, "input": value}
    if ctx:
        body["ctx"] = ctx
    return body


def model_errors(endpoint: str, payload: dict[str, Any]) -> list[dict[str, Any]]:
    name = family(endpoint)
    if name is None:
        return []
    errors = [
        error("missing", field, "Field required", payload)
        for field in REQUIRED[name]
        if field not in payload
    ]
    if name in RANGES:
        field, low, high = RANGES[name]
        value = payload.get(field, 2)
        if value > high:
            errors.append(error("less_than_equal", field, f"Input should be less than or "
                                f"equal to {high}", value, le=high))  # fmt: skip
        if value < low:
            errors.append(error("greater_than_equal", field, f"Input should be greater than "
                                f"or equal to {low}", value, ge=low))  # fmt: skip
    image, mask = opened(payload.get("image_url")), opened(payload.get("mask_url"))
    if image is not None and mask is not None and image.size != mask.size:
        errors.append(error("value_error", "mask_url", "Value error, the mask must have the "
                            "same dimensions as the image", "…"))  # fmt: skip
    canvas = payload.get("canvas_size")
    if isinstance(canvas, list) and len(canvas) == 2 and canvas[0] * canvas[1] >= MAX_CANVAS:
        errors.append(error("value_error", "canvas_size", "Value error, the canvas area must "
                            "be less than 5000x5000 pixels", canvas))  # fmt: skip
    return errors


def lora_errors(payload: dict[str, Any], most: float = 4.0) -> list[dict[str, Any]]:
    """pydantic's errors for a `loras` list that breaks the LoraWeight schema (`scale` ≤ most)."""
    loras = payload.get("loras")
    if loras is None:
        return []
    if not isinstance(loras, list):
        return [error("list_type", "loras", "Input should be a valid list", loras)]
    errors = []
    for index, item in enumerate(loras):
        where = ["body", "loras", index]
        if not isinstance(item, dict):
            errors.append(_at(where, "model_type", "Input should be a valid dictionary", item))
            continue
        if "path" not in item:
            errors.append(_at([*where, "path"], "missing", "Field required", item))
        elif not isinstance(item["path"], str):
            errors.append(_at([*where, "path"], "string_type", "Input should be a valid string",
                              item["path"]))  # fmt: skip
        scale = item.get("scale", 1.0)
        if isinstance(scale, bool) or not isinstance(scale, int | float):
            errors.append(_at([*where, "scale"], "float_parsing", "Input should be a valid "
                              "number, unable to parse string as a number", scale))  # fmt: skip
        elif scale > most:
            errors.append(_at([*where, "scale"], "less_than_equal", "Input should be less than "
                              f"or equal to {most:g}", scale, le=most))  # fmt: skip
        elif scale < 0:
            errors.append(_at([*where, "scale"], "greater_than_equal", "Input should be greater "
                              "than or equal to 0", scale, ge=0))  # fmt: skip
    return errors


def _at(loc: list[Any], kind: str, message: str, value: Any, **ctx: Any) -> dict[str, Any]:
    body = {"type": kind, "loc": loc, "msg": message, "input": value}
    if ctx:
        body["ctx"] = ctx
    return body


def model_output(endpoint: str, payload: dict[str, Any]) -> tuple[bytes, tuple[int, int], str]:
    """(PNG bytes, size, "images" or "image") the model answers with."""
    name = family(endpoint)
    source = opened(payload.get("image_url") or payload.get("base_image_url"))
    size = source.size if source is not None and name is not None else (16, 16)
    mode = "RGB"
    if name == "expand":
        size = (int(payload["canvas_size"][0]), int(payload["canvas_size"][1]))
    elif name == "clarity-upscaler":
        factor = payload.get("upscale_factor", 2)
        size = (round(size[0] * factor), round(size[1] * factor))
    elif name in ("birefnet", "rembg"):
        mode = "RGBA"
    buffer = io.BytesIO()
    Image.new(mode, size, "gold").save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue(), size, "images" if name in ("fill", "inpainting", None) else "image"
