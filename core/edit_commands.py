"""An edit written as words (`inpaint B2:C3 a red door`, `zoom 2`): the /edit command and the
answer to the 🖌 Edit button, turned into one typed Studio call."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from core.errors import BadInput

if TYPE_CHECKING:
    from core.identity import Actor, Place
    from core.studio import Studio
    from core.studio_base import Outcome

Run = Callable[["Studio", "Actor", "Place", str, "int | None", "bytes | None"], "Outcome"]

USAGE = [
    ("vary [subtle|strong] [new prompt]", "image-to-image variation"),
    ("inpaint <region> <prompt>", "redraw a region (region: B2:C3, B2,C3, face, face2, mask)"),
    ("zoom [1.5|2|N] [W:H]", "zoom out: the canvas grows and is filled (optionally to a ratio)"),
    ("pan left|right|up|down", "extend one side by half the image"),
    ("crop <W:H|cells>", "crop to an aspect ratio or to grid cells"),
    ("upscale [2|4]", "×2 or ×4 (up to the model's largest size)"),
    ("removebg", "transparent background (PNG)"),
    ("replacebg <prompt>", "a new background"),
    ("blurfaces", "blur every face (privacy)"),
    ("cropface [n]", "crop to the n-th largest face"),
    ("restoreface", "touch up faces"),
    ("faceswap <character>", "the largest face becomes the character's (their portrait as ref)"),
    ("collage [grid|strip] v1 v3 #12v2 …", "a board of chosen versions, labelled"),
    ("annotate <cells> <note>[; <cells> <note>]", "review notes (never sent to a model)"),
    ("grid", "the image with its A1–D4 grid"),
    ("region <region>", "preview a region before editing it"),
    ("info", "size, model, seed, prompts, refs, lineage, timings, provider"),
    ("reproduce", "the same parameters again as a new version"),
]


def _split(text: str) -> tuple[str, str]:
    first, _, rest = text.strip().partition(" ")
    return first, rest.strip()


def _vary(st: Studio, a: Actor, p: Place, rest: str, v: int | None, f: bytes | None) -> Outcome:
    first, more = _split(rest)
    if first.lower() in ("subtle", "strong"):
        return st.vary(a, p, first.lower(), more, version_id=v)
    return st.vary(a, p, "subtle", rest, version_id=v)


def _inpaint(st: Studio, a: Actor, p: Place, rest: str, v: int | None, f: bytes | None) -> Outcome:
    region, prompt = _split(rest)
    return st.inpaint(a, p, region, prompt, version_id=v, mask=f)


def _zoom(st: Studio, a: Actor, p: Place, rest: str, v: int | None, f: bytes | None) -> Outcome:
    factor, ratio = _split(rest)
    return st.zoom(
        a, p, factor or "2", version_id=v, ratio=ratio.removeprefix("--ar").strip() or None
    )


def _pan(st: Studio, a: Actor, p: Place, rest: str, v: int | None, f: bytes | None) -> Outcome:
    return st.pan(a, p, rest, version_id=v)


def _collage(st: Studio, a: Actor, p: Place, rest: str, v: int | None, f: bytes | None) -> Outcome:
    words = rest.replace(",", " ").split()
    layout = "grid"
    if words and words[0].lower() in ("grid", "strip"):
        layout = words.pop(0).lower()
    return st.collage(a, p, words, layout)


COMMANDS: dict[str, Run] = {
    "vary": _vary,
    "inpaint": _inpaint,
    "zoom": _zoom,
    "outpaint": _zoom,
    "pan": _pan,
    "crop": lambda st, a, p, r, v, f: st.crop(a, p, r, version_id=v),
    "upscale": lambda st, a, p, r, v, f: st.upscale(a, p, r or "2", version_id=v),
    "removebg": lambda st, a, p, r, v, f: st.remove_background(a, p, version_id=v),
    "replacebg": lambda st, a, p, r, v, f: st.replace_background(a, p, r, version_id=v),
    "blurfaces": lambda st, a, p, r, v, f: st.blur_faces(a, p, version_id=v),
    "cropface": lambda st, a, p, r, v, f: st.crop_face(a, p, r or "1", version_id=v),
    "restoreface": lambda st, a, p, r, v, f: st.restore_faces(a, p, version_id=v),
    "faceswap": lambda st, a, p, r, v, f: st.face_swap(a, p, r, version_id=v),
    "collage": _collage,
    "annotate": lambda st, a, p, r, v, f: st.annotate(a, p, r, version_id=v),
    "grid": lambda st, a, p, r, v, f: st.region_grid(a, p, version_id=v),
    "region": lambda st, a, p, r, v, f: st.region_preview(a, p, r, version_id=v, mask=f),
    "info": lambda st, a, p, r, v, f: st.info(a, p, version_id=v),
    "reproduce": lambda st, a, p, r, v, f: st.reproduce(a, p, version_id=v),
}


def run_edit(
    studio: Studio,
    actor: Actor,
    place: Place,
    text: str,
    version_id: int | None = None,
    attachment: bytes | None = None,
) -> Outcome:
    """`<operation> <arguments>` on the given version (else the one being viewed)."""
    name, rest = _split(text)
    run = COMMANDS.get(name.lower())
    if run is None:
        shown = f'unknown edit "{name}"; ' if name else "name the edit; "
        raise BadInput(shown + "edits: " + ", ".join(COMMANDS))
    return run(studio, actor, place, rest, version_id, attachment)


def edit_help() -> str:
    return "\n".join(f"  /edit {usage}\n      {summary}" for usage, summary in USAGE)
