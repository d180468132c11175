"""Delete after archive, through the console router: asks first, refuses what others still
use (by name), takes chat posts down, leaves no trace in lists and reclaims files."""

from __future__ import annotations

import os
import time

import pytest
from sqlmodel import select

from bot.router import CommandRouter
from core.errors import BadInput, Forbidden, NotFound
from core.identity import Actor, Place
from core.models import Card, SheetCache, Version
from core.storage import LocalStorage
from tests.conftest import RecordingSink
from workers.runtime import Runtime

ANN = Actor("console", "ann", "Ann")
VIC = Actor("console", "vic", "Vic")
ROOM = Place("console", "room")


def _age_files(root: str) -> None:
    """Stored an hour ago (a delete spares files someone stored again in the last minute)."""
    old = time.time() - 3600
    for dirpath, _, files in os.walk(root):
        for name in files:
            os.utime(os.path.join(dirpath, name), (old, old))


def test_archive_takes_posts_down_and_delete_reclaims(
    runtime: Runtime, sink: RecordingSink
) -> None:
    router = CommandRouter(runtime.studio)
    storage = runtime.studio.storage
    assert isinstance(storage, LocalStorage)

    def say(text: str, actor: Actor = ANN):  # noqa: ANN202
        outcome = router.handle(actor, ROOM, text)
        assert runtime.wait_idle(platforms=["console"], timeout=60)
        return outcome

    say("/project new Demo")
    say("/imagine a red fox in snow --n 2")
    say("/imagine a harbour at dawn")
    say("/gallery")  # a contact sheet in the cache
    with runtime.db.session() as session:
        harbour = session.exec(select(Version).where(Version.card_id == 2)).one()
        fox = session.exec(select(Version).where(Version.card_id == 1)).all()
        assert session.exec(select(SheetCache)).first() is not None
    posted = len(sink.posts)
    say("/scene new Harbour")
    say("/scene add Harbour v1")  # a shot made from card #2 v1

    # Item 3: archive takes the card's version message down; undo posts it back.
    say("/archive card #2 confirm")
    assert len(sink.removed) == 1
    say("/undo")
    assert len(sink.posts) == posted + 1

    with pytest.raises(NotFound, match="only archived things can be deleted"):
        say("/delete 1")
    say("/archive card #2 confirm")
    listed = say("/archive list").items
    assert listed == ["#2 card: card #2 “a harbour at dawn”"]
    asked = say("/delete #2")
    assert "Confirm with /delete 2 confirm" in asked.text
    with pytest.raises(BadInput, match="archive number"):
        say("/delete harbour")
    say("/cards", actor=VIC)  # an editor, but not the card's maker
    with pytest.raises(Forbidden, match="only an owner, or the person who made it"):
        say("/delete 2 confirm", actor=VIC)
    with pytest.raises(BadInput, match="still used by a shot in scene “Harbour”"):
        say("/delete 2 confirm")
    _age_files(str(storage.root))
    assert storage.exists(harbour.image_sha or "")

    say("/archive scene Harbour confirm")
    scene_gone = say("/delete 3 confirm")
    assert "deleted scene “Harbour”" in scene_gone.text
    assert storage.exists(harbour.image_sha or "")  # the version still holds it
    done = say("/delete 2 confirm")
    assert "deleted card #2 “a harbour at dawn”" in done.text
    assert not storage.exists(harbour.image_sha or "")
    assert all(storage.exists(v.image_sha or "") for v in fox)  # the others stay
    assert not list(storage.root.glob(f"thumbs/*/{harbour.image_sha}.webp"))
    with runtime.db.session() as session:
        card = session.get(Card, 2)
        version = session.get(Version, harbour.id)
        assert card is not None and card.title == "(deleted)" and card.prompt == ""
        assert version is not None and version.image_sha is None and version.prompt == ""
        assert session.exec(select(SheetCache)).first() is None
    assert say("/archive list").text == "nothing archived"
    with pytest.raises(BadInput, match="nothing to undo"):
        say("/undo")
    with pytest.raises(NotFound):
        say("/archive restore 2")
    assert [i.split()[1] for i in say("/feed").items] == ["#1", "#1"]
    assert len(say("/gallery").items) == 2  # drawn anew, without it
