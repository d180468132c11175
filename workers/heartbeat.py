"""A background thread that keeps a running job's heartbeat fresh while its provider works."""

from __future__ import annotations

import threading
from types import TracebackType

from core.db import Database
from core.jobs import heartbeat
from core.models import Delivery, Job


class Heartbeat:
    """Context manager: refreshes a job's (or delivery's) heartbeat every `interval` seconds."""

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

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
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
