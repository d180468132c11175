"""The credit ledger: holds, charges and releases settle exactly once whatever the workers do."""

from __future__ import annotations

import multiprocessing
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import col, func, select

from bench.ledger_soak import settle_randomly
from core.errors import BadInput
from core.jobs import (
    claim_job,
    finish_job,
    new_lease,
    stale_cutoff,
)
from core.ledger import MILLI
from core.models import Job, LedgerEntry, Version
from tests.core.credit_fixtures import ALICE, HERE, Desk, make_desk
from tests.core.ledger_race import spend
from tests.reliability.studio_state import rows


@pytest.fixture
def desk(db_url: str, tmp_path: Path) -> Iterator[Desk]:
    desk = make_desk(db_url, tmp_path / "images")
    yield desk
    desk.db.dispose()


def test_many_generations_with_duplicates_end_with_grants_minus_charges(desk: Desk) -> None:
    rng = random.Random(12)
    desk.router.handle(ALICE, HERE, "/project new Ledger")
    desk.grant("console:alice", "1000")
    succeeded = 0
    for take in range(10):
        n = rng.randint(1, 4)
        outcome = desk.router.handle(ALICE, HERE, f"/imagine a fox {take} --model paid --n {n}")
        assert outcome.card is not None and len(outcome.job_ids) == n
        for job_id in outcome.job_ids:
            state = settle_randomly(desk.db, job_id, outcome.card.card_id, rng)
            succeeded += state == "succeeded"
    with desk.db.session() as s:
        jobs = s.exec(select(func.count()).select_from(Job)).one()
        assert (
            s.exec(select(func.count()).where(col(Job.state).in_(("queued", "running")))).one() == 0
        )
        user_id = s.exec(select(Job.owner_id)).first()
        charges = s.exec(select(func.count()).where(LedgerEntry.kind == "charge")).one()
        settled = s.exec(select(func.count()).where(LedgerEntry.stage == "settle")).one()
    assert user_id is not None and jobs > 15
    assert charges == succeeded and settled == jobs
    figures = desk.figures("user", user_id)
    assert figures.held == 0
    assert figures.balance == (1000 - 2 * succeeded) * MILLI


def test_insufficient_credits_names_price_balance_and_queues_nothing(desk: Desk) -> None:
    desk.router.handle(ALICE, HERE, "/project new Broke")
    desk.grant("console:alice", "3")
    desk.router.handle(ALICE, HERE, "/imagine a fox --model paid")  # holds 2 of 3
    before = rows(desk.db)
    with pytest.raises(BadInput) as refused:
        desk.router.handle(ALICE, HERE, "/imagine two foxes --model paid --n 2")
    text = str(refused.value)
    assert "costs 4" in text and "1 available" in text and "2 held" in text
    assert "/buy" in text and "Nothing was queued" in text
    assert rows(desk.db) == before


def test_free_model_writes_no_ledger_entry(desk: Desk) -> None:
    desk.router.handle(ALICE, HERE, "/project new Free")
    outcome = desk.router.handle(ALICE, HERE, "/imagine a fox --n 2")
    assert len(outcome.job_ids) == 2
    with desk.db.session() as s:
        assert s.exec(select(func.count()).select_from(LedgerEntry)).one() == 0
        assert s.exec(select(func.count()).select_from(Version)).one() == 2


def test_two_processes_racing_for_the_last_credits_cannot_overspend(
    desk: Desk, db_url: str, tmp_path: Path
) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite serialises every writer; the row lock race is PostgreSQL's")
    desk.router.handle(ALICE, HERE, "/project new Race")
    desk.grant("console:alice", "3")  # one paid image (2), not two
    first = desk.router.handle(ALICE, HERE, "/imagine a fox --model paid")
    assert first.card is not None
    with desk.db.session() as s:  # the first image failed: its 2 credits are free again
        lease = new_lease()
        assert claim_job(s, first.job_ids[0], lease, stale_cutoff(60)) is not None
        assert finish_job(s, first.job_ids[0], lease, "failed", "provider error")
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(2)
    answers_queue = context.Queue()
    args = (db_url, str(tmp_path / "images"), first.card.card_id, barrier, answers_queue)
    racers = [context.Process(target=spend, args=args) for _ in range(2)]
    for racer in racers:
        racer.start()
    answers = sorted(answers_queue.get(timeout=60) for _ in racers)
    for racer in racers:
        racer.join(timeout=30)
    assert answers[0] == "queued" and answers[1].startswith("refused: not enough credits")
    with desk.db.session() as s:
        user_id = s.exec(select(Job.owner_id)).first()
    assert user_id is not None
    figures = desk.figures("user", user_id)
    assert figures.available == 1 * MILLI and figures.held == 2 * MILLI
