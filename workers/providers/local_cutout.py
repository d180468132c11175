"""The local provider's subject and face edits: GrabCut cut-outs and classic face touch-ups."""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np
from PIL import Image, ImageFilter

from core.errors import BadInput, Permanent
from core.faces import find_faces, grown
from core.images import first_frame_rgb
from core.ports import GenerationRequest
from workers.providers.colour_words import COLOUR_WORDS

CUT_SIDE = 256  # GrabCut runs on a copy at most this long; the mask is scaled back up
BORDER = 0.06  # the frame GrabCut takes as certain background
ITERATIONS = 3
Edit = Callable[[Image.Image, GenerationRequest], Image.Image]


def subject_alpha(image: Image.Image) -> Image.Image:
    """An alpha mask of the subject: GrabCut seeded with a frame of background around it."""
    scale = min(1.0, CUT_SIDE / max(image.size))
    size = (max(8, round(image.width * scale)), max(8, round(image.height * scale)))
    small = np.ascontiguousarray(np.asarray(image.convert("RGB").resize(size, reducing_gap=2.0)))
    mask = np.zeros(small.shape[:2], np.uint8)
    dx, dy = max(1, round(size[0] * BORDER)), max(1, round(size[1] * BORDER))
    rect = (dx, dy, size[0] - 2 * dx, size[1] - 2 * dy)
    background = np.zeros((1, 65), np.float64)
    foreground = np.zeros((1, 65), np.float64)
    cv2.grabCut(small, mask, rect, background, foreground, ITERATIONS, cv2.GC_INIT_WITH_RECT)
    keep = np.where((mask == cv2.GC_FGD) | (mask == cv2.GC_PR_FGD), 255, 0).astype(np.uint8)
    if not keep.any():
        raise Permanent("no subject could be told from the background (GrabCut found none)")
    # Scaled back up bilinearly: the edge gets a soft ramp of a few pixels, not stair steps.
    return Image.fromarray(keep).resize(image.size, Image.Resampling.BILINEAR)


def remove_background(image: Image.Image, request: GenerationRequest) -> Image.Image:
    """The subject on a transparent background (RGBA)."""
    cut = image.convert("RGBA")
    cut.putalpha(subject_alpha(image))
    return cut


def replace_background(image: Image.Image, request: GenerationRequest) -> Image.Image:
    """The subject over a new backdrop: a gradient in the colours the prompt names."""
    alpha = subject_alpha(image)
    words = [w.strip(".,!") for w in request.prompt.lower().split()]
    colours = [COLOUR_WORDS[w] for w in words if w in COLOUR_WORDS] or [(70, 110, 160)]
    top, bottom = colours[0], colours[1] if len(colours) > 1 else (20, 20, 30)
    ramp = Image.linear_gradient("L").resize(image.size)
    backdrop = Image.composite(
        Image.new("RGB", image.size, bottom), Image.new("RGB", image.size, top), ramp
    )
    return Image.composite(image.convert("RGB"), backdrop, alpha)


def _faces(image: Image.Image) -> list[tuple[int, int, int, int]]:
    faces = find_faces(image)
    if not faces:
        raise Permanent("no face found in the image (frontal faces only)")
    return faces


def restore_faces(image: Image.Image, request: GenerationRequest) -> Image.Image:
    """Each face with local contrast evened out (CLAHE) and its detail sharpened."""
    out = image.convert("RGB")
    clahe = cv2.createCLAHE(clipLimit=2.0, tileGridSize=(4, 4))
    for face in _faces(out):
        box = grown(face, out.size, 0.1)
        patch = np.asarray(out.crop(box).convert("LAB")).copy()
        patch[:, :, 0] = clahe.apply(np.ascontiguousarray(patch[:, :, 0]))
        fixed = Image.fromarray(patch, "LAB").convert("RGB")
        out.paste(fixed.filter(ImageFilter.UnsharpMask(radius=2, percent=60, threshold=2)), box)
    return out


def swap_face(image: Image.Image, request: GenerationRequest) -> Image.Image:
    """The first ref's face blended into the largest face (Poisson seamless cloning)."""
    if not request.refs:
        raise Permanent("faceswap needs a character ref with a face")
    try:
        donor = first_frame_rgb(request.refs[0].data).convert("RGB")
    except BadInput as exc:
        raise Permanent(f'the ref "{request.refs[0].name}" could not be read: {exc}') from exc
    donor_faces = find_faces(donor)
    if not donor_faces:
        raise Permanent(f'no face found in the ref "{request.refs[0].name}"')
    out = image.convert("RGB")
    left, top, right, bottom = _faces(out)[0]
    face = donor.crop(donor_faces[0]).resize((right - left, bottom - top))
    mask = np.zeros((face.height, face.width), np.uint8)
    cv2.ellipse(
        mask,
        (face.width // 2, face.height // 2),
        (face.width * 2 // 5, face.height * 9 // 20),
        0,
        0,
        360,
        255,
        -1,
    )
    centre = ((left + right) // 2, (top + bottom) // 2)
    target = np.ascontiguousarray(np.asarray(out))
    blended = cv2.seamlessClone(
        np.ascontiguousarray(np.asarray(face)), target, mask, centre, cv2.NORMAL_CLONE
    )
    return Image.fromarray(blended)


EDITS: dict[str, tuple[str, Edit]] = {
    "removebg": ("GrabCut background removal", remove_background),
    "replacebg": ("GrabCut cut-out on a new backdrop", replace_background),
    "restoreface": ("classic face touch-up (CLAHE + sharpen)", restore_faces),
    "faceswap": ("classic face blend (seamless clone)", swap_face),
}
