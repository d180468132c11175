"""`python -m bench --part edits`: latency of each offline edit at 1K, 2K and 4K (16:9)."""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from PIL import Image

from bench.common import Summary
from core.annotations import annotate
from core.collage import board
from core.edit_pixels import blur_faces, crop_to_face, crop_to_ratio, png
from core.edit_sizes import zoom_padding
from core.ports import GenerationRequest
from core.region_views import grid_overlay, highlight
from core.regions import cells_region
from core.sizes import dimensions
from workers.providers.local import LocalProvider

RESOLUTIONS = ("1K", "2K", "4K")


@dataclass
class EditTimes:
    """Seconds per run of each edit at each resolution (encoding the result included)."""

    samples: dict[tuple[str, str], list[float]] = field(default_factory=dict)


def _portrait(size: tuple[int, int]) -> Image.Image:
    """A real face for the face tools (scikit-image's public-domain astronaut) on a canvas."""
    from skimage import data  # dev-only dependency: the bench is a development tool

    face = Image.fromarray(data.astronaut())
    canvas = Image.new("RGB", size, (40, 40, 48))
    side = min(size)
    canvas.paste(face.resize((side, side)), ((size[0] - side) // 2, 0))
    return canvas


def _source(resolution: str) -> tuple[Image.Image, bytes]:
    width, height = dimensions(resolution, "16:9")
    request = GenerationRequest("a cottage in a meadow", "", width, height, resolution, "16:9", 5,
                                "local")  # fmt: skip
    result = LocalProvider().generate(request)
    return Image.open(io.BytesIO(result.data)).convert("RGB"), result.data


def _model_edit(
    data: bytes, size: tuple[int, int], operation: str, **params: str
) -> Callable[[], object]:
    mask = cells_region("B2:C3", size).png() if operation == "inpaint" else None
    request = GenerationRequest("a red door", "", size[0], size[1], "", "16:9", 5, "local",
                                init_image=data, operation=operation, mask=mask,
                                op_params=params)  # fmt: skip
    provider = LocalProvider()
    return lambda: provider.generate(request)


def _cases(picture: Image.Image, data: bytes) -> dict[str, Callable[[], object]]:
    size = picture.size
    padding = {k: str(v) for k, v in zoom_padding(size, 1.5).items()}
    portrait = _portrait(size)
    region = cells_region("B2:C3", size)
    notes = [(region.box(), "too dark"), (cells_region("D4", size).box(), "sign")]
    return {
        "inpaint (Telea)": _model_edit(data, size, "inpaint"),
        "zoom out 1.5×": _model_edit(data, size, "outpaint", **padding),
        "upscale ×2": _model_edit(data, size, "upscale", scale="2"),
        "vary subtle": _model_edit(data, size, "vary", strength="0.35"),
        "remove bg (GrabCut)": _model_edit(data, size, "removebg"),
        "replace bg": _model_edit(data, size, "replacebg"),
        "blur faces": lambda: png(blur_faces(portrait)[0]),
        "crop to face": lambda: png(crop_to_face(portrait)),
        "crop 1:1": lambda: png(crop_to_ratio(picture, "1:1")),
        "collage ×3": lambda: png(board([(picture, "v1"), (picture, "v2"), (picture, "v3")])),
        "annotate": lambda: png(annotate(picture, notes)),
        "grid overlay": lambda: grid_overlay(picture),
        "region preview": lambda: highlight(picture, region),
    }


def run_edits(repeats: int = 3) -> EditTimes:
    times = EditTimes()
    for resolution in RESOLUTIONS:
        picture, data = _source(resolution)
        for name, run in _cases(picture, data).items():
            run()  # warm-up (cascades, fonts, caches)
            for _ in range(repeats):
                started = time.perf_counter()
                run()
                times.samples.setdefault((name, resolution), []).append(
                    time.perf_counter() - started
                )
    return times


def edits_table(times: EditTimes, repeats: int) -> list[str]:
    names = list(dict.fromkeys(name for name, _ in times.samples))
    lines = [
        f"7. Offline edits (local provider and Lightbox's own), ms per edit incl. PNG encoding; "
        f"p50 of {repeats} after a warm-up; 16:9 images",
        f"   {'edit':<22}" + "".join(f"{r + ' p50':>10}" for r in RESOLUTIONS),
    ]
    for name in names:
        cells = [Summary.of(times.samples.get((name, r), [])).p50 for r in RESOLUTIONS]
        lines.append(f"   {name:<22}" + "".join(f"{c:10.0f}" for c in cells))
    return lines
