"""Keeps card headers current while jobs run: queued → generating → done, per platform thread."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping

from core.ports import DeliverySink, HeaderSink
from core.presenter import Presenter

log = logging.getLogger(__name__)
STRIPES = 64  # per-card ordering with a bounded number of locks (cards sharing one just wait)


class HeaderRefresher:
    """Edits each thread's header message through its sink; best effort, at most once a second
    per card while generating (flood limits), always on the final state."""

    def __init__(
        self, presenter: Presenter, sinks: dict[str, DeliverySink], min_interval: float = 1.0
    ):
        self.presenter = presenter
        self.sinks = sinks
        self.min_interval = min_interval
        self._last: dict[int, float] = {}
        self._lock = threading.Lock()
        self._stripes = [threading.Lock() for _ in range(STRIPES)]

    def refresh(self, card_id: int, *, force: bool = False, status: str | None = None) -> int:
        """Refresh the card's headers on every platform this process can post to (`force`:
        a person changed the card, so skip the while-generating throttle; `status`: the card's
        status just settled, so a throttled refresh is skipped before anything is read)."""
        refreshers = {p: s for p, s in self.sinks.items() if isinstance(s, HeaderSink)}
        if not refreshers:
            return 0
        card_lock = self._stripes[card_id % STRIPES]
        # Render and send under the card's lock: a view rendered later is also sent later, so
        # two jobs finishing together never leave the older state on the header.
        with card_lock:
            if not force and status == "generating" and self._recent(card_id):
                return 0  # the job still running ends with a refresh that is never skipped
            return self._refresh(card_id, refreshers, force)

    def _recent(self, card_id: int) -> bool:
        with self._lock:
            return time.monotonic() - self._last.get(card_id, 0) < self.min_interval

    def _refresh(self, card_id: int, refreshers: Mapping[str, HeaderSink], force: bool) -> int:
        threads = self.presenter.headers(card_id, list(refreshers))
        if not threads:  # no header posted on these platforms: nothing to render
            return 0
        view = self.presenter.card_view(card_id)
        if view is None:
            return 0
        now = time.monotonic()
        with self._lock:
            recent = now - self._last.get(card_id, 0) < self.min_interval
            if view.status == "generating" and recent and not force:
                return 0
            self._last[card_id] = now
        done = 0
        for thread in threads:
            try:
                refreshers[thread.platform].refresh_header(
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
