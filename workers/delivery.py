"""Runs one delivery: claim it, render the version, post it through the platform's sink once."""

from __future__ import annotations

import logging

from core.db import Database
from core.jobs import claim_delivery, finish_delivery, new_lease, release_delivery, stale_cutoff
from core.models import Delivery
from core.ports import DeliverySink, RemovingSink
from core.presenter import Presenter
from workers.heartbeat import Heartbeat

log = logging.getLogger(__name__)


class DeliveryRunner:
    """Constructed with the presenter (for rendering) and the sinks this process posts through."""

    def __init__(
        self,
        db: Database,
        presenter: Presenter,
        sinks: dict[str, DeliverySink],
        *,
        stale_seconds: float = 60.0,
    ):
        self.presenter = presenter
        self.db = db
        self.sinks = sinks
        self.stale_seconds = stale_seconds

    def run(self, delivery_id: int) -> bool:
        """Post the delivery; False when it was already sent or is being sent elsewhere."""
        lease = new_lease()
        with self.db.session() as session:
            if not claim_delivery(session, delivery_id, lease, stale_cutoff(self.stale_seconds)):
                return False
            delivery = session.get(Delivery, delivery_id)
            assert delivery is not None
        sink = self.sinks.get(delivery.platform)
        if sink is None:
            with self.db.session() as session:
                release_delivery(session, delivery_id, lease, f"no sink for {delivery.platform}")
            raise RuntimeError(f"this process cannot post to {delivery.platform}")
        state = None
        try:
            view = self.presenter.version_view(delivery.version_id)
            beat = max(self.stale_seconds / 4, 0.2)
            with Heartbeat(self.db, delivery_id, lease, interval=beat, model=Delivery):
                if delivery.kind == "showcase" and view.review != "approved":
                    # Un-approved since: take the showcase post down (if it was ever up).
                    if delivery.message_id and isinstance(sink, RemovingSink):
                        sink.remove(delivery.target, delivery.message_id)
                    message_id, state = None, "removed"
                else:
                    message_id = sink.post(view, delivery.target, delivery.message_id)
        except Exception as exc:
            with self.db.session() as session:
                release_delivery(session, delivery_id, lease, str(exc)[:500])
            raise
        with self.db.session() as session:
            finish_delivery(
                session, delivery_id, lease, message_id=message_id, error=None, state=state
            )
        return True
