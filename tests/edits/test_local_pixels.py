"""Pixel tests of the offline edits: what changes is what was asked for, nothing else."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw
from skimage import data as samples

from core.collage import board
from core.edit_pixels import blur_faces, crop_to_face, crop_to_ratio
from core.errors import BadInput, Permanent
from core.faces import find_faces
from core.ports import GenerationRequest, RefImage
from core.regions import cells_region, parse_cells, uploaded_region
from workers.providers.local import LocalProvider
from workers.providers.local_edits import STORED_BYTES
from workers.providers.local_edits import encoded as encoded_result

PHOTO = (1920, 1080)


def encoded(picture: Image.Image) -> bytes:
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


def photo() -> Image.Image:
    """A 1920×1080 scene: sky, ground and a house-like block (structure for the fills)."""
    picture = Image.new("RGB", PHOTO, (120, 170, 230))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, 700, 1920, 1080), fill=(70, 140, 60))
    draw.rectangle((700, 380, 1220, 760), fill=(200, 180, 150))
    draw.polygon([(660, 390), (960, 200), (1260, 390)], fill=(150, 60, 40))
    return picture


def edit(
    picture: Image.Image,
    operation: str,
    *,
    mask: bytes | None = None,
    refs: list[RefImage] | None = None,
    **params: str,
) -> Image.Image:
    request = GenerationRequest(
        prompt=params.pop("prompt", "a red door"),
        negative_prompt="",
        width=picture.width,
        height=picture.height,
        resolution="2K",
        aspect_ratio="16:9",
        seed=7,
        model="local",
        init_image=encoded(picture),
        operation=operation,
        mask=mask,
        op_params=params,
        refs=refs or [],
    )
    result = LocalProvider().generate(request)
    assert result.info["label"].startswith("local · ")
    return Image.open(io.BytesIO(result.data))


@pytest.fixture(scope="module")
def astronaut() -> Image.Image:
    """A public-domain portrait shipped with scikit-image (NASA), 512×512."""
    return Image.fromarray(samples.astronaut())


def test_inpaint_changes_the_masked_cells_and_keeps_every_other_pixel() -> None:
    picture = photo()
    region = cells_region("B2:C3", picture.size)
    result = np.asarray(edit(picture, "inpaint", mask=region.png()).convert("RGB"), np.int16)
    before = np.asarray(picture, np.int16)
    inside = np.asarray(region.mask) == 255
    assert np.array_equal(result[~inside], before[~inside])
    changed = np.abs(result[inside] - before[inside]).sum(axis=1) > 30
    assert changed.mean() > 0.5
    red = result[inside].mean(axis=0)
    assert red[0] > red[1] and red[0] > red[2]  # "a red door" tints the fill


def test_outpaint_keeps_the_original_in_the_middle_of_a_larger_canvas() -> None:
    picture = photo().resize((960, 540))
    result = edit(picture, "outpaint", left="240", right="240", top="135", bottom="135")
    assert result.size == (1440, 810)
    middle = result.convert("RGB").crop((240, 135, 1200, 675))
    assert np.array_equal(np.asarray(middle), np.asarray(picture))


def test_upscale_doubles_and_quadruples_the_size() -> None:
    picture = photo().resize((640, 360))
    assert edit(picture, "upscale", scale="2").size == (1280, 720)
    assert edit(picture, "upscale", scale="4").size == (2560, 1440)
    with pytest.raises(Permanent, match="×2 or ×4"):
        edit(picture, "upscale", scale="3")


def test_grabcut_cuts_a_subject_out_of_a_plain_background() -> None:
    picture = Image.new("RGB", (640, 480), (235, 235, 240))
    ImageDraw.Draw(picture).ellipse((200, 120, 440, 360), fill=(200, 40, 40))
    result = edit(picture, "removebg")
    assert result.mode == "RGBA" and result.size == picture.size
    alpha = result.getchannel("A")
    assert alpha.getpixel((320, 240)) == 255  # the subject stays
    assert alpha.getpixel((30, 30)) == 0 and alpha.getpixel((610, 450)) == 0  # background goes
    replaced = edit(picture, "replacebg", prompt="a blue sky").convert("RGB")
    assert replaced.getpixel((320, 240))[0] > 150 and replaced.getpixel((30, 30))[2] > 100


def test_a_face_is_found_on_a_real_portrait_and_blurred_or_cropped(
    astronaut: Image.Image,
) -> None:
    faces = find_faces(astronaut)
    assert len(faces) == 1
    left, top, right, bottom = faces[0]
    assert 150 < (left + right) / 2 < 250 and 50 < (top + bottom) / 2 < 175
    blurred, count = blur_faces(astronaut)
    assert count == 1
    face = (left, top, right, bottom)
    before, after = np.asarray(astronaut.crop(face), float), np.asarray(blurred.crop(face), float)
    assert np.abs(np.diff(after, axis=1)).mean() < np.abs(np.diff(before, axis=1)).mean() / 2
    assert blurred.getpixel((450, 450)) == astronaut.getpixel((450, 450))
    crop = crop_to_face(astronaut)
    assert crop.width < 200 and find_faces(crop.resize((crop.width * 2, crop.height * 2)))
    restored = edit(astronaut, "restoreface")
    assert restored.size == astronaut.size


def test_no_face_is_a_clear_refusal() -> None:
    with pytest.raises(BadInput, match="no face found"):
        blur_faces(photo())
    with pytest.raises(Permanent, match="no face found"):
        edit(photo(), "restoreface")


def test_crop_collage_and_regions() -> None:
    assert crop_to_ratio(photo(), "1:1").size == (1080, 1080)
    tiles = [(photo(), "v1"), (photo().resize((512, 512)), "v3"), (photo(), "v5")]
    assert board(tiles, "strip").height == 512 + 40 + 32
    assert parse_cells("B2,C3") == {(1, 1), (2, 2)}
    assert len(parse_cells("A1:B2")) == 4
    with pytest.raises(BadInput, match="whole image"):
        cells_region("A1:D4", PHOTO)
    with pytest.raises(BadInput, match="not a grid cell"):
        cells_region("E5", PHOTO)
    with pytest.raises(BadInput, match="must be the image's size 1920×1080"):
        uploaded_region(encoded(Image.new("L", (640, 480), 255)), PHOTO)
    with pytest.raises(BadInput, match="empty"):
        uploaded_region(encoded(Image.new("L", PHOTO, 0)), PHOTO)


def test_faceswap_blends_a_ref_face_into_the_face_only() -> None:
    portrait = Image.fromarray(samples.astronaut())
    flipped = portrait.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    donor = Image.merge("RGB", flipped.split()[::-1])  # another face: mirrored, colours swapped
    swapped = np.asarray(edit(portrait, "faceswap", refs=[RefImage("Eileen", encoded(donor))]))
    left, top, right, bottom = find_faces(portrait)[0]
    before = np.asarray(portrait)
    assert not np.array_equal(swapped[top:bottom, left:right], before[top:bottom, left:right])
    assert np.array_equal(swapped[450:, :100], before[450:, :100])


def test_a_result_too_big_for_storage_as_png_is_kept_as_a_high_quality_jpeg() -> None:
    grain = np.random.default_rng(3).integers(0, 256, (360, 640, 3), dtype=np.uint8)
    limit = 640 * 360 * 2  # noise does not compress: as PNG about 3 bytes per pixel
    data, mime = encoded_result(Image.fromarray(grain), limit)
    assert mime == "image/jpeg" and len(data) < limit
    with Image.open(io.BytesIO(data)) as kept:
        assert kept.size == (640, 360)
    data, mime = encoded_result(Image.fromarray(grain).convert("RGBA"), limit)
    assert mime == "image/webp"
    assert STORED_BYTES < 25 * 1024 * 1024  # under what storage accepts
