"""Delete after archive for versions, characters and elements through the console router: the
words go with the images (the job row keeps no prompt), the files are reclaimed."""

from __future__ import annotations

import io
import os
import time

import pytest
from PIL import Image
from sqlmodel import select

from bot.router import CommandRouter
from core.errors import BadInput, NotFound
from core.identity import Actor, Place
from core.models import Character, Element, Job, PromptRevision, Version
from core.storage import LocalStorage
from workers.runtime import Runtime

ANN = Actor("console", "ann", "Ann")
ROOM = Place("console", "room")


def _age_files(root: str) -> None:
    """Stored an hour ago (a delete spares files someone stored again in the last minute)."""
    old = time.time() - 3600
    for dirpath, _, files in os.walk(root):
        for name in files:
            os.utime(os.path.join(dirpath, name), (old, old))


def _photo(colour: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (160, 90), colour).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # test_delete runs both
def test_delete_a_version_a_character_and_an_element(runtime: Runtime) -> None:
    router = CommandRouter(runtime.studio)
    storage = runtime.studio.storage
    assert isinstance(storage, LocalStorage)

    def say(text: str, file: bytes | None = None):  # noqa: ANN202
        outcome = router.handle(ANN, ROOM, text, file)
        assert runtime.wait_idle(platforms=["console"], timeout=60)
        return outcome

    say("/project new Demo")
    say("/imagine a secret lighthouse recipe --n 2")
    with runtime.db.session() as session:
        v1 = session.exec(select(Version).where(Version.number == 1)).one()
        v2 = session.exec(select(Version).where(Version.number == 2)).one()
        job = session.exec(select(Job).where(Job.version_id == v1.id)).one()
        # What a queue provider leaves on the job: its handle carries the request's parameters.
        job.remote_handle = '{"params": {"prompt": "a secret lighthouse recipe"}}'
        job.error, job.progress = "refused: a secret lighthouse recipe", "queued (#3)"
        session.add(job)
        session.commit()

    # A version: archived by its number on the focused card, then deleted.
    archived = say("/archive version v1 confirm")
    number = archived.text.split("(#")[1].split(")")[0]
    _age_files(str(storage.root))
    done = say(f"/delete {number} confirm")
    assert f"deleted v1 of card #{v1.card_id}" in done.text
    assert not storage.exists(v1.image_sha or "") and storage.exists(v2.image_sha or "")
    with runtime.db.session() as session:
        gone = session.get(Version, v1.id)
        scrubbed = session.exec(select(Job).where(Job.version_id == v1.id)).one()
        assert gone is not None and gone.prompt == "" and gone.image_sha is None
        assert (scrubbed.remote_handle, scrubbed.error, scrubbed.progress) == (None, None, None)
        assert scrubbed.state == "succeeded"  # the ledger's row stays
    assert [i.split()[2] for i in say("/feed").items] == ["v2"]

    # A character: its portraits, their jobs and the portrait card's words all go.
    say("/character new Mara: harbour pilot")
    say("/character portrait Mara --n 2")
    with runtime.db.session() as session:
        mara = session.exec(select(Character)).one()
        portraits = session.exec(select(Version).where(Version.card_id == mara.card_id)).all()
    assert len(portraits) == 2 and all(p.image_sha for p in portraits)
    archived = say("/archive character Mara confirm")
    number = archived.text.split("(#")[1].split(")")[0]
    with pytest.raises(NotFound, match='no character "Mara"'):
        say("/character show Mara")
    _age_files(str(storage.root))
    assert "deleted character Mara" in say(f"/delete {number} confirm").text
    assert not any(storage.exists(p.image_sha or "") for p in portraits)
    with runtime.db.session() as session:
        assert session.exec(select(Character)).first() is None
        kept = session.exec(select(Version).where(Version.card_id == mara.card_id)).all()
        assert {(v.status, v.prompt) for v in kept} == {("deleted", "")}
        revisions = session.exec(
            select(PromptRevision).where(PromptRevision.card_id == mara.card_id)
        ).all()
        assert revisions == []
    assert say("/archive list").text == "nothing archived"
    with pytest.raises(NotFound):
        say(f"/archive restore {number}")

    # An element: its image is reclaimed, its name is free again.
    say("/element new location Harbour: the old port", file=_photo("navy"))
    with runtime.db.session() as session:
        harbour = session.exec(select(Element)).one()
    assert harbour.image_sha and storage.exists(harbour.image_sha)
    with pytest.raises(NotFound, match="only archived things can be deleted"):
        say("/delete 99 confirm")
    archived = say("/archive element Harbour confirm")
    number = archived.text.split("(#")[1].split(")")[0]
    asked = say(f"/delete {number}")
    assert f"Confirm with /delete {number} confirm" in asked.text
    with runtime.db.session() as session:
        assert session.exec(select(Element)).first() is not None  # asking deletes nothing
    _age_files(str(storage.root))
    assert "deleted element Harbour" in say(f"/delete {number} confirm").text
    assert not storage.exists(harbour.image_sha)
    with runtime.db.session() as session:
        assert session.exec(select(Element)).first() is None
    with pytest.raises(BadInput, match="nothing to undo"):
        say("/undo")
    say("/element new location Harbour: rebuilt")  # the name is free again
