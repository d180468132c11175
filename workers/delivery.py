"""Runs one delivery: claim it, render the version, post it through the platform's sink once."""

from __future__ import annotations

import logging
import threading
from typing import Protocol, runtime_checkable

from core.db import Database
from core.errors import Gone, LostAccess, Moved, Permanent, RetryLater
from core.jobs import (
    again,
    fail_delivery,
    finish_delivery,
    new_lease,
    release_delivery,
    stale_cutoff,
    take_delivery,
)
from core.lost_chats import forget_lost
from core.models import Delivery
from core.ports import DeliverySink, RemovingSink
from core.presenter import Presenter
from core.threads import chat_of, move_chat
from core.views import VersionView
from workers.heartbeat import Heartbeat
from workers.owner_notice import OwnerNotice

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 6
MAX_BACKOFF = 60.0


@runtime_checkable
class KeyedSink(Protocol):
    """A sink whose platform de-duplicates a repeated post by a key (Discord's message nonce)."""

    def post_keyed(self, view: VersionView, target: str, message_id: str | None, key: str) -> str:
        """`DeliverySink.post`, sent with `key` so a retried post returns the first message."""
        ...


class DeliveryRunner:
    """Constructed with the presenter (for rendering) and the sinks this process posts through.

    Every delivery ends in one of three ways: sent (or removed), failed for good with the reason
    on its row (`Permanent`, or `max_attempts` used up), or released to be sent again after the
    server's delay or a backoff: `run` then raises `RetryLater` with that delay for the caller
    to re-enqueue. `Gone` on a take-down is done; `Moved` re-keys the chat and retries at once;
    `LostAccess` fails it and the `notice` tells the project's owners once per chat and reason.
    """

    def __init__(
        self,
        db: Database,
        presenter: Presenter,
        sinks: dict[str, DeliverySink],
        *,
        stale_seconds: float = 60.0,
        max_attempts: int = MAX_ATTEMPTS,
        notice: OwnerNotice | None = None,
    ):
        self.presenter = presenter
        self.notice = notice or OwnerNotice(db, sinks)
        self.db = db
        self.sinks = sinks
        self.stale_seconds = stale_seconds
        self.max_attempts = max_attempts
        self._reported: set[tuple[str, str, str]] = set()
        self._lock = threading.Lock()

    def run(self, delivery_id: int) -> bool:
        """Post the delivery; False when it was already sent or is being sent elsewhere."""
        lease = new_lease()
        with self.db.session() as session:
            delivery = take_delivery(session, delivery_id, lease, stale_cutoff(self.stale_seconds))
            if delivery is None:
                return False
        sink = self.sinks.get(delivery.platform)
        if sink is None:
            with self.db.session() as session:
                release_delivery(session, delivery_id, lease, f"no sink for {delivery.platform}")
            raise RuntimeError(f"this process cannot post to {delivery.platform}")
        try:
            message_id, state = self._send(sink, delivery)
        except LostAccess as exc:
            self._tell_owner(delivery, exc)  # first, so a finished delivery means "told"
            self._give_up(delivery, lease, f"lost access ({exc.reason}): {exc}")
            return True
        except Permanent as exc:
            self._give_up(delivery, lease, f"refused: {exc}")
            return True
        except Moved as exc:
            if delivery.attempts >= self.max_attempts:
                self._give_up(delivery, lease, f"moved too often: {exc}")
                return True
            self._move(delivery, lease, exc)
            raise RetryLater(f"delivery {delivery_id} re-keyed to {exc.new_target}", 0.0) from exc
        except Gone as exc:
            self._give_up(delivery, lease, f"gone: {exc}")
            return True
        except Exception as exc:  # noqa: BLE001 - RetryLater, network trouble, a bug: bounded
            self._retry(delivery, lease, exc)  # raises RetryLater unless it gave up
            return True
        with self.db.session() as session:
            finished = finish_delivery(
                session, delivery_id, lease, message_id=message_id, error=None, state=state
            )
            if finished and state is None:  # posted: the chat is reachable (again)
                forget_lost(session, delivery.platform, delivery.target)
        if finished:
            self._settle(delivery, state or "sent")
        return True

    def _settle(self, delivery: Delivery, ended: str) -> None:
        """An archive or undo committed while this was sent found it busy: send it once more.

        Both sides look after their own commit (the studio resyncs again after it), so one of
        them sees the other's word."""
        assert delivery.id is not None
        archived, review = self.presenter.visibility(delivery.version_id)
        hidden = archived or (delivery.kind == "showcase" and review != "approved")
        if hidden == (ended == "removed"):
            return
        with self.db.session() as session:
            if again(session, delivery.id, ended):
                raise RetryLater(f"delivery {delivery.id} changed while it was sent", 0.0)

    def _tell_owner(self, delivery: Delivery, exc: LostAccess) -> None:
        try:
            self.notice.lost(delivery, exc)
        except Exception:  # noqa: BLE001 - the delivery already ended; the row says why
            log.exception("could not record or tell the lost chat of delivery %s", delivery.id)

    def _send(self, sink: DeliverySink, delivery: Delivery) -> tuple[str | None, str | None]:
        """Post, edit or take down; (message id, state) to record in the same step."""
        assert delivery.id is not None
        view = self.presenter.version_view(delivery.version_id)
        beat = max(self.stale_seconds / 4, 0.2)
        with Heartbeat(self.db, delivery.id, delivery.lease or "", interval=beat, model=Delivery):
            if view.archived or (delivery.kind == "showcase" and view.review != "approved"):
                # Archived (or an un-approved showcase shot) since: take the post down if it is
                # up and the platform can; a thread message is posted again on undo.
                if delivery.message_id and isinstance(sink, RemovingSink):
                    try:
                        sink.remove(delivery.target, delivery.message_id)
                    except Gone:
                        log.info(
                            "%s post %s was already deleted", delivery.kind, delivery.message_id
                        )
                return None, "removed"
            if isinstance(sink, KeyedSink):
                key = f"lbd{delivery.id}"
                return sink.post_keyed(view, delivery.target, delivery.message_id, key), None
            return sink.post(view, delivery.target, delivery.message_id), None

    def _give_up(self, delivery: Delivery, lease: str, reason: str) -> None:
        assert delivery.id is not None
        with self.db.session() as session:
            fail_delivery(session, delivery.id, lease, reason)
        chat = chat_of(delivery.target)
        with self._lock:
            first = (delivery.platform, chat, reason) not in self._reported
            self._reported.add((delivery.platform, chat, reason))
        if first:  # the same refusal in the same chat is logged once per process
            log.warning(
                "delivery %s to %s chat %s failed for good (%s); not retried",
                delivery.id,
                delivery.platform,
                chat,
                reason,
            )

    def _move(self, delivery: Delivery, lease: str, moved: Moved) -> None:
        assert delivery.id is not None
        old, new = chat_of(delivery.target), chat_of(moved.new_target)
        log.info("%s chat %s moved to %s: re-keying its cards", delivery.platform, old, new)
        with self.db.session() as session:
            move_chat(session, delivery.platform, old, new)
            release_delivery(session, delivery.id, lease, str(moved))

    def _retry(self, delivery: Delivery, lease: str, exc: Exception) -> None:
        """Release for another attempt after the server's delay (or a backoff), or give up."""
        assert delivery.id is not None
        attempts = delivery.attempts  # the claim counted this one
        if attempts >= self.max_attempts:
            self._give_up(delivery, lease, f"gave up after {attempts} attempts: {exc}")
            return
        delay = exc.delay if isinstance(exc, RetryLater) else None
        if delay is None:
            delay = min(2.0 ** (attempts - 1), MAX_BACKOFF)
        with self.db.session() as session:
            release_delivery(session, delivery.id, lease, str(exc)[:500], delay)
        log.info("delivery %s: %s; again in %.1fs", delivery.id, exc, delay)
        raise RetryLater(f"delivery {delivery.id}: {exc}", delay) from exc
