"""OpenAI Images edits for Lightbox operations: the multipart parts of one `images/edits` call.

From the API reference (images/createEdit): `image` (png, webp or jpg) and an optional `mask`,
"an additional image whose fully transparent areas (e.g. where alpha is zero) indicate where
image should be edited … Must be a valid PNG file … and have the same dimensions as image";
`background` ("transparent" needs output_format png or webp). GPT Image masking is prompt-based:
the prompt describes the whole final picture, and says what must stay.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.edit_ops import Operation
from core.ports import GenerationRequest
from workers.providers.edit_images import alpha_mask, dimensions, padded, picture
from workers.providers.edits import mask_for, padding, strength
from workers.providers.input_images import EXTENSIONS, OPENAI_TYPES, accepted

ABLE = frozenset(
    {
        Operation.vary.value,
        Operation.inpaint.value,
        Operation.outpaint.value,
        Operation.removebg.value,
        Operation.replacebg.value,
    }
)
SUBTLE = 0.5  # a strength at or below this asks for small changes only
SQUARE, LANDSCAPE, PORTRAIT = "1024x1024", "1536x1024", "1024x1536"


@dataclass
class EditCall:
    """What one edit sends: the files, the text fields it adds, the size asked for."""

    files: list[tuple[str, tuple[str, bytes, str]]]
    prompt: str
    size: str
    fields: dict[str, str] = field(default_factory=dict)


def edit_call(request: GenerationRequest, op: str, provider: str) -> EditCall:
    """The parts for `op`: the parent image, a transparent-where-to-edit mask, the instruction."""
    assert request.init_image is not None
    image, mask = request.init_image, None
    fields: dict[str, str] = {}
    if op == Operation.inpaint.value:
        mask = alpha_mask(mask_for(provider, request))
    elif op == Operation.outpaint.value:
        image, grey, _ = padded(image, padding(provider, request), provider, fill="transparent")
        mask = alpha_mask(picture(grey, provider))
    elif op == Operation.removebg.value:
        fields["background"] = "transparent"
    data, mime = accepted(image, OPENAI_TYPES, provider)
    files = [("image", (f"image.{EXTENSIONS[mime]}", data, mime))]
    if mask is not None:
        files.append(("mask", ("mask.png", mask, "image/png")))
    width, height = dimensions(data, provider)
    size = SQUARE if 0.9 <= width / height <= 1.1 else LANDSCAPE if width > height else PORTRAIT
    return EditCall(files, instruction(request, op, provider), size, fields)


def instruction(request: GenerationRequest, op: str, provider: str) -> str:
    """The edit prompt: what the final picture shows and what must not change."""
    wish = request.prompt.strip()
    if op == Operation.vary.value:
        subtle = strength(provider, request, 0.35) <= SUBTLE
        keep = (
            "Keep the composition, subject and colours; change only small details."
            if subtle
            else "Keep the subject; composition, pose and style may change."
        )
        text = f"A variation of this image: {wish}. {keep}" if wish else f"A variation. {keep}"
    elif op == Operation.inpaint.value:
        what = wish or "remove what is there and continue the surrounding background"
        text = f"In the masked area only: {what}. Keep everything outside it unchanged."
    elif op == Operation.outpaint.value:
        scene = f" ({wish})" if wish else ""
        text = (
            "Extend the picture into the transparent border so the scene continues seamlessly"
            f"{scene}. Keep the original part unchanged."
        )
    elif op == Operation.removebg.value:
        text = "Remove the background completely; keep the main subject exactly as it is."
    else:
        text = f"Replace the background with {wish or 'a plain studio backdrop'}. "
        text += "Keep the main subject exactly as it is."
    if request.negative_prompt:
        text += f"\n\nAvoid: {request.negative_prompt}"
    return text
