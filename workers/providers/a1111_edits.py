"""AUTOMATIC1111 / Forge edit requests: img2img with a mask, and the extras upscaler/face tools.

Fields from the web UI's modules/api/models.py: img2img takes `init_images`, `mask` (base64,
white = inpaint unless `inpainting_mask_invert`), `mask_blur`, `inpainting_fill` (0 fill,
1 original, 2 latent noise, 3 latent nothing), `inpaint_full_res` (+ `_padding`) and
`denoising_strength`; it resizes the image and the mask to width × height without complaint, so
Lightbox checks the mask size itself. `/sdapi/v1/extra-single-image` takes `image`,
`resize_mode` 0 with `upscaling_resize` (1–8), `upscaler_1` (a name from /sdapi/v1/upscalers:
an unknown one fails with a 500 AssertionError "could not find upscaler named …"), and
`gfpgan_visibility` / `codeformer_visibility` / `codeformer_weight` for face restoration.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any

from core.edit_ops import Operation
from core.ports import GenerationRequest
from workers.providers.edit_images import dimensions, padded, png_bytes
from workers.providers.edits import mask_for, padding, plain, scale, strength
from workers.providers.input_images import WEB_TYPES, accepted

ABLE = frozenset(
    {
        Operation.vary.value,
        Operation.inpaint.value,
        Operation.outpaint.value,
        Operation.upscale.value,
        Operation.restoreface.value,
    }
)
EXTRAS = frozenset({Operation.upscale.value, Operation.restoreface.value})
DEFAULT_UPSCALER = "R-ESRGAN 4x+"
FACE_TOOLS = ("CodeFormer", "GFPGAN")
ORIGINAL, LATENT_NOISE = 1, 2  # inpainting_fill


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def img2img_fields(
    request: GenerationRequest, op: str, opts: Mapping[str, Any], provider: str
) -> dict[str, Any]:
    """What vary, inpaint and outpaint add to the img2img body (the image at its own size)."""
    assert request.init_image is not None
    image = request.init_image
    fields: dict[str, Any] = {"resize_mode": 0}
    default = float(opts.get("denoising_strength", 0.6))
    if op == Operation.inpaint.value:
        fields.update(
            mask=_b64(png_bytes(mask_for(provider, request))),
            mask_blur=int(opts.get("mask_blur", 4)),
            inpainting_fill=int(opts.get("inpainting_fill", ORIGINAL)),
            inpaint_full_res=bool(opts.get("inpaint_full_res", True)),
            inpaint_full_res_padding=int(opts.get("inpaint_full_res_padding", 32)),
            inpainting_mask_invert=0,
        )
        default = 0.75
    elif op == Operation.outpaint.value:
        image, mask, _ = padded(image, padding(provider, request), provider, multiple=8)
        fields.update(
            mask=_b64(mask),
            mask_blur=8,
            inpainting_fill=int(opts.get("outpaint_fill", ORIGINAL)),
            inpaint_full_res=False,
            inpainting_mask_invert=0,
        )
        default = 0.9
    data, _ = accepted(image, WEB_TYPES, provider)
    width, height = dimensions(data, provider)
    fields.update(
        init_images=[_b64(data)],
        width=width,
        height=height,
        denoising_strength=strength(provider, request, default),
    )
    return fields


def extras_body(request: GenerationRequest, op: str, tool: str | None, provider: str) -> dict:
    """The extra-single-image body: an upscale by the request's factor, or face restoration."""
    assert request.init_image is not None
    data, _ = accepted(request.init_image, WEB_TYPES, provider)
    body: dict[str, Any] = {
        "image": _b64(data),
        "resize_mode": 0,
        "show_extras_results": True,
        "gfpgan_visibility": 0,
        "codeformer_visibility": 0,
        "codeformer_weight": 0,
        "upscaling_resize": 1,
        "upscaler_1": "None",
        "upscaler_2": "None",
        "extras_upscaler_2_visibility": 0,
    }
    if op == Operation.upscale.value:
        body["upscaling_resize"] = plain(scale(provider, request))
        body["upscaler_1"] = tool or DEFAULT_UPSCALER
    elif (tool or "CodeFormer") == "GFPGAN":
        body["gfpgan_visibility"] = 1
    else:
        body["codeformer_visibility"] = 1
        body["codeformer_weight"] = 0.5
    return body
