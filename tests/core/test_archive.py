"""Archive with confirmation and undo: archived things leave feeds, galleries, lists, the
showcase and generation context; nothing is deleted, so undo and restore bring them back."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from bot.router import CommandRouter
from core.errors import BadInput, Forbidden, NotFound
from core.identity import Actor, Place
from core.models import Archived, Card, Version
from tests.conftest import RecordingSink
from workers.runtime import Runtime

ANN = Actor("console", "ann", "Ann")
VIC = Actor("console", "vic", "Vic")
ROOM = Place("console", "room")
SHOWCASE = Place("console", "showcase")


def test_archive_confirm_undo_and_restore(runtime: Runtime, sink: RecordingSink) -> None:
    router = CommandRouter(runtime.studio)

    def say(text: str, actor: Actor = ANN, wait: bool = False):  # noqa: ANN202
        outcome = router.handle(actor, ROOM, text)
        if wait or outcome.job_ids:  # generations, or showcase posts to see in the sink
            assert runtime.wait_idle(platforms=["console"], timeout=60)
        return outcome

    say("/project new Demo")
    router.handle(ANN, SHOWCASE, "/project use Demo")
    router.handle(ANN, SHOWCASE, "/project showcase here")
    say("/imagine a red fox in snow --n 2")
    say("/imagine a harbour at dawn")
    say("/approve", wait=True)
    showcased = len(sink.posts)
    say("/scene new Harbour")
    say("/scene add Harbour v1")
    asked = say("/archive card #2")
    assert "Confirm with /archive card #2 confirm" in asked.text
    assert len(say("/feed").items) == 3  # nothing happened yet
    done = say("/archive card #2 confirm", wait=True)
    assert "archived card #2 “a harbour at dawn”" in done.text
    assert [i.split()[1] for i in say("/feed").items] == ["#1", "#1"]
    assert say("/project showcase").text == "showcase is empty"
    assert {t for t, _ in sink.removed} == {"showcase", "room"}  # showcase + thread posts down
    assert [i.split()[0] for i in say("/cards").items] == ["#1"]
    assert say("/gallery").items == ["1. #1 v2", "2. #1 v1"]
    with pytest.raises(NotFound):
        say("/open 2")
    say("/archive card #1 confirm", wait=True)  # its posts are down before the undo
    with pytest.raises(NotFound, match='no card "1"'):  # archived: not found by name any more
        say("/archive card #1 confirm")
    assert "↩ card #1" in say("/undo").text  # the latest archive first
    assert "↩ card #2" in say("/undo", wait=True).text
    assert len(say("/feed").items) == 3 and "a harbour" in say("/project showcase").items[0]
    assert len(sink.posts) == showcased + 4  # 3 thread messages (both cards) + showcase again

    say("/archive scene Harbour confirm")
    with pytest.raises(NotFound, match='no scene "Harbour"'):
        say("/imagine boats --scene Harbour")
    say("/open 1")
    say("/archive version v1 confirm")
    assert [i.split()[2] for i in say("/feed").items] == ["v1", "v2"]  # card #2 v1, card #1 v2
    with runtime.db.session() as session:
        rows = session.exec(select(Archived)).all()
        for row in rows:  # an hour later: past the undo window
            row.archived_at = row.archived_at - timedelta(hours=1)
            session.add(row)
        assert len(session.exec(select(Card)).all()) == 2  # nothing is deleted
        assert len(session.exec(select(Version)).all()) == 3
    with pytest.raises(BadInput, match="nothing to undo"):
        say("/undo")
    listed = say("/archive list").items
    assert [i.split(":")[0] for i in listed] == ["#4 version", "#3 scene"]
    assert "is back" in say("/archive restore 3").text
    assert "Harbour — 1 shot(s)" in say("/scenes").items[0]
    say("/cards", actor=VIC)
    say("/project role Vic viewer")
    with pytest.raises(Forbidden):
        say("/archive card #1 confirm", actor=VIC)
