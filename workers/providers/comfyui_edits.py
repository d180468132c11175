"""ComfyUI edits: one API-format workflow per operation (the profile's `endpoints`), with slots.

Slots an edit workflow may hold, besides the generation ones: `{{image}}` (the parent image,
uploaded with POST /upload/image), `{{mask}}` (the white = redraw mask, uploaded the same way:
read it with a LoadImageMask node, channel "red"), `{{denoise}}` (the strength), `{{scale}}`
(upscale factor) and `{{left}}` `{{top}}` `{{right}}` `{{bottom}}` (outpaint padding, e.g. for
ImagePadForOutpaint; without them an outpaint workflow gets a padded canvas and a `{{mask}}`).
`{{width}}` and `{{height}}` are the size of the image the workflow receives.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from core.edit_ops import MODEL_EDITS, Operation
from core.errors import LightboxError
from core.ports import GenerationRequest
from workers.providers.edit_images import dimensions, padded, png_bytes
from workers.providers.edits import SIDES, mask_for, padding, plain, scale, strength
from workers.providers.profiles import Options

ABLE = frozenset(op.value for op in MODEL_EDITS)
REQUIRED = {
    Operation.inpaint.value: ("image", "mask"),
    Operation.faceswap.value: ("image", "ref_1"),
}
DENOISE = {Operation.vary.value: 0.6, Operation.inpaint.value: 1.0, Operation.outpaint.value: 1.0}


def edit_workflows(
    options: Options, load: Callable[[str, tuple[str, ...]], dict[str, Any]]
) -> dict[tuple[str, str], dict[str, Any]]:
    """Each profile's workflow per operation, loaded (and checked for its slots) at start-up."""
    graphs: dict[tuple[str, str], dict[str, Any]] = {}
    for profile, opts in options.items():
        for op, path in (opts.get("endpoints") or {}).items():
            if op not in ABLE:
                continue
            graph = load(str(path), REQUIRED.get(op, ("image",)))
            text = json.dumps(graph)
            if op == Operation.outpaint.value and "{{mask}}" not in text and "{{left}}" not in text:
                raise LightboxError(
                    f"{path}: an outpaint workflow needs {{{{left}}}}/{{{{right}}}}/… padding "
                    "slots or a {{mask}} slot"
                )
            graphs[(profile, op)] = graph
    return graphs


def edit_slots(
    request: GenerationRequest,
    op: str,
    template: dict[str, Any],
    upload: Callable[[bytes], str],
    provider: str,
) -> dict[str, Any]:
    """The slot values for `op`: uploaded image and mask names, strength, scale, padding."""
    assert request.init_image is not None
    text = json.dumps(template)
    image = request.init_image
    slots: dict[str, Any] = {}
    if op == Operation.inpaint.value:
        slots["mask"] = upload(png_bytes(mask_for(provider, request)))
    elif op == Operation.outpaint.value:
        pad = padding(provider, request)
        if "{{left}}" in text:
            slots.update(zip(SIDES, (pad.left, pad.top, pad.right, pad.bottom), strict=True))
        else:
            image, border, _ = padded(image, pad, provider, multiple=8)
            slots["mask"] = upload(border)
    elif op == Operation.upscale.value:
        slots["scale"] = plain(scale(provider, request))
    if "{{denoise}}" in text:
        slots["denoise"] = strength(provider, request, DENOISE.get(op, 1.0))
    slots["image"] = upload(image)
    slots["width"], slots["height"] = dimensions(image, provider)
    return slots
