"""One side of the race for the last credits: a separate process asking for a paid image."""

from __future__ import annotations

from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from pathlib import Path

from core.errors import BadInput
from tests.core.credit_fixtures import ALICE, HERE, make_desk


def spend(db_url: str, storage: str, card_id: int, barrier: Barrier, answers: Queue[str]) -> None:
    """Wait for the other process, then queue one paid version; puts "queued" or the refusal."""
    desk = make_desk(db_url, Path(storage))
    try:
        barrier.wait(timeout=30)
        outcome = desk.studio.new_version(ALICE, HERE, card_id=card_id)
        answers.put("queued" if outcome.job_ids else "nothing")
    except BadInput as exc:
        answers.put(f"refused: {exc}")
    finally:
        desk.db.dispose()
