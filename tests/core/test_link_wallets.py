"""/link makes two accounts one person with one balance: the linked account's available credits
move over at once, its held credits follow when their jobs settle; the sum over both wallets
is what was granted minus what was charged, nothing counted twice or lost."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import select

from core.identity import Actor, Place
from core.jobs import claim_job, finish_job, new_lease, stale_cutoff
from core.ledger import MILLI
from core.models import LedgerEntry, User
from tests.core.credit_fixtures import Desk, make_desk

DANA = Actor("discord", "501", "Dana")
DANA_ON_TELEGRAM = Actor("telegram", "1003", "Dana T")
CHANNEL = Place("discord", "700")
GROUP = Place("telegram", "-200")


@pytest.fixture
def desk(db_url: str, tmp_path: Path) -> Iterator[Desk]:
    desk = make_desk(db_url, tmp_path / "images")
    yield desk
    desk.db.dispose()


def _finish(desk: Desk, job_id: int, state: str) -> None:
    """What a worker does: claim the job, then finish it (the hold settles with it)."""
    lease = new_lease()
    with desk.db.session() as session:
        assert claim_job(session, job_id, lease, stale_cutoff(60)) is not None
    with desk.db.session() as session:
        assert finish_job(session, job_id, lease, state, None)


def _user(desk: Desk, platform: str, user_id: str) -> int:
    with desk.db.session() as session:
        found = session.exec(
            select(User.id).where(User.platform == platform, User.platform_user_id == user_id)
        ).one()
        assert found is not None
        return found


def test_link_merges_the_wallets_held_credits_included(desk: Desk) -> None:
    say = desk.router.handle
    say(DANA, CHANNEL, "/project new Harbour")
    say(DANA_ON_TELEGRAM, GROUP, "/project new Sketches")
    desk.grant("discord:501", "10")
    desk.grant("telegram:1003", "7")
    queued = say(DANA_ON_TELEGRAM, GROUP, "/imagine two boats --model paid --n 2")
    assert len(queued.job_ids) == 2  # 4 of the 7 credits held
    person, old = _user(desk, "discord", "501"), _user(desk, "telegram", "1003")

    code = say(DANA, CHANNEL, "/link").text.split(" code ", 1)[1].split()[0].rstrip(":")
    assert "acts as Dana (discord)" in say(DANA_ON_TELEGRAM, GROUP, f"/link {code}").text
    merged, left = desk.figures("user", person), desk.figures("user", old)
    assert (merged.balance, merged.held) == (13 * MILLI, 0)  # 10 + the 3 available
    assert (left.balance, left.held) == (4 * MILLI, 4 * MILLI)  # the holds stay with their jobs
    assert "13 available" in say(DANA_ON_TELEGRAM, GROUP, "/balance").text.replace(".0", "")

    _finish(desk, queued.job_ids[0], "succeeded")  # charged: 2 spent from the held 4
    _finish(desk, queued.job_ids[1], "failed")  # released: 2 free again, in the old wallet
    left = desk.figures("user", old)
    assert (left.balance, left.held) == (2 * MILLI, 0)
    desk.grant("telegram:1003", "1")  # an admin names the linked account: it is the person's too
    shown = say(DANA, CHANNEL, "/balance").text  # using the wallet sweeps what came free
    merged, left = desk.figures("user", person), desk.figures("user", old)
    assert (merged.balance, merged.held, left.balance, left.held) == (16 * MILLI, 0, 0, 0)
    assert "16" in shown
    assert merged.balance + left.balance == (10 + 7 + 1 - 2) * MILLI  # granted − charged

    # From now on the Telegram account spends from the one wallet.
    spent = say(DANA_ON_TELEGRAM, GROUP, "/imagine a lighthouse --model paid")
    assert desk.figures("user", person).held == 2 * MILLI
    assert desk.figures("user", old).held == 0 and len(spent.job_ids) == 1
    with desk.db.session() as session:
        moves = session.exec(select(LedgerEntry).where(LedgerEntry.kind == "transfer")).all()
    assert sorted(e.amount for e in moves) == [-3 * MILLI, -3 * MILLI, 3 * MILLI, 3 * MILLI]
    assert sum(e.amount for e in moves) == 0
