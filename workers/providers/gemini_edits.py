"""Gemini edits: the parent image and an instruction (Gemini image models take no mask).

Gemini's image editing ("image + text-to-image") changes a picture by instruction; a region is
shown to it as a second copy of the picture with the region tinted and outlined in magenta and
described in words. Its answers have no transparency and it does not upscale, restore or swap
faces on request, so those operations are refused.
"""

from __future__ import annotations

from core.catalog import reduce_ratio
from core.edit_ops import Operation
from core.ports import GenerationRequest
from workers.providers.edit_images import dimensions, highlight, padded, region_words
from workers.providers.edits import mask_for, padding, strength

ABLE = frozenset(
    {
        Operation.vary.value,
        Operation.inpaint.value,
        Operation.outpaint.value,
        Operation.replacebg.value,
    }
)
WHY_NOT = {
    Operation.upscale.value: "Gemini redraws instead of upscaling; use an upscaler profile",
    Operation.removebg.value: "Gemini image models return no transparent pixels",
    Operation.restoreface.value: "Gemini has no face restoration",
    Operation.faceswap.value: "Gemini has no face swap",
}
SUBTLE = 0.5


def edit_content(
    request: GenerationRequest, op: str, provider: str
) -> tuple[str, list[bytes], tuple[int, int]]:
    """(instruction, images in order, size of the picture the answer should match)."""
    assert request.init_image is not None
    image, wish = request.init_image, request.prompt.strip()
    images = [image]
    if op == Operation.vary.value:
        keep = (
            "Keep the composition, subject and colours; change only small details."
            if strength(provider, request, 0.35) <= SUBTLE
            else "Keep the subject; composition, pose and style may change."
        )
        text = f"Make a variation of this image{': ' + wish if wish else ''}. {keep}"
    elif op == Operation.inpaint.value:
        mask = mask_for(provider, request)
        images.append(highlight(image, mask, provider))
        change = wish or "remove what is there and continue the surrounding background"
        text = (
            "Edit the first image only inside the region tinted and outlined in magenta in the "
            f"second image, which is {region_words(mask)}. In that region: {change}. Keep "
            "everything outside it exactly as in the first image, and draw no magenta."
        )
    elif op == Operation.outpaint.value:
        pad = padding(provider, request)
        canvas, _, _ = padded(image, pad, provider, fill="white")
        images = [canvas]
        sides = ", ".join(
            f"{name} {value} px"
            for name, value in zip(
                ("left", "top", "right", "bottom"), vars(pad).values(), strict=True
            )
            if value
        )
        scene = f" ({wish})" if wish else ""
        text = (
            f"This photo sits on a larger white canvas (white borders: {sides}). Extend the "
            f"scene into the white borders so it continues seamlessly{scene}; keep the original "
            "part unchanged and leave no white border."
        )
        image = canvas
    else:
        text = (
            f"Replace the background of this image with {wish or 'a plain studio backdrop'}. "
            "Keep the main subject exactly as it is."
        )
    if request.negative_prompt:
        text += f"\n\nAvoid: {request.negative_prompt}"
    return text, images, dimensions(image, provider)


def nearest_ratio(size: tuple[int, int], offered: tuple[str, ...]) -> str:
    """The offered aspect ratio closest to width:height (1920×1080 → 16:9)."""
    width, height = size

    def distance(ratio: str) -> float:
        a, b = (int(x) for x in reduce_ratio(ratio).split(":"))
        return abs(a / b - width / height)

    return min(offered, key=distance)
