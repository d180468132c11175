"""A whole project archived, undone, restored and deleted through the console router and its
buttons: owners only, asked first; it leaves chats, lists, feeds and the showcase; a delete
unbinds its chats and reclaims its files."""

from __future__ import annotations

import os
import time
from datetime import timedelta

import pytest
from sqlmodel import select

from bot.router import CommandRouter
from core.errors import BadInput, Forbidden, NotFound
from core.identity import Actor, Place
from core.models import Archived, Card, ChatBinding, Job, SheetCache, Version
from core.storage import LocalStorage
from tests.conftest import RecordingSink
from workers.runtime import Runtime

ANN = Actor("console", "ann", "Ann")
VIC = Actor("console", "vic", "Vic")
ROOM = Place("console", "room")
SHOWCASE = Place("console", "showcase")
ELSEWHERE = Place("console", "elsewhere")


def test_project_archive_undo_restore_and_delete(runtime: Runtime, sink: RecordingSink) -> None:
    router = CommandRouter(runtime.studio)
    storage = runtime.studio.storage
    assert isinstance(storage, LocalStorage)

    def say(text: str, actor: Actor = ANN, place: Place = ROOM):  # noqa: ANN202
        outcome = router.handle(actor, place, text)
        assert runtime.wait_idle(platforms=["console"], timeout=60)
        return outcome

    def press(action: str, target: int, actor: Actor = ANN):  # noqa: ANN202
        outcome = runtime.studio.press(actor, ROOM, action, target)
        assert runtime.wait_idle(platforms=["console"], timeout=60)
        return outcome

    say("/project new Demo")
    say("/project use Demo", place=SHOWCASE)
    say("/project showcase here", place=SHOWCASE)
    say("/imagine a red fox in snow")
    say("/approve")
    say("/gallery")
    say("/cards", actor=VIC)  # joins as an editor
    posted, removed = len(sink.posts), len(sink.removed)
    with runtime.db.session() as session:
        [fox] = session.exec(select(Version)).all()

    with pytest.raises(Forbidden, match="at least owner"):
        say("/project archive", actor=VIC)
    asked = say("/project archive")
    assert "Confirm with /project archive 1 confirm" in asked.text
    assert [(b.action, b.target) for b in asked.buttons] == [("projarchive", 1)]
    assert len(say("/feed").items) == 1  # asking changed nothing
    with pytest.raises(Forbidden, match="at least owner"):
        press("projarchive", 1, actor=VIC)

    done = press("projarchive", 1)
    assert 'archived project "Demo"' in done.text
    assert [b.action for b in done.buttons] == ["projundo"]
    assert {t for t, _ in sink.removed[removed:]} == {"showcase", "room"}
    for who in (ANN, VIC):
        with pytest.raises(BadInput, match='project "Demo" is archived'):
            say("/feed", actor=who)
    with pytest.raises(BadInput, match="is archived"):
        say("/gallery", actor=VIC)
    assert say("/project list").items == []
    with pytest.raises(NotFound, match='no project "Demo"'):
        say("/project use Demo", place=ELSEWHERE)
    with pytest.raises(BadInput, match="already archived"):
        say("/project archive Demo confirm")

    assert '"Demo" is back' in say("/undo").text
    assert len(say("/feed").items) == 1
    assert len(sink.posts) == posted + 2  # the thread message and the showcase post again

    say("/project archive Demo confirm")
    with runtime.db.session() as session:
        row = session.exec(select(Archived).where(Archived.kind == "project")).all()[-1]
        row.archived_at = row.archived_at - timedelta(hours=1)  # past the undo window
        session.add(row)
        session.commit()
    with pytest.raises(BadInput, match="can be undone for 10 minutes"):
        say("/undo")
    with pytest.raises(BadInput, match="can be undone for 10 minutes"):
        press("projundo", 1)
    assert '"Demo" is back' in say("/project restore Demo", place=ELSEWHERE).text
    with pytest.raises(BadInput, match="only an archived project can be deleted"):
        say("/project delete Demo confirm")

    say("/project archive 1 confirm")
    with pytest.raises(Forbidden, match="at least owner"):
        say("/project delete 1 confirm", actor=VIC)
    asked = say("/project delete 1")
    assert "Confirm with /project delete 1 confirm" in asked.text
    assert [(b.action, b.target) for b in asked.buttons] == [("projdelete", 1)]
    old = time.time() - 3600
    for dirpath, _, files in os.walk(str(storage.root)):
        for name in files:
            os.utime(os.path.join(dirpath, name), (old, old))
    gone = press("projdelete", 1)
    assert 'deleted project "Demo"' in gone.text
    assert not storage.exists(fox.image_sha or "")
    with runtime.db.session() as session:
        card = session.exec(select(Card)).one()
        version = session.get(Version, fox.id)
        job = session.exec(select(Job)).one()
        assert card.status == "deleted" and card.prompt == ""
        assert version is not None and version.prompt == "" and version.image_sha is None
        assert job.remote_handle is None
        assert session.exec(select(ChatBinding)).all() == []
        assert session.exec(select(SheetCache)).first() is None
    with pytest.raises(BadInput, match="no project is selected"):
        say("/feed")
    with pytest.raises(NotFound):
        say("/project restore 1")
    assert say("/project list").items == []
    say("/project new Demo")  # the name is free again
