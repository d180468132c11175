"""Keeps card headers current while jobs run: queued → generating → done, per platform thread."""

from __future__ import annotations

import logging
import threading
import time

from sqlmodel import col, select

from core.models import CardThread
from core.ports import DeliverySink
from core.studio_base import StudioBase

log = logging.getLogger(__name__)


class HeaderRefresher:
    """Edits each thread's header message through its sink; best effort, at most once a second
    per card while generating (flood limits), always on the final state."""

    def __init__(
        self, studio: StudioBase, sinks: dict[str, DeliverySink], min_interval: float = 1.0
    ):
        self.studio = studio
        self.sinks = sinks
        self.min_interval = min_interval
        self._last: dict[int, float] = {}
        self._lock = threading.Lock()

    def refresh(self, card_id: int) -> int:
        """Refresh the card's headers on every platform this process can post to."""
        refreshers = {p: s for p, s in self.sinks.items() if hasattr(s, "refresh_header")}
        if not refreshers:
            return 0
        view = self.studio.card_view_by_id(card_id)
        if view is None:
            return 0
        now = time.monotonic()
        with self._lock:
            if view.status == "generating" and now - self._last.get(card_id, 0) < self.min_interval:
                return 0
            self._last[card_id] = now
        with self.studio.db.session() as session:
            threads = session.exec(
                select(CardThread).where(
                    CardThread.card_id == card_id,
                    col(CardThread.platform).in_(list(refreshers)),
                    col(CardThread.header_message_id).is_not(None),
                )
            ).all()
        done = 0
        for thread in threads:
            try:
                refreshers[thread.platform].refresh_header(  # type: ignore[attr-defined]
                    view, thread.target, thread.header_message_id
                )
                done += 1
            except Exception:  # noqa: BLE001 - a stale header is not worth failing a job
                log.warning(
                    "could not refresh the header of card %s on %s",
                    card_id,
                    thread.platform,
                    exc_info=True,
                )
        return done
