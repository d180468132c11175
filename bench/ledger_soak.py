"""Part "ledger": 1,000 paid generations ended every way workers can, with duplicate finishes,
takeovers, retries and cancels; the balance must equal grants minus successful charges."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import col, func, select

from bench.common import PLATFORM
from bot.router import CommandRouter
from core import credits, ledger
from core.catalog import LOCAL_PREVIEW, ModelCatalog, ModelProfile
from core.db import Database
from core.identity import Actor, Place
from core.jobs import (
    cancel_card_jobs,
    claim_job,
    finish_job,
    hand_back_job,
    new_lease,
    orphaned_jobs,
    release_job,
    requeued,
    stale_cutoff,
)
from core.ledger import MILLI, settle
from core.models import Job, LedgerEntry
from core.storage import LocalStorage
from core.studio import Studio

PATHS = ("ok", "ok", "fail", "cancel", "takeover", "retry", "handback")
PAID = ModelProfile(id="paid", label="Paid", provider="local", cost={"1K": 2.0})
BUYER = Actor(PLATFORM, "payer", "Payer")
ROOM = Place(PLATFORM, "ledger")


class _Queue:
    def enqueue_generation(self, job_id: int) -> None: ...

    def enqueue_delivery(self, delivery_id: int, platform: str) -> None: ...

    def enqueue_header(self, card_id: int) -> None: ...


def settle_randomly(db: Database, job_id: int, card_id: int, rng: random.Random) -> str:
    """Drive one job to an end the way workers, sweeps and people can, with duplicates."""
    far_future = stale_cutoff(-3600)
    path = rng.choice(PATHS)
    with db.session() as s:
        lease = new_lease()
        job = s.get(Job, job_id)
        if job is not None and job.state == "cancelled":  # a cancel of its card came first
            return "cancelled"
        if path == "cancel":
            cancel_card_jobs(s, card_id, "cancelled")
            cancel_card_jobs(s, card_id, "cancelled twice")
            return "cancelled"
        assert claim_job(s, job_id, lease, stale_cutoff(60)) is not None
    if path in ("retry", "handback"):
        with db.session() as s:
            (release_job if path == "retry" else hand_back_job)(s, job_id, lease, "again")
            lease = new_lease()
            assert claim_job(s, job_id, lease, stale_cutoff(60)) is not None
    if path == "takeover":  # the worker stopped heartbeating: a sweep and another worker take it
        with db.session() as s:
            found = orphaned_jobs(s, queued_before=stale_cutoff(60), stale_before=far_future)
            requeued(s, found, queued_before=stale_cutoff(60), stale_before=far_future)
            old, lease = lease, new_lease()
            assert claim_job(s, job_id, lease, stale_cutoff(60)) is not None
        with db.session() as s:  # the dead worker wakes up and tries to finish
            assert not finish_job(s, job_id, old, "succeeded", None)
    state = "failed" if path == "fail" else "succeeded"
    with db.session() as s:
        assert finish_job(s, job_id, lease, state, "provider said no" if path == "fail" else None)
    with db.session() as s:  # a duplicate of the same finish, and a stray opposite settle
        assert not finish_job(s, job_id, lease, state, None)
        assert settle(s, job_id, succeeded=state == "failed") is None
    return state


@dataclass(frozen=True)
class LedgerSoak:
    backend: str
    generations: int
    succeeded: int
    expected: float
    balance: float
    held: float
    settlements: int
    seconds: float

    @property
    def exact(self) -> bool:
        return (
            self.balance == self.expected
            and self.held == 0
            and self.settlements == self.generations
        )


def run_ledger_soak(
    backend: str, url: str, workdir: Path, *, generations: int = 1000
) -> LedgerSoak:
    db = Database.from_url(url)
    db.migrate()
    studio = Studio(
        db,
        LocalStorage(workdir / "images"),
        _Queue(),
        ModelCatalog(profiles={"local": LOCAL_PREVIEW, "paid": PAID}),
    )
    router = CommandRouter(studio)
    rng = random.Random(1000)
    started = time.perf_counter()
    try:
        router.handle(BUYER, ROOM, "/project new Ledger")
        grant = 2 * generations + 10
        with db.session() as s:
            credits.grant(s, f"{PLATFORM}:payer", str(grant))
        made = succeeded = 0
        while made < generations:
            n = min(rng.randint(1, 5), generations - made)
            outcome = router.handle(BUYER, ROOM, f"/imagine a fox {made} --model paid --n {n}")
            assert outcome.card is not None
            for job_id in outcome.job_ids:
                succeeded += settle_randomly(db, job_id, outcome.card.card_id, rng) == "succeeded"
            made += n
        with db.session() as s:
            owner = s.exec(select(Job.owner_id)).first()
            settlements = s.exec(select(func.count()).where(LedgerEntry.stage == "settle")).one()
            open_jobs = s.exec(
                select(func.count()).where(col(Job.state).in_(("queued", "running")))
            ).one()
            assert owner is not None and open_jobs == 0
            figures = ledger.balance_of(s, ledger.wallet_of(s, "user", owner))
        return LedgerSoak(
            backend,
            generations,
            succeeded,
            expected=float(grant - 2 * succeeded),
            balance=figures.balance / MILLI,
            held=figures.held / MILLI,
            settlements=settlements,
            seconds=time.perf_counter() - started,
        )
    finally:
        db.dispose()


def ledger_table(results: list[LedgerSoak]) -> list[str]:
    lines = [
        "ledger: paid generations ended by success, failure, cancel, takeover, retry, hand-back,"
        " each finished twice",
        f"{'backend':<9} {'jobs':>5} {'charged':>8} {'grants−charges':>15} {'balance':>8} "
        f"{'held':>5} {'settled':>8} {'seconds':>8}",
    ]
    for r in results:
        lines.append(
            f"{r.backend:<9} {r.generations:>5} {r.succeeded:>8} {r.expected:>15g} "
            f"{r.balance:>8g} {r.held:>5g} {r.settlements:>8} {r.seconds:>8.1f}"
            + ("" if r.exact else "  MISMATCH")
        )
    return lines
