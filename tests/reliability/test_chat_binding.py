"""Which project a chat works in changes only by its owners or a chat admin."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from bot.router import CommandRouter
from core.errors import Forbidden
from core.identity import Actor, Place
from core.models import ChatBinding
from tests.reliability.studio_state import Bench, make_bench, rows

ANN = Actor("console", "ann", "Ann")
VIC = Actor("console", "vic", "Vic")
ADMIN = Actor("console", "root", "Root", is_chat_admin=True)
ROOM = Place("console", "room")


@pytest.fixture
def bench(db_url: str, tmp_path: Path) -> Bench:
    return make_bench(db_url, tmp_path / "images")


def bound_to(bench: Bench) -> int:
    with bench.db.session() as session:
        return session.exec(select(ChatBinding.project_id)).one()


def test_a_viewer_cannot_take_over_a_shared_chat(bench: Bench) -> None:
    router = CommandRouter(bench.studio)
    router.handle(ANN, ROOM, "/project new Team")
    router.handle(VIC, ROOM, "/cards")  # Vic joins the chat's project
    router.handle(ANN, ROOM, "/project role Vic viewer")
    router.handle(VIC, Place("console", "vics-dm"), "/project new Mine")
    before = rows(bench.db)
    for command in ("/project use Mine", "/project new Takeover"):
        with pytest.raises(Forbidden, match='works in project "Team"; only its owners'):
            router.handle(VIC, ROOM, command)
    assert rows(bench.db) == before


def test_owners_and_chat_admins_may_switch_and_a_fresh_chat_is_free(bench: Bench) -> None:
    router = CommandRouter(bench.studio)
    router.handle(ANN, ROOM, "/project new Team")
    team = bound_to(bench)
    router.handle(ANN, ROOM, "/project new Side")
    assert bound_to(bench) != team
    router.handle(ANN, ROOM, "/project use Team")
    assert bound_to(bench) == team
    router.handle(ADMIN, ROOM, "/project new Admins")
    assert bound_to(bench) != team
    admins = bound_to(bench)
    with pytest.raises(Forbidden, match='"Admins"'):  # Ann owns Team, not the chat's project now
        router.handle(ANN, ROOM, "/project use Team")
    assert bound_to(bench) == admins
    router.handle(ANN, Place("console", "fresh"), "/project use Team")  # no binding yet: fine
