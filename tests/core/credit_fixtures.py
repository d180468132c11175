"""A Studio with a paid model on a real database, and the ledger figures tests compare."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.router import CommandRouter
from core import credits, ledger
from core.billing import Billing
from core.catalog import LOCAL_PREVIEW, ModelCatalog, ModelProfile
from core.db import Database
from core.identity import Actor, Place
from core.plans import PlanBook
from core.storage import LocalStorage
from core.studio import Studio
from tests.reliability.studio_state import RecordingQueue

PAID = ModelProfile(id="paid", label="Paid Model", provider="local", cost={"1K": 2.0, "2K": 3.0})
PRO_ONLY = ModelProfile(
    id="proonly", label="Pro Model", provider="local", cost={"1K": 5.0}, plans=("pro",)
)
ALICE = Actor("console", "alice", "Alice")
BOB = Actor("console", "bob", "Bob")
HERE = Place("console", "room")


def catalog() -> ModelCatalog:
    return ModelCatalog(profiles={"local": LOCAL_PREVIEW, "paid": PAID, "proonly": PRO_ONLY})


@dataclass
class Desk:
    """What a credits test drives: the studio, its router, the database and the queue."""

    studio: Studio
    router: CommandRouter
    db: Database
    queue: RecordingQueue

    def grant(self, who: str, amount: str) -> None:
        with self.db.session() as session:
            credits.grant(session, who, amount)

    def figures(self, owner_kind: str, owner_id: int) -> ledger.Balance:
        with self.db.session() as session:
            return ledger.balance_of(session, ledger.wallet_of(session, owner_kind, owner_id))


def make_desk(db_url: str, storage: Path, plans: PlanBook | None = None) -> Desk:
    db = Database.from_url(db_url)
    queue = RecordingQueue()
    studio = Studio(db, LocalStorage(storage), queue, catalog(), billing=Billing(plans))
    return Desk(studio, CommandRouter(studio), db, queue)
