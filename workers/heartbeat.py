"""A background thread that keeps a running job's heartbeat fresh while its provider works."""

from __future__ import annotations

import threading
from types import TracebackType
from typing import ClassVar

from core.db import Database
from core.jobs import heartbeat
from core.models import Delivery, Job


class Heartbeat:
    """Context manager: refreshes a job's (or delivery's) heartbeat every `interval` seconds.

    While it runs it is listed in `Heartbeat.held(db)`, so a stopping process knows which rows
    it holds and can give them back at once instead of letting them go stale.
    """

    _active: ClassVar[set[Heartbeat]] = set()
    _active_lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(
        self,
        db: Database,
        job_id: int,
        lease: str,
        interval: float,
        model: type[Job] | type[Delivery] = Job,
    ):
        self.db = db
        self.model = model
        self.job_id = job_id
        self.lease = lease
        self.interval = interval
        self.lost = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"heartbeat-{job_id}", daemon=True)

    @classmethod
    def held(cls, db: Database) -> list[Heartbeat]:
        """The rows this process is working on right now in `db` (jobs and deliveries)."""
        with cls._active_lock:
            return [beat for beat in cls._active if beat.db is db]

    def __enter__(self) -> Heartbeat:
        with self._active_lock:
            self._active.add(self)
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        with self._active_lock:
            self._active.discard(self)
        self._stop.set()
        self._thread.join(timeout=5)

    def _beat(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                with self.db.session() as session:
                    if not heartbeat(session, self.model, self.job_id, self.lease):
                        self.lost.set()
                        return
            except Exception:  # noqa: BLE001 - a missed beat is retried on the next tick
                continue


class LeaseKeeper:
    """One thread that keeps the heartbeats of every awaited job of this process fresh.

    A job whose provider call is awaited (workers.call_pool) holds no thread of its own, so it
    gets no `Heartbeat`: it is listed here from its claim until its call is finished, and one
    beat per job per `interval` keeps another worker from taking it over while it is alive.
    """

    def __init__(self, db: Database, interval: float):
        self.db = db
        self.interval = interval
        self._leases: dict[int, str] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def hold(self, job_id: int, lease: str) -> None:
        with self._lock:
            self._leases[job_id] = lease
            if self._thread is None or not self._thread.is_alive():
                self._stop.clear()
                self._thread = threading.Thread(target=self._beat, name="leases", daemon=True)
                self._thread.start()

    def drop(self, job_id: int) -> None:
        with self._lock:
            self._leases.pop(job_id, None)

    def held(self) -> dict[int, str]:
        with self._lock:
            return dict(self._leases)

    def stop(self) -> None:
        self._stop.set()
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout=5)

    def _beat(self) -> None:
        while not self._stop.wait(self.interval):
            leases = self.held()
            if not leases:
                continue
            try:
                with self.db.session() as session:
                    for job_id, lease in leases.items():
                        if not heartbeat(session, Job, job_id, lease):
                            self.drop(job_id)  # cancelled or taken over: its finish is refused
            except Exception:  # noqa: BLE001 - a missed beat is retried on the next tick
                continue
