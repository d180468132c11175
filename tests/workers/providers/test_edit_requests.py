"""Reading an edit request: refusals before any provider call, naming what is allowed."""

from __future__ import annotations

import pytest
from PIL import Image

from core.errors import Permanent
from workers.providers.edit_images import alpha_mask, padded, png_bytes, trimmed
from workers.providers.edits import Padding, mask_for, operation_for, padding, scale, strength

from .edit_samples import edit, mask, opened, photo
from .fakes import make_request

ABLE = frozenset({"vary", "inpaint", "outpaint", "upscale"})


@pytest.mark.parametrize(
    ("request_", "problem"),
    [
        (edit("crop"), "crop is done by Lightbox itself and never sent to a model"),
        (edit("sharpen"), 'unknown operation "sharpen"; known: generate, vary'),
        (edit("vary", init_image=None), "vary needs the image to edit, and none was sent"),
        (edit("inpaint", mask=None), "inpaint needs a mask (white = redraw), and none was sent"),
        (edit("removebg"), "p cannot removebg; it can: inpaint, outpaint, upscale, vary"),
    ],
)  # fmt: skip
def test_requests_a_provider_cannot_run_are_refused(request_, problem: str) -> None:
    with pytest.raises(Permanent) as caught:
        operation_for("p", request_, ABLE, {})
    assert problem in str(caught.value)


def test_generate_and_reproduce_draw_like_a_generation() -> None:
    assert operation_for("p", make_request(), ABLE, {}) == "generate"
    assert operation_for("p", make_request(operation="reproduce"), ABLE, {}) == "generate"


@pytest.mark.parametrize(
    ("params", "problem"),
    [
        ({"strength": "1.5"}, "strength must be more than 0 and at most 1"),
        ({"strength": "lots"}, "strength must be a number, not 'lots'"),
        ({"scale": "16"}, "scale must be more than 1 and at most 8"),
        ({"left": "-5"}, "outpaint left must be 0–8192 pixels"),
        ({"top": "1.5"}, "outpaint top must be whole pixels"),
        ({}, "outpaint needs padding on at least one side (left, top, right, bottom)"),
    ],
)  # fmt: skip
def test_bad_parameters_are_named_with_what_is_allowed(params: dict, problem: str) -> None:
    request = edit("outpaint", op_params=params)
    with pytest.raises(Permanent, match="p: " + problem.replace("(", r"\(").replace(")", r"\)")):
        if "strength" in params:
            strength("p", request, 0.5)
        elif "scale" in params:
            scale("p", request)
        else:
            padding("p", request)


def test_an_empty_mask_and_an_unreadable_one_are_refused() -> None:
    blank = png_bytes(Image.new("L", (1920, 1080), 0))
    with pytest.raises(Permanent, match="the mask selects nothing"):
        mask_for("p", edit("inpaint", mask=blank))
    with pytest.raises(Permanent, match="the mask could not be read as an image"):
        mask_for("p", edit("inpaint", mask=b"not a png"))


def test_canvas_and_alpha_mask_pixels() -> None:
    canvas, border, pad = padded(photo(), Padding(10, 0, 0, 0), "p", multiple=8)
    assert pad == Padding(10, 0, 6, 0) and opened(canvas).size == opened(border).size == (
        1936,
        1080,
    )
    alpha = opened(alpha_mask(opened(mask()))).getchannel("A")
    assert alpha.getpixel((700, 540)) == 0 and alpha.getpixel((1800, 100)) == 255


def test_a_mask_too_detailed_for_openai_is_refused_with_the_limit() -> None:
    stripes = Image.new("L", (1920, 1080), 0)
    stripes.paste(255, (0, 0, 1920, 540))
    assert len(alpha_mask(stripes)) < 100_000
    with pytest.raises(Permanent, match="the mask is too detailed: .* the limit is 0 MB"):
        alpha_mask(stripes, limit=1000)


def test_a_rounded_up_answer_is_trimmed_back_and_a_smaller_one_left_alone() -> None:
    answer = photo(2024, 1080)
    assert opened(trimmed(answer, (2020, 1080), "p")).size == (2020, 1080)
    assert trimmed(photo(1920, 1080), (2020, 1080), "p") == photo(1920, 1080)
