"""fal.ai edit inputs: the model input each operation's endpoint reads (from its fal schema).

Schemas from fal's model pages (`/models/<id>/llms.txt`, "Input Schema"):
- fill (`fal-ai/flux-pro/v1/fill`, `…/flux-lora/inpainting`): `prompt`, `image_url`, `mask_url`
  (black preserved, white inpainted — BFL's FLUX.1 Fill docs), `seed`, `num_images`,
  `output_format`; a fill endpoint also outpaints when sent a padded canvas and a border mask;
- expand (`fal-ai/bria/expand`): `image_url`, `canvas_size` [w, h] (area under 5000×5000),
  `original_image_size` [w, h], `original_image_location` [x, y] (upper-left corner), `prompt`;
- upscalers: `fal-ai/clarity-upscaler` `upscale_factor` (1–4), `fal-ai/aura-sr`
  `upscaling_factor`, `fal-ai/esrgan` `scale`; background removal (`fal-ai/birefnet/v2`,
  `fal-ai/imageutils/rembg`), face restoration (`fal-ai/codeformer`): `image_url`;
  background replacement (`fal-ai/bria/background/replace`): `image_url`, `prompt`;
  face swap (`fal-ai/face-swap`): `base_image_url`, `swap_image_url`.
Images go as data URIs, which every fal image field accepts.
"""

from __future__ import annotations

from typing import Any

from core.edit_ops import MODEL_EDITS, Operation
from core.errors import Permanent
from core.ports import GenerationRequest
from workers.providers.edit_images import dimensions, padded, png_bytes
from workers.providers.edits import endpoint_for, mask_for, padding, plain, scale
from workers.providers.input_images import WEB_TYPES, accepted
from workers.providers.profiles import Options
from workers.providers.provenance import data_uri

ABLE = frozenset(op.value for op in MODEL_EDITS)
EXAMPLES = {
    "vary": "fal-ai/flux/dev/image-to-image",
    "inpaint": "fal-ai/flux-pro/v1/fill",
    "outpaint": "fal-ai/bria/expand",
    "upscale": "fal-ai/clarity-upscaler",
    "removebg": "fal-ai/birefnet/v2",
    "replacebg": "fal-ai/bria/background/replace",
    "restoreface": "fal-ai/codeformer",
    "faceswap": "fal-ai/face-swap",
}
UPSCALE_FIELDS = (
    ("clarity-upscaler", "upscale_factor"),
    ("aura-sr", "upscaling_factor"),
    ("esrgan", "scale"),
)


def edit_endpoint(options: Options, request: GenerationRequest, op: str, provider: str) -> str:
    """The profile's endpoint for `op`; a profile that names none is told which to add."""
    endpoint = endpoint_for(options, request, op)
    if endpoint is None:
        raise Permanent(
            f'{provider}: the model profile "{request.profile or request.model}" names no '
            f'endpoint for {op}; add endpoints.{op} (e.g. "{EXAMPLES[op]}") to the models file'
        )
    return endpoint


def edit_input(
    request: GenerationRequest, op: str, endpoint: str, provider: str, seed: int | None
) -> dict[str, Any]:
    """The model input for `op` at `endpoint` (vary goes through the image-to-image payload)."""
    assert request.init_image is not None
    image = data_uri(*accepted(request.init_image, WEB_TYPES, provider))
    body: dict[str, Any] = {"image_url": image}
    if op == Operation.inpaint.value:
        region = png_bytes(mask_for(provider, request))
        body.update(_drawing(request, seed), mask_url=data_uri(region, "image/png"))
    elif op == Operation.outpaint.value:
        pad = padding(provider, request)
        if "expand" in endpoint:
            width, height = dimensions(request.init_image, provider)
            body.update(
                canvas_size=list(pad.around(width, height)),
                original_image_size=[width, height],
                original_image_location=[pad.left, pad.top],
                prompt=request.prompt,
            )
            if seed is not None:
                body["seed"] = seed
        else:
            canvas, border, _ = padded(request.init_image, pad, provider)
            body.update(
                _drawing(request, seed),
                image_url=data_uri(canvas, "image/png"),
                mask_url=data_uri(border, "image/png"),
            )
    elif op == Operation.upscale.value:
        field = next((f for name, f in UPSCALE_FIELDS if name in endpoint), "upscale_factor")
        body[field] = plain(scale(provider, request))
    elif op == Operation.replacebg.value:
        body["prompt"] = request.prompt
    elif op == Operation.faceswap.value:
        if not request.refs:
            raise Permanent(f"{provider}: faceswap needs a character ref with the face to use")
        swap = data_uri(*accepted(request.refs[0].data, WEB_TYPES, provider))
        body = {"base_image_url": image, "swap_image_url": swap}
    return body


def _drawing(request: GenerationRequest, seed: int | None) -> dict[str, Any]:
    fields: dict[str, Any] = {"prompt": request.prompt, "num_images": 1, "output_format": "png"}
    if seed is not None:
        fields["seed"] = seed
    return fields
