"""What fal's video, music and 3D models check in their input, and the real files they answer.

Schemas from the models' `llms.txt` pages and fal's generated OpenAPI types (fal-rs):
- Kling image-to-video (`fal-ai/kling-video/v2.1/standard/image-to-video`): `prompt` and
  `image_url` required, `duration` DurationEnum "5" | "10", `cfg_scale` float 0–1, the image
  at most 10 MB, at least 300×300, aspect ratio 0.40–2.50 (wording ours); text-to-video
  (`…/v1.6/standard/text-to-video`): `prompt` required, `aspect_ratio` "16:9" | "9:16" | "1:1";
  output `{"video": File}` (an MP4 of the asked length);
- Hailuo-02 (`fal-ai/minimax/hailuo-02/standard/…`): `duration` "6" | "10", `resolution`
  "512P" | "768P"; output `video`;
- Stable Audio Open (`fal-ai/stable-audio`): `prompt` required, `seconds_total` integer 0–47
  (default 30), `steps` 2–1000; output `audio_file`. Stable Audio 2.5 (`…/text-to-audio`):
  `seconds_total` 1–190 (default 190); output `audio`;
- TRELLIS (`fal-ai/trellis`): `image_url` required; Hunyuan3D 2 (`fal-ai/hunyuan3d/v2`):
  `input_image_url` required; output `model_mesh`, labelled `application/octet-stream` with
  file name "white_mesh.glb" (fal's own example).
pydantic v2 wording: `missing` "Field required", `literal_error` "Input should be '5' or '10'",
`less_than_equal` / `greater_than_equal`, `int_from_float` "Input should be a valid integer, got
a number with a fractional part". An image field that is not an image: our wording.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any

from .fake_fal_models import error, opened
from .media_samples import glb, mp3, mp4, wav

NOT_WHOLE = "Input should be a valid integer, got a number with a fractional part"


@dataclass(frozen=True)
class Schema:
    """One media endpoint's rules and its answer."""

    marker: str
    output: str
    required: tuple[str, ...]
    literals: dict[str, tuple[str, ...]] = field(default_factory=dict)
    whole: dict[str, tuple[int, int]] = field(default_factory=dict)
    numbers: dict[str, tuple[float, float]] = field(default_factory=dict)
    default_seconds: float = 5.0
    start_image: bool = False  # Kling's limits on the start image apply


KLING = ("5", "10")
SCHEMAS = (
    Schema("kling-video/v2.1/standard/image-to-video", "video", ("prompt", "image_url"),
           {"duration": KLING}, numbers={"cfg_scale": (0, 1)}, start_image=True),
    Schema("kling-video/v1.6/standard/text-to-video", "video", ("prompt",),
           {"duration": KLING, "aspect_ratio": ("16:9", "9:16", "1:1")},
           numbers={"cfg_scale": (0, 1)}),
    Schema("hailuo-02/standard/image-to-video", "video", ("prompt", "image_url"),
           {"duration": ("6", "10"), "resolution": ("512P", "768P")}, default_seconds=6),
    Schema("hailuo-02/standard/text-to-video", "video", ("prompt",),
           {"duration": ("6", "10")}, default_seconds=6),
    Schema("stable-audio-25/text-to-audio", "audio", ("prompt",),
           whole={"seconds_total": (1, 190)}, default_seconds=190),
    Schema("stable-audio", "audio_file", ("prompt",),
           whole={"seconds_total": (0, 47), "steps": (2, 1000)}, default_seconds=30),
    Schema("trellis", "model_mesh", ("image_url",)),
    Schema("hunyuan3d/v2", "model_mesh", ("input_image_url",)),
)  # fmt: skip
RATIO_SIZES = {"16:9": (128, 72), "9:16": (72, 128), "1:1": (96, 96)}


def media_schema(endpoint: str) -> Schema | None:
    return next((s for s in SCHEMAS if s.marker in endpoint), None)


def literal(name: str, value: Any, allowed: tuple[str, ...]) -> dict[str, Any]:
    expected = ", ".join(f"'{a}'" for a in allowed[:-1]) + f" or '{allowed[-1]}'"
    return error("literal_error", name, f"Input should be {expected}", value, expected=expected)


def media_errors(schema: Schema, payload: dict[str, Any]) -> list[dict[str, Any]]:
    """pydantic's `detail` list for an input that breaks the endpoint's schema."""
    errors = [
        error("missing", name, "Field required", payload)
        for name in schema.required
        if name not in payload
    ]
    for name, allowed in schema.literals.items():
        if name in payload and payload[name] not in allowed:
            errors.append(literal(name, payload[name], allowed))
    for name, (low, high) in {**schema.whole, **schema.numbers}.items():
        value = payload.get(name)
        if value is None:
            continue
        if name in schema.whole and value != int(value):
            errors.append(error("int_from_float", name, NOT_WHOLE, value))
        elif value > high:
            errors.append(error("less_than_equal", name, f"Input should be less than or equal "
                                f"to {high}", value, le=high))  # fmt: skip
        elif value < low:
            errors.append(error("greater_than_equal", name, f"Input should be greater than or "
                                f"equal to {low}", value, ge=low))  # fmt: skip
    for name in ("image_url", "input_image_url"):
        if name in payload and _image(payload[name]) is None:
            errors.append(error("value_error", name, "Value error, the file at the URL is not an "
                                "image", "…"))  # fmt: skip
    image = _image(payload.get("image_url"))
    if schema.start_image and image is not None:
        width, height = image.size
        size = len(base64.b64decode(payload["image_url"].split(",", 1)[1]))
        if min(width, height) < 300 or not 0.4 <= width / height <= 2.5 or size > 10_000_000:
            errors.append(error("value_error", "image_url", "Value error, the image must be at "
                                "most 10.0MB, at least 300x300 and of aspect ratio 0.40 to 2.50",
                                "…"))  # fmt: skip
    return errors


def _image(uri: Any) -> Any:
    try:
        return opened(uri)
    except OSError:
        return None


def media_file(schema: Schema, payload: dict[str, Any], request_id: str) -> tuple[dict, bytes]:
    """The result's File object and the bytes the CDN serves for it."""
    seconds = float(payload.get("duration") or payload.get("seconds_total") or 0)
    seconds = seconds or schema.default_seconds
    if schema.output == "video":
        source = _image(payload.get("image_url"))
        if source is not None:
            size = (round(72 * source.width / source.height), 72)
        else:
            size = RATIO_SIZES[payload.get("aspect_ratio", "16:9")]
        data, name, kind = mp4(seconds, size), "output.mp4", "video/mp4"
    elif schema.output == "audio_file":
        data, name, kind = wav(seconds), "output.wav", "audio/wav"
    elif schema.output == "audio":
        data, name, kind = mp3(seconds), "output.mp3", "audio/mpeg"
    else:
        data, name, kind = glb(), "white_mesh.glb", "application/octet-stream"
    url = f"https://v3.fal.media/files/{request_id}-{name}"
    return {"url": url, "content_type": kind, "file_name": name, "file_size": len(data)}, data
