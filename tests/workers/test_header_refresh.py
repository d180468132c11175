"""Header refreshes: a throttled one reads nothing; the final state always reaches the header."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlmodel import select

from bot.router import CommandRouter
from core.identity import Actor, Place
from core.models import Card, CardThread
from tests.conftest import RecordingSink, make_settings
from workers.runtime import Runtime

ANN = Actor("console", "ann", "Ann")
ROOM = Place("console", "room")


@pytest.fixture
def carded(db_url: str, tmp_path: Path) -> Iterator[tuple[Runtime, RecordingSink, int]]:
    """A runtime (no worker threads) with one card whose header is posted on "console"."""
    sink = RecordingSink()
    rt = Runtime(make_settings(db_url, tmp_path / "data"), sinks={"console": sink})
    router = CommandRouter(rt.studio)
    router.handle(ANN, ROOM, "/project new Headers")
    router.handle(ANN, ROOM, "/card new a fox in snow")
    with rt.db.session() as session:
        card = session.exec(select(Card)).one()
        assert card.id is not None
        thread = session.get(CardThread, (card.id, "console", "room"))
        thread = thread or CardThread(card_id=card.id, platform="console", target="room")
        thread.header_message_id = "h1"
        session.add(thread)
        card_id = card.id
    yield rt, sink, card_id
    rt.stop()


def _statements(rt: Runtime) -> list[str]:
    seen: list[str] = []

    def count(*args: Any) -> None:
        seen.append(args[2])

    event.listen(rt.db.engine, "before_cursor_execute", count)
    return seen


def test_a_throttled_refresh_reads_nothing_and_the_final_state_is_always_sent(
    carded: tuple[Runtime, RecordingSink, int],
) -> None:
    rt, sink, card_id = carded
    assert rt.headers.refresh(card_id, status="generating") == 1  # the first one goes out
    seen = _statements(rt)
    for _ in range(20):  # jobs of the card starting and finishing within the interval
        assert rt.headers.refresh(card_id, status="generating") == 0
    assert seen == [], "a throttled refresh should not read the card"
    assert len(sink.headers) == 1
    assert rt.headers.refresh(card_id, status="done") == 1  # the end is never held back
    assert [target for _, target, _ in sink.headers] == ["room", "room"]
    assert rt.headers.refresh(card_id, force=True, status="generating") == 1  # a person's change


def test_a_card_without_a_posted_header_is_not_rendered(
    carded: tuple[Runtime, RecordingSink, int],
) -> None:
    rt, sink, card_id = carded
    with rt.db.session() as session:
        thread = session.get(CardThread, (card_id, "console", "room"))
        assert thread is not None
        session.delete(thread)
    seen = _statements(rt)
    assert rt.headers.refresh(card_id, status="done") == 0
    assert len(seen) == 1, seen  # which headers are posted: none, so no view is built
    assert sink.headers == []
