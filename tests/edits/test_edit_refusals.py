"""Refused edits say what was wrong and what is allowed, and leave no row, file or job behind;
edited versions keep working with Restore and Fork; an annotation never reaches a model."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from PIL import Image
from sqlmodel import func, select

from bot.router import CommandRouter
from core.catalog import LOCAL_PREVIEW
from core.errors import BadInput, Forbidden, LightboxError, NotFound
from core.identity import Actor, Place
from core.models import Job, Version
from core.studio import Outcome
from workers.runtime import Runtime

ANN = Actor("console", "ann", "Ann")
VIC = Actor("console", "vic", "Vic")
ZOE = Actor("console", "zoe", "Zoe")
ROOM = Place("console", "room")
ELSEWHERE = Place("console", "elsewhere")


def say(runtime: Runtime, text: str, actor: Actor = ANN, place: Place = ROOM,
        file: bytes | None = None) -> Outcome:  # fmt: skip
    outcome = CommandRouter(runtime.studio).handle(actor, place, text, file)
    assert runtime.wait_idle(platforms=["console"], timeout=60)
    return outcome


def counts(runtime: Runtime) -> tuple[int, int, int]:
    with runtime.db.session() as session:
        versions = session.exec(select(func.count()).select_from(Version)).one()
        jobs = session.exec(select(func.count()).select_from(Job)).one()
    files = sum(1 for p in runtime.storage.root.glob("??/*") if p.is_file())
    return versions, jobs, files


def png(size: tuple[int, int], grey: int = 255) -> bytes:
    out = io.BytesIO()
    Image.new("L", size, grey).save(out, format="PNG")
    return out.getvalue()


def test_bad_edits_are_refused_by_name_and_change_nothing(runtime: Runtime) -> None:
    say(runtime, "/project new Other", ZOE, ELSEWHERE)
    foreign = say(runtime, "/imagine a foreign lighthouse", ZOE, ELSEWHERE)
    assert foreign.card is not None
    say(runtime, "/project new Demo")
    mine = say(runtime, "/imagine a cottage in a meadow --ar 16:9 --res 2K")
    assert mine.card is not None
    say(runtime, "/cards", VIC)
    say(runtime, "/project role Vic viewer")
    runtime.catalog.profiles["plain"] = replace(
        LOCAL_PREVIEW, id="plain", label="Plain", operations=("vary",)
    )
    refused: list[tuple[str, type[LightboxError], str, bytes | None]] = [
        ("/edit inpaint A1:D4 a door", BadInput, "covers the whole image", None),
        ("/edit inpaint E9 a door", BadInput, '"E9" is not a grid cell; use cells A1–D4', None),
        ("/edit inpaint B2", BadInput, "inpaint needs a prompt", None),
        ("/edit inpaint mask a door", BadInput, "must be the image's size 2048×1152",
         png((640, 480))),
        ("/edit inpaint mask a door", BadInput, "region uploaded mask is empty",
         png((2048, 1152), 0)),
        ("/edit inpaint face a door", BadInput, "no face found", None),
        ("/edit blurfaces", BadInput, "no face found", None),
        ("/edit restoreface", BadInput, "no face found", None),
        ("/edit upscale 3", BadInput, "allowed: ×2, ×4", None),
        ("/edit upscale 4", BadInput, "8192×4608, beyond local preview's largest size", None),
        ("/edit zoom 9", BadInput, "use 1.5, 2 or a number above 1 up to 4", None),
        ("/edit zoom 4", BadInput, "beyond local preview's largest size", None),
        ("/edit pan sideways", BadInput, "allowed: left, right, up, down", None),
        ("/edit crop", BadInput, "crop needs an aspect ratio", None),
        ("/edit collage v1", BadInput, "2 to 16 versions", None),
        (f"/edit collage v1 #{foreign.card.card_id}v1", NotFound, "no card", None),
        ("/edit annotate B2", BadInput, "each note needs text", None),
        ("/edit frobnicate", BadInput, "unknown edit", None),
        ("/edit v7 upscale 2", NotFound, "has no version 7", None),
    ]  # fmt: skip
    before = counts(runtime)
    for command, error, words, file in refused:
        with pytest.raises(error, match=words):
            say(runtime, command, file=file)
        assert counts(runtime) == before, command
    with pytest.raises(Forbidden, match="at least editor"):
        say(runtime, "/edit upscale 2", VIC)
    say(runtime, "/prompt a cottage --model plain")
    with pytest.raises(BadInput, match="Plain cannot upscale; models that can: local"):
        say(runtime, "/edit upscale 2")
    assert counts(runtime) == before
    say(runtime, f"/open {mine.card.card_id}", VIC)
    assert "v1" in say(runtime, "/edit info", VIC).text  # viewers may read the record


def test_restore_fork_and_annotations_on_edited_versions(runtime: Runtime) -> None:
    say(runtime, "/project new Demo")
    say(runtime, "/imagine a harbour at dawn --ar 3:2 --seed 11")
    say(runtime, "/edit crop 1:1")
    say(runtime, "/edit upscale 2")
    restored = say(runtime, "/restore 3")
    assert "restored the prompt and settings of v1 (v3 is upscale of v2)" in restored.text
    assert restored.card is not None and "3:2" in restored.card.settings
    forked = say(runtime, "/fork v3 bigger")
    assert "forked from v3" in forked.text
    noted = say(runtime, "/edit v3 annotate B2 too dark; D4 sign")
    assert "annotate of v3" in noted.text
    with pytest.raises(BadInput, match="annotation .* never sent to a model"):
        say(runtime, "/edit v4 upscale 2")
    with pytest.raises(BadInput, match="annotation"):
        say(runtime, "/fork v4 notes")
    with pytest.raises(BadInput, match="annotation"):
        say(runtime, "/saveref v4 notes")
    again = say(runtime, "/edit v2 reproduce")
    assert "reproduce of v2" in again.text
    info = say(runtime, "/edit v5 info")
    assert any("lineage: v5 = reproduce of v2 ← v1 generated" in line for line in info.items)
