"""fal.ai video, music and 3D: each model family's input (its result: fal_media_result).

Schemas from fal's model pages (`fal.ai/models/<id>/llms.txt`, "Input Schema" / "Output
Schema") and fal's generated OpenAPI types (carlosdp/fal-rs, `src/endpoints/fal_ai/…`):
- Kling (`fal-ai/kling-video/v2.1/standard/image-to-video`, `…/v1.6/standard/text-to-video`):
  `prompt` (required), `image_url` (required for image-to-video), `duration` DurationEnum
  "5" | "10", `negative_prompt`, `cfg_scale` (0–1); text-to-video also `aspect_ratio`
  "16:9" | "9:16" | "1:1"; no seed; output `video` File;
- MiniMax Hailuo-02 (`fal-ai/minimax/hailuo-02/standard/image-to-video`, `…/text-to-video`):
  `prompt`, `image_url`, `duration` "6" | "10", `prompt_optimizer`; output `video` File;
- Stable Audio Open (`fal-ai/stable-audio`): `prompt`, `seconds_total` integer 0–47 (default
  30), `steps`; output `audio_file` File. Stable Audio 2.5 (`fal-ai/stable-audio-25/
  text-to-audio`): `seconds_total` 1–190, `seed`; output `audio` File;
- TRELLIS (`fal-ai/trellis`): `image_url`, `seed`; Hunyuan3D 2 (`fal-ai/hunyuan3d/v2`):
  `input_image_url`, `seed`, `textured_mesh`; both answer `model_mesh` File, a GLB that fal
  labels `application/octet-stream` ("white_mesh.glb").
Start images go as data URIs (fal's API pages, "Files": "you can pass your own URL or a Base64
data URI"). Kling's start image: "Max file size: 10.0MB, Min width: 300px, Min height: 300px,
Min aspect ratio: 0.40, Max aspect ratio: 2.50" (fal's Kling O1 page; Kling's own API: at least
300×300, between 1:2.5 and 2.5:1) — checked here, a larger file is sent as JPEG. A profile's
`durations` are checked against its endpoints at start-up (`check_durations`).
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from PIL import Image

from core.catalog import ModelCatalog, reduce_ratio
from core.errors import LightboxError, Permanent
from core.media import AUDIO, CATEGORY_KINDS, MODEL3D, VIDEO
from core.ports import GenerationRequest
from workers.providers.edit_images import dimensions
from workers.providers.edits import endpoint_for, operation_for
from workers.providers.input_images import WEB_TYPES, accepted
from workers.providers.profiles import UINT32_MAX, Options, options_for, seed_for
from workers.providers.provenance import data_uri

# The operations each category's profiles run besides "generate" (core.edit_ops).
MEDIA_OPS: dict[str, frozenset[str]] = {
    "video": frozenset({"animate"}),
    "3d": frozenset({"to3d"}),
    "music": frozenset(),
}
NOUNS = {VIDEO: "video", AUDIO: "audio", MODEL3D: "3D model"}
EXAMPLES = {"animate": "fal-ai/kling-video/v2.1/standard/image-to-video"}


@dataclass(frozen=True)
class Family:
    """How one family of fal endpoints spells its input and names its output file."""

    marker: str  # a piece of the endpoint id
    kind: str
    outputs: tuple[str, ...]
    durations: tuple[str, ...] = ()  # a DurationEnum's literals
    seconds: tuple[int, int] | None = None  # an integer range of seconds instead
    duration_field: str = "duration"
    image_field: str = "image_url"
    ratios: tuple[str, ...] = ()  # text-to-video aspect_ratio enum
    prompt: bool = True
    negative_prompt: bool = False
    seed: bool = False
    start_image: tuple[int, float, float, int] | None = None  # min side, shape range, max bytes


FAMILIES = (
    Family("kling-video", VIDEO, ("video",), ("5", "10"), ratios=("16:9", "9:16", "1:1"),
           negative_prompt=True, start_image=(300, 0.4, 2.5, 10_000_000)),
    Family("hailuo", VIDEO, ("video",), ("6", "10")),
    Family("stable-audio-25", AUDIO, ("audio",), seconds=(1, 190),
           duration_field="seconds_total", seed=True),
    Family("stable-audio", AUDIO, ("audio_file",), seconds=(1, 47),
           duration_field="seconds_total"),
    Family("trellis", MODEL3D, ("model_mesh",), prompt=False, seed=True),
    Family("hunyuan3d", MODEL3D, ("model_mesh",), image_field="input_image_url", prompt=False,
           seed=True),
)  # fmt: skip
# An endpoint of no known family: the File keys fal's models of that kind answer with.
GENERIC = {
    VIDEO: Family("", VIDEO, ("video",)),
    AUDIO: Family("", AUDIO, ("audio_file", "audio")),
    MODEL3D: Family("", MODEL3D, ("model_mesh",), prompt=False),
}


@dataclass(frozen=True)
class MediaCall:
    """One submission: the endpoint, its input, the kind of file and where the result names it."""

    endpoint: str
    payload: dict[str, Any]
    kind: str
    outputs: tuple[str, ...]


def family_for(endpoint: str, kind: str) -> Family:
    found = next((f for f in FAMILIES if f.marker in endpoint and f.kind == kind), None)
    return found or GENERIC[kind]


def media_call(
    options: Options, request: GenerationRequest, category: str, provider: str
) -> MediaCall:
    """The endpoint and model input for a video, music or 3D request; refusals send nothing."""
    kind = CATEGORY_KINDS[category]
    op = _operation(options, request, category, provider)
    endpoint = (endpoint_for(options, request, op) if op != "generate" else None) or request.model
    family = family_for(endpoint, kind)
    opts = options_for(options, request)
    body: dict[str, Any] = {"prompt": request.prompt} if family.prompt else {}
    if op != "generate" or kind == MODEL3D or "image-to-video" in endpoint:
        if request.init_image is None:
            raise Permanent(f"{provider}: {endpoint} starts from an image, and none was sent")
        body[family.image_field] = _start_image(family, request.init_image, endpoint, provider)
    elif family.ratios:
        body["aspect_ratio"] = _ratio(family, request, endpoint, provider)
    duration = _duration(family, opts, request.duration_seconds, endpoint, provider)
    if duration is not None:
        body[family.duration_field] = duration
    if family.negative_prompt and request.negative_prompt:
        body["negative_prompt"] = request.negative_prompt
    seed = seed_for(options, request, UINT32_MAX) if family.seed else None
    if seed is not None:
        body["seed"] = seed
    body.update(opts.get("input", {}))
    return MediaCall(endpoint, body, kind, family.outputs)


def _operation(options: Options, request: GenerationRequest, category: str, provider: str) -> str:
    op = request.operation or "generate"
    able = MEDIA_OPS.get(category, frozenset())
    if op not in ("generate", "reproduce") and op not in able:
        does = ", ".join(["generate", *sorted(able)])
        raise Permanent(f"{provider}: a {category} model cannot {op}; it can: {does}")
    op = operation_for(provider, request, able, options)
    if op == "animate" and "text-to-video" in (endpoint_for(options, request, op) or request.model):
        raise Permanent(
            f'{provider}: the model profile "{request.profile or request.model}" makes video '
            f'from text; add endpoints.animate (e.g. "{EXAMPLES["animate"]}") to animate images'
        )
    return op


def _start_image(family: Family, data: bytes, endpoint: str, provider: str) -> str:
    """The start image as a data URI, within the endpoint's documented limits."""
    data, mime = accepted(data, WEB_TYPES, provider)
    if family.start_image is not None:
        side, low, high, max_bytes = family.start_image
        width, height = dimensions(data, provider)
        if min(width, height) < side or not low <= width / height <= high:
            raise Permanent(
                f"{provider}: {endpoint} needs a start image of at least {side}×{side} px, "
                f"no wider or taller than {high:g}:1; this one is {width}×{height}"
            )
        if len(data) > max_bytes:
            buffer = io.BytesIO()
            with Image.open(io.BytesIO(data)) as image:
                image.convert("RGB").save(buffer, format="JPEG", quality=90)
            data, mime = buffer.getvalue(), "image/jpeg"
    return data_uri(data, mime)


def _ratio(family: Family, request: GenerationRequest, endpoint: str, provider: str) -> str:
    spelling = {reduce_ratio(r): r for r in family.ratios}
    ratio = spelling.get(reduce_ratio(request.aspect_ratio))
    if ratio is None:
        raise Permanent(
            f"{provider}: {endpoint} makes video at {', '.join(family.ratios)}, "
            f"not {request.aspect_ratio}"
        )
    return ratio


def _duration(
    family: Family,
    opts: Mapping[str, Any],
    wanted: float | None,
    endpoint: str,
    provider: str,
) -> str | int | None:
    """The clip length in the endpoint's spelling; a length it does not make is refused."""
    if wanted is None or family.kind == MODEL3D:
        return None
    allowed = tuple(str(d) for d in opts.get("endpoint_durations") or family.durations)
    if allowed:
        spelled = next((a for a in allowed if float(a) == wanted), None)
        if spelled is None:
            raise Permanent(
                f"{provider}: {endpoint} makes clips of {' or '.join(allowed)} seconds, "
                f"not {wanted:g}"
            )
        return spelled
    if family.seconds is not None:
        low, high = family.seconds
        if wanted != int(wanted) or not low <= wanted <= high:
            raise Permanent(
                f"{provider}: {endpoint} makes whole seconds from {low} to {high}, not {wanted:g}"
            )
        return int(wanted)
    raise Permanent(
        f"{provider}: Lightbox does not know the clip lengths {endpoint} makes; add "
        'options.endpoint_durations (e.g. ["5", "10"]) to its profile'
    )


def check_durations(catalog: ModelCatalog) -> None:
    """Refuse to start when a fal profile offers a clip length its endpoint does not make."""
    for profile in catalog.profiles.values():
        if profile.provider != "fal" or profile.category not in ("video", "music"):
            continue
        kind = CATEGORY_KINDS[profile.category]
        endpoints = {profile.remote_model, profile.endpoints.get("animate") or profile.remote_model}
        for endpoint in sorted(endpoints):
            for seconds in profile.durations:
                try:
                    _duration(family_for(endpoint, kind), profile.options, seconds, endpoint, "fal")
                except Permanent as exc:
                    raise LightboxError(f'model "{profile.id}": durations: {exc}') from None
