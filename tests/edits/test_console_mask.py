"""An uploaded mask through the console: `/edit inpaint mask <prompt> PATH`; the mask is stored
with the version (white = edit) and only its white part changes."""

from __future__ import annotations

import io
import threading
from pathlib import Path

import numpy as np
from PIL import Image
from sqlmodel import select

from bot.console.chat import ConsoleChat
from core.models import Version
from core.storage import referenced_images
from workers.runtime import Runtime


def test_an_uploaded_mask_is_used_and_kept_with_the_version(
    runtime: Runtime, tmp_path: Path
) -> None:
    out = io.StringIO()
    console = ConsoleChat(runtime, out, threading.Lock(), wait_each=True, user="ann")
    assert console.handle("/project new Demo")
    assert console.handle("/imagine a quiet harbour --ar 16:9")
    mask = Image.new("L", (1024, 576), 0)
    mask.paste(255, (600, 100, 900, 400))
    path = tmp_path / "mask.png"
    mask.save(path)
    assert console.handle("/edit region mask " + str(path))
    assert "region uploaded mask of v1: 300×300 px at (600, 100); nothing is queued" in (
        out.getvalue()
    )
    assert console.handle(f"/edit inpaint mask a red boat {path}"), out.getvalue()
    with runtime.db.session() as session:
        v1, v2 = session.exec(select(Version).order_by(Version.number)).all()
        assert v2.operation == "inpaint" and v2.parent_version_id == v1.id
        assert v2.mask_sha is not None and v2.mask_sha in referenced_images(session)
        assert v1.image_sha and v2.image_sha
        before = np.asarray(
            Image.open(io.BytesIO(runtime.storage.read(v1.image_sha))).convert("RGB")
        )
        after = np.asarray(
            Image.open(io.BytesIO(runtime.storage.read(v2.image_sha))).convert("RGB")
        )
    stored = (
        np.asarray(Image.open(io.BytesIO(runtime.storage.read(v2.mask_sha))).convert("L")) > 127
    )
    assert np.array_equal(stored, np.asarray(mask) > 127)
    assert np.array_equal(after[~stored], before[~stored])
    assert not np.array_equal(after[stored], before[stored])
    assert not console.handle(f"/edit inpaint mask a red boat {tmp_path / 'missing.png'}")
    assert "attach the mask image" in out.getvalue()
