"""What an edit request asks of a remote provider: operation, mask, strength, scale, padding."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from PIL import Image

from core.edit_ops import LOCAL_ONLY, Operation
from core.errors import Permanent
from core.ports import GenerationRequest
from workers.providers.edit_images import Padding, dimensions, picture
from workers.providers.profiles import Options, options_for

OPERATIONS = tuple(op.value for op in Operation)
MAX_SCALE = 8.0
MAX_PADDING = 8192
SIDES = ("left", "top", "right", "bottom")


def operation_for(
    provider: str,
    request: GenerationRequest,
    able: Collection[str],
    options: Options,
    reasons: Mapping[str, str] | None = None,
) -> str:
    """The request's operation if the profile lists it and this provider can do it.

    Refusals are Permanent with the reason: nothing is sent to the service.
    """
    op = request.operation or Operation.generate.value
    if op in (Operation.generate.value, Operation.reproduce.value):
        return Operation.generate.value  # a reproduction is drawn like the original
    if op not in OPERATIONS:
        raise Permanent(f'{provider}: unknown operation "{op}"; known: {", ".join(OPERATIONS)}')
    if op in LOCAL_ONLY:
        raise Permanent(f"{provider}: {op} is done by Lightbox itself and never sent to a model")
    declared = options_for(options, request).get("operations") or []
    named = [d for d in declared if d != Operation.generate.value]
    if declared and op not in declared:
        offered = ", ".join(named) or "none"
        raise Permanent(
            f'{provider}: the model profile "{request.profile or request.model}" does not '
            f"offer {op}; its edits: {offered}"
        )
    if op not in able:
        why = f" ({reasons[op]})" if reasons and op in reasons else ""
        can = ", ".join(sorted(able)) or "no edits"
        raise Permanent(f"{provider} cannot {op}{why}; it can: {can}")
    if request.init_image is None:
        raise Permanent(f"{provider}: {op} needs the image to edit, and none was sent")
    if op == Operation.inpaint.value and request.mask is None:
        raise Permanent(f"{provider}: inpaint needs a mask (white = redraw), and none was sent")
    return op


def endpoint_for(options: Options, request: GenerationRequest, op: str) -> str | None:
    """The profile's endpoint (model path, workflow file, upscaler name) for `op`, if declared."""
    endpoints = options_for(options, request).get("endpoints") or {}
    value = endpoints.get(op)
    return str(value) if value else None


def mask_for(provider: str, request: GenerationRequest) -> Image.Image:
    """The mask as 8-bit grey; refused when its size differs from the image or it is empty."""
    if request.mask is None or request.init_image is None:
        raise Permanent(f"{provider}: a mask needs both the image and the mask")
    width, height = dimensions(request.init_image, provider)
    mask = picture(request.mask, provider, what="the mask").convert("L")
    if mask.size != (width, height):
        raise Permanent(
            f"{provider}: the mask is {mask.width}×{mask.height} but the image is "
            f"{width}×{height}; they must be the same size"
        )
    if mask.getbbox() is None:
        raise Permanent(f"{provider}: the mask selects nothing (white = redraw)")
    return mask


def strength(provider: str, request: GenerationRequest, default: float) -> float:
    """The image-to-image strength from the request (0 < s ≤ 1), else `default`."""
    return _number(provider, request, "strength", default, 0.0, 1.0)


def scale(provider: str, request: GenerationRequest, default: float = 2.0) -> float:
    """The upscale factor from the request (1 < s ≤ 8)."""
    return _number(provider, request, "scale", default, 1.0, MAX_SCALE)


def padding(provider: str, request: GenerationRequest) -> Padding:
    """The outpaint padding per side (whole pixels ≥ 0, at least one side > 0)."""
    values: list[int] = []
    for side in SIDES:
        raw = request.op_params.get(side, "0")
        try:
            value = int(raw)
        except ValueError:
            raise Permanent(
                f"{provider}: outpaint {side} must be whole pixels, not {raw!r}"
            ) from None
        if not 0 <= value <= MAX_PADDING:
            raise Permanent(f"{provider}: outpaint {side} must be 0–{MAX_PADDING} pixels")
        values.append(value)
    if not any(values):
        raise Permanent(
            f"{provider}: outpaint needs padding on at least one side ({', '.join(SIDES)})"
        )
    return Padding(*values)


def outpaint_size(provider: str, request: GenerationRequest) -> tuple[int, int]:
    """The canvas an outpaint asks for (before any rounding up to multiples of 8)."""
    assert request.init_image is not None
    return padding(provider, request).around(*dimensions(request.init_image, provider))


def _number(
    provider: str, request: GenerationRequest, name: str, default: float, low: float, high: float
) -> float:
    raw = request.op_params.get(name)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise Permanent(f"{provider}: {name} must be a number, not {raw!r}") from None
    if not low < value <= high:
        raise Permanent(f"{provider}: {name} must be more than {low:g} and at most {high:g}")
    return value


def plain(value: float) -> int | float:
    """2.0 as 2 (services that take an integer factor), 1.5 unchanged."""
    return int(value) if value == int(value) else value
