"""A priced media profile is paid like an image: its price per generation is held when the job
is queued, refused without enough credits (nothing queued), and the job joins the fair queue."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlmodel import func, select

from bot.router import CommandRouter
from core import credits, ledger
from core.billing import Billing
from core.catalog import LOCAL_MEDIA, LOCAL_PREVIEW, ModelCatalog
from core.db import Database
from core.errors import BadInput
from core.models import Job, User, Version
from core.storage import LocalStorage
from core.studio import Studio
from tests.core.credit_fixtures import ALICE, HERE
from tests.reliability.studio_state import RecordingQueue

MILLI = 1000


@pytest.fixture
def priced(db_url: str, tmp_path: Path) -> Iterator[tuple[CommandRouter, Database, RecordingQueue]]:
    paid = {p.id: replace(p, cost={"1K": 3.0}) for p in LOCAL_MEDIA}
    catalog = ModelCatalog(profiles={"local": LOCAL_PREVIEW, **paid})
    db = Database.from_url(db_url)
    queue = RecordingQueue()
    studio = Studio(db, LocalStorage(tmp_path / "images"), queue, catalog, billing=Billing())
    yield CommandRouter(studio), db, queue
    db.dispose()


def test_a_priced_clip_holds_its_price_or_is_refused(
    priced: tuple[CommandRouter, Database, RecordingQueue],
) -> None:
    router, db, queue = priced
    router.handle(ALICE, HERE, "/project new Studio")
    with pytest.raises(BadInput) as refused:
        router.handle(ALICE, HERE, "/music rain on a tin roof --duration 10")
    assert "costs 3" in str(refused.value) and "Nothing was queued" in str(refused.value)
    with db.session() as session:
        assert session.exec(select(func.count()).select_from(Version)).one() == 0
        credits.grant(session, "console:alice", "4")
    router.handle(ALICE, HERE, "/music rain on a tin roof --duration 10")
    with db.session() as session:
        [job] = session.exec(select(Job)).all()
        alice = session.exec(select(User).where(User.platform_user_id == "alice")).one()
        figures = ledger.balance_of(session, ledger.wallet_of(session, "user", alice.id or 0))
        assert (job.state, job.owner_id) == ("queued", alice.id)  # in the fair queue as hers
    assert queue.generations == [job.id]
    assert (figures.balance, figures.held) == (4 * MILLI, 3 * MILLI)
    with pytest.raises(BadInput, match="costs 3"):  # 1 left
        router.handle(ALICE, HERE, "/voice one more line")
