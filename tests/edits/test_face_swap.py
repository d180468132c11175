"""Face swap with a character: the character's canonical portrait goes to the model as the ref,
the largest face is replaced, and the refusals name what was wrong."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image
from skimage import data as samples
from sqlmodel import select

from core.errors import BadInput, NotFound
from core.faces import find_faces
from core.models import Ref, Version
from tests.edits.test_edit_refusals import counts, say
from workers.runtime import Runtime


def jpeg(picture: Image.Image) -> bytes:
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=92)
    return out.getvalue()


def test_face_swap_sends_the_portrait_as_ref_and_changes_only_the_face(runtime: Runtime) -> None:
    astronaut = Image.fromarray(samples.astronaut())
    portrait = astronaut.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    say(runtime, "/project new Faces")
    say(runtime, "/character new Tom: no portrait yet")
    say(runtime, "/character new Mara: a harbour pilot")
    say(runtime, "/character upload Mara", file=jpeg(portrait))
    say(runtime, "/imagine an astronaut in a white suit")
    uploaded = say(runtime, "/upload", file=jpeg(astronaut))
    assert "v2" in uploaded.text
    with pytest.raises(BadInput, match="Tom has no finished portrait yet"):
        say(runtime, "/edit faceswap Tom")
    before = counts(runtime)
    with pytest.raises(NotFound, match="did you mean Mara"):
        say(runtime, "/edit faceswap Marra")
    with pytest.raises(BadInput, match="name the character"):
        say(runtime, "/edit faceswap")
    assert counts(runtime) == before
    answer = say(runtime, "/edit faceswap Mara")
    assert "faceswap of v2" in answer.text
    with runtime.db.session() as session:
        swapped = session.exec(select(Version).where(Version.operation == "faceswap")).one()
        [ref_id] = swapped.ref_ids
        ref = session.get(Ref, ref_id)
        assert ref is not None and ref.name == "Mara" and ref.kind == "character"
        image = Image.open(io.BytesIO(runtime.storage.read(swapped.image_sha))).convert("RGB")
    assert image.size == astronaut.size
    left, top, right, bottom = find_faces(astronaut)[0]
    before_px = np.asarray(astronaut, np.int16)
    after_px = np.asarray(image, np.int16)
    changed = np.abs(after_px - before_px).sum(axis=2) > 24
    inside = changed[top:bottom, left:right].mean()
    outside = changed.copy()
    outside[max(0, top - 20) : bottom + 20, max(0, left - 20) : right + 20] = False
    assert inside > 0.2 and outside.mean() < 0.02
