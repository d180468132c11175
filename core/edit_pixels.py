"""Edits Lightbox makes itself on the pixels it has: crop, blur faces, crop to a face."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFilter

from core.errors import BadInput
from core.faces import find_faces, grown
from core.regions import Box
from core.sizes import parse_aspect_ratio

FACE_MARGIN = 0.35
MIN_SIDE = 16


def png(picture: Image.Image) -> bytes:
    """The picture as a PNG (alpha kept)."""
    out = io.BytesIO()
    picture.save(out, format="PNG", compress_level=1)
    return out.getvalue()


def crop_to_ratio(picture: Image.Image, ratio: str) -> Image.Image:
    """The largest centred crop with the aspect ratio W:H."""
    rw, rh = parse_aspect_ratio(ratio)
    width, height = picture.size
    if width * rh > height * rw:  # too wide: cut the sides
        new_w, new_h = max(1, height * rw // rh), height
    else:
        new_w, new_h = width, max(1, width * rh // rw)
    if (new_w, new_h) == (width, height):
        raise BadInput(f"the image is already {ratio}; nothing to crop")
    left, top = (width - new_w) // 2, (height - new_h) // 2
    return crop_to_box(picture, (left, top, left + new_w, top + new_h))


def crop_to_box(picture: Image.Image, box: Box) -> Image.Image:
    left, top, right, bottom = box
    if right - left < MIN_SIDE or bottom - top < MIN_SIDE:
        raise BadInput(f"the crop would be {right - left}×{bottom - top}; at least {MIN_SIDE} px")
    return picture.crop(box)


def faces_or_refuse(picture: Image.Image) -> list[Box]:
    faces = find_faces(picture)
    if not faces:
        raise BadInput(
            "no face found in this image (frontal faces only); pick a region instead, e.g. B2:C3"
        )
    return faces


def blur_faces(picture: Image.Image) -> tuple[Image.Image, int]:
    """Every detected face blurred beyond recognition (an oval, so it reads as a face blur)."""
    faces = faces_or_refuse(picture)
    out = picture.copy()
    for face in faces:
        box = grown(face, picture.size, 0.15)
        patch = out.crop(box)
        radius = max(4, (box[2] - box[0]) // 6)
        blurred = patch.filter(ImageFilter.GaussianBlur(radius))
        oval = Image.new("L", patch.size, 0)
        ImageDraw.Draw(oval).ellipse((0, 0, patch.width - 1, patch.height - 1), fill=255)
        out.paste(blurred, box[:2], oval)
    return out, len(faces)


def crop_to_face(picture: Image.Image, number: int = 1) -> Image.Image:
    """The `number`-th largest face with a margin around it."""
    faces = faces_or_refuse(picture)
    if not 1 <= number <= len(faces):
        raise BadInput(f"there are {len(faces)} face(s) here; pick face 1 to {len(faces)}")
    return crop_to_box(picture, grown(faces[number - 1], picture.size, FACE_MARGIN))
