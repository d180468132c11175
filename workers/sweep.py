"""The recovery sweep: re-enqueue jobs and deliveries whose broker message or worker was lost."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from datetime import datetime

from core.db import Database
from core.jobs import (
    orphaned_deliveries,
    orphaned_jobs,
    requeued,
    stale_cutoff,
)
from core.ports import CountingQueue, JobQueue, Storage
from core.storage import referenced_images

BACKLOG_PATIENCE = 300.0  # seconds an old queued job may wait behind a non-empty queue
ORPHAN_AGE = 3600.0  # seconds: no transaction that stores a file stays open this long

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SweepReport:
    jobs: list[int]
    deliveries: list[int]
    files: list[str]


class Sweeper:
    """Finds rows the broker forgot (Redis wiped) or a dead worker left, and sends them again."""

    def __init__(
        self,
        db: Database,
        queue: JobQueue,
        *,
        stale_seconds: float = 20.0,
        lost_after_seconds: float = 10.0,
        storage: Storage | None = None,
        orphan_age: float = ORPHAN_AGE,
    ):
        self.db = db
        self.queue = queue
        self.stale_seconds = stale_seconds
        self.lost_after_seconds = lost_after_seconds
        self.storage = storage
        self.orphan_age = orphan_age
        self._files_swept_at = float("-inf")

    @property
    def cadence(self) -> float:
        """How often a sweep is worth running: half the shortest wait it checks for.

        A row is then re-sent at most `wait + cadence` after it was lost: with the defaults a lost
        message within 15 s and a dead worker's job within 30 s.
        """
        return max(0.1, min(self.stale_seconds, self.lost_after_seconds) / 2)

    def sweep(self, *, lost_before: datetime | None = None) -> SweepReport:
        """Re-send what looks lost. `lost_before`: rows queued before then have no message at all
        (an in-process broker that did not exist yet), so they are re-sent whatever their age."""
        waiting = (
            self.queue.waiting_generation_messages()
            if isinstance(self.queue, CountingQueue)
            else None
        )
        # While messages still wait in the broker, an old queued job is most likely behind
        # them (a backlog, not a loss): re-sending it would only pile duplicates on the queue.
        # Past BACKLOG_PATIENCE it is re-sent anyway, so a lost one never starves.
        lost_after = self.lost_after_seconds if not waiting else BACKLOG_PATIENCE
        queued_before = stale_cutoff(max(lost_after, self.lost_after_seconds))
        pending_before = stale_cutoff(self.lost_after_seconds)
        if lost_before is not None:
            queued_before = max(queued_before, lost_before)
            pending_before = max(pending_before, lost_before)
        with self.db.session() as session:
            stale_before = stale_cutoff(self.stale_seconds)
            jobs = orphaned_jobs(session, queued_before=queued_before, stale_before=stale_before)
            jobs = requeued(session, jobs, queued_before=queued_before, stale_before=stale_before)
            deliveries = orphaned_deliveries(
                session, pending_before=pending_before, stale_before=stale_before
            )
        for job_id in jobs:
            self.queue.enqueue_generation(job_id)
        for delivery_id, platform in deliveries:
            self.queue.enqueue_delivery(delivery_id, platform)
        if jobs or deliveries:
            log.info("sweep re-enqueued %d jobs, %d deliveries", len(jobs), len(deliveries))
        return SweepReport(jobs=jobs, deliveries=[d for d, _ in deliveries], files=self._files())

    def _files(self) -> list[str]:
        """Stored files no row references (a killed upload), at most once per `orphan_age`."""
        now = time.monotonic()
        if self.storage is None or now - self._files_swept_at < self.orphan_age:
            return []
        self._files_swept_at = now
        with self.db.session() as session:
            referenced = referenced_images(session)
        removed = self.storage.collect_orphans(referenced, older_than=self.orphan_age)
        if removed:
            log.info("sweep removed %d stored files no version or ref uses", len(removed))
        return removed


class PeriodicSweep:
    """Runs the sweep every `interval` seconds (at most the sweeper's cadence) until stopped."""

    def __init__(self, sweeper: Sweeper, interval: float):
        self.sweeper = sweeper
        self.interval = min(interval, sweeper.cadence)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="sweep", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.sweeper.sweep()
            except Exception:  # noqa: BLE001 - the next tick tries again
                log.exception("sweep failed")
