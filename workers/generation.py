"""Runs one generation job: claim it, call the provider, store the image, finish exactly once."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import CancelledError, Future
from dataclasses import replace
from datetime import timedelta
from functools import partial

from sqlmodel import Session, col, select

from core.cards import refresh_status
from core.catalog import ModelCatalog
from core.db import Database
from core.errors import BadInput, Busy, RemoteError, RetryLater
from core.fair_queue import blocked, claim_fairly, limited_waiting
from core.jobs import (
    Claim,
    create_deliveries,
    finish_job,
    hand_back_job,
    new_lease,
    park_job,
    release_job,
    stale_cutoff,
    take_remote_handle,
)
from core.models import Card, Job, Version
from core.models.base import utcnow
from core.ports import (
    GenerationResult,
    ImageProvider,
    Pending,
    Storage,
)
from workers.awaited import AWAITING, AwaitedCalls, Awaiting
from workers.generation_request import RequestBuilder
from workers.heartbeat import Heartbeat
from workers.job_outcomes import NOTHING, JobResult, RemoteQueue
from workers.media_results import Stored, store_result

log = logging.getLogger(__name__)
MAX_BACKOFF = 60.0
SHUT_DOWN = "the worker shut down; another one takes over"
CAPPED_RETRY = 1.0  # seconds before a slot whose jobs all wait behind limits looks again


class GenerationRunner:
    """Constructed with its database, storage, providers by name and the model catalogue."""

    def __init__(
        self,
        db: Database,
        storage: Storage,
        providers: dict[str, ImageProvider],
        catalog: ModelCatalog,
        *,
        max_retries: int = 3,
        max_delay: float = 3600.0,
        stale_seconds: float = 120.0,
        on_card_change: Callable[[int], None] | None = None,
        on_card_start: Callable[[int], None] | None = None,
        awaited: AwaitedCalls | None = None,
        on_finished: Callable[[JobResult], None] | None = None,
    ):
        """`awaited`: awaits the calls of providers that can be awaited; each such job ends on
        a finisher thread, whose result goes to `on_finished` (what the actor does otherwise).
        `on_card_start`: a job of the card started (its status stays "generating"); by default
        `on_card_change`."""
        self.db = db
        self.storage = storage
        self.providers = providers
        self.catalog = catalog
        self.max_retries = max_retries
        self.max_delay = max_delay
        self.stale_seconds = stale_seconds
        self.on_card_change = on_card_change or (lambda card_id: None)
        self.on_card_start = on_card_start or self.on_card_change
        self.on_finished = on_finished or (lambda result: None)
        self.awaited = awaited
        self.requests = RequestBuilder(db, storage, providers, catalog)
        self.closing = threading.Event()
        self._held: dict[int, str] = {}
        self._held_lock = threading.Lock()

    def close(self) -> None:
        """Shutdown begins: claim nothing more. A claim racing this call is handed back by the
        thread that made it, so every held job is either in `release_held` or handed back."""
        with self._held_lock:
            self.closing.set()

    def release_held(self, reason: str) -> list[int]:
        """Shutdown: give every job this process holds back to the queue; their ids.

        A provider call still running finds its lease gone when it returns and discards its result.
        """
        with self._held_lock:
            held = dict(self._held)
        released = []
        for job_id, lease in held.items():
            with self.db.session() as session:
                if hand_back_job(session, job_id, lease, reason):
                    released.append(job_id)
        return sorted(released)

    def run(self, job_id: int) -> JobResult:
        if self.closing.is_set():
            # Shutting down: claim nothing more; the message goes back to the queue at once.
            return JobResult([], retry_after=0.0)
        lease = new_lease()
        with self.db.session() as session:
            named = session.get(Job, job_id)  # kept for the claim's own look at it
            cancelled = named is not None and named.state == "cancelled" and named.remote_handle
            claimed = claim_fairly(session, job_id, lease, stale_cutoff(self.stale_seconds))
            cancelled_handle = take_remote_handle(session, job_id) if cancelled else None
            waiting = claimed is None and blocked(session)
        if cancelled_handle is not None:
            self._cancel_remote(job_id, cancelled_handle)
        if claimed is None:
            # Jobs wait only behind their owners' concurrency limits: this slot comes back.
            return JobResult([], retry_after=CAPPED_RETRY) if waiting else NOTHING
        job_id, claim = claimed
        with self._held_lock:
            stopping = self.closing.is_set()
            if not stopping:
                self._held[job_id] = lease
        if stopping:  # claimed while shutdown began: give it back now, not after the grace
            with self.db.session() as session:
                hand_back_job(session, job_id, lease, SHUT_DOWN)
            return JobResult([], retry_after=0.0)
        awaiting = False
        try:
            result = self._run_claimed(job_id, lease, claim)
            awaiting = result is None
        finally:
            if not awaiting:
                self._let_go(job_id)
        if result is None:  # its finisher ends it (and tells on_finished)
            return NOTHING
        return self._after(job_id, result)

    def _let_go(self, job_id: int) -> None:
        with self._held_lock:
            self._held.pop(job_id, None)
        if self.awaited is not None:
            self.awaited.let_go(job_id)

    def _after(self, job_id: int, result: JobResult) -> JobResult:
        if result.retry_after is None:
            with self.db.session() as session:
                if limited_waiting(session):  # a limited owner's next job may start now
                    return replace(result, retry_after=0.0, job_id=job_id)
        return replace(result, job_id=job_id)

    def _run_claimed(self, job_id: int, lease: str, claim: Claim) -> JobResult | None:
        """The job's result, or None while its call is awaited in the call pool."""
        try:
            outcome = self._attempt(job_id, lease, claim)
        except BaseException as exc:
            return self._failed(job_id, lease, claim, exc)
        if isinstance(outcome, Awaiting):
            return None
        return self._settle(job_id, lease, claim, outcome)

    def _failed(self, job_id: int, lease: str, claim: Claim, exc: BaseException) -> JobResult:
        """What a failed call means for its job; an unexpected error is released and raised."""
        if isinstance(exc, Busy):
            return self._wait_for_slot(job_id, lease, exc)
        if isinstance(exc, RetryLater):
            return self._retry_later(job_id, lease, claim, exc)
        if isinstance(exc, RemoteError):  # Permanent; Gone (the remote job vanished) fails it too
            return self._fail(job_id, lease, str(exc), claim.version_id)
        if isinstance(exc, BadInput):
            reason = f"the provider returned an unusable image: {exc}"
            return self._fail(job_id, lease, reason, claim.version_id)
        with self.db.session() as session:
            release_job(session, job_id, lease, error="worker error; retrying")
        raise exc

    def _settle(
        self,
        job_id: int,
        lease: str,
        claim: Claim,
        outcome: tuple[GenerationResult, Stored] | Pending | None,
    ) -> JobResult:
        """Finish the job with its image, or leave it parked (Pending) or cancelled (None)."""
        if outcome is None:
            return NOTHING
        if isinstance(outcome, Pending):
            return JobResult([], retry_after=outcome.poll_after)
        result, stored = outcome
        image = stored.image
        with self.db.session() as session:
            if not finish_job(session, job_id, lease, "succeeded", None):
                session.rollback()
                return NOTHING
            version, card = _version_and_card(session, claim.version_id)
            version.status = "done"
            version.image_sha = image.sha256
            version.provider = result.provider
            version.provider_seconds = round(result.seconds, 3)
            version.finished_at = utcnow()
            if version.operation != "generate":  # an edit's size and method: what it made
                version.width, version.height = image.width, image.height
                if result.info.get("label"):
                    version.op_params = version.op_params | {"method": result.info["label"]}
            if stored.media is not None:  # a video, audio or 3D file; image_sha is its poster
                version.media_kind, version.media_sha = stored.media.kind, stored.media.sha256
                version.media_mime = stored.media.mime
                version.duration_seconds = stored.duration_seconds
                version.width, version.height = stored.width, stored.height
            session.add(version)
            refresh_status(session, card)
            return JobResult(deliveries=create_deliveries(session, version), card_id=card.id)

    def _attempt(
        self, job_id: int, lease: str, claim: Claim
    ) -> tuple[GenerationResult, Stored] | Pending | Awaiting | None:
        """Ask the provider once: (result, what was stored), Pending (parked), None (cancelled),
        or AWAITING: the call was handed to the call pool."""
        polling = self._poller(claim)
        if polling is not None and claim.remote_handle is not None:
            # A remote queue holds the job: one short status call, no set-up, no heartbeat.
            result = polling.poll(claim.remote_handle)
        else:
            request, provider, card_id = self.requests.prepare(claim.version_id)
            self.on_card_start(card_id)
            awaited = self.awaited.accepts(provider) if self.awaited else None
            if self.awaited and awaited:  # no thread waits: a finisher ends the job
                finish = partial(self._finish_awaited, job_id, lease, claim)
                self.awaited.start(job_id, lease, awaited, request, finish)
                return AWAITING
            with Heartbeat(self.db, job_id, lease, interval=max(self.stale_seconds / 4, 0.2)):
                result = provider.generate(request)
        return self._received(job_id, lease, claim, result)

    def _finish_awaited(
        self, job_id: int, lease: str, claim: Claim, call: Future[GenerationResult | Pending]
    ) -> None:
        """On a finisher thread: end the job as a blocking call would have, exactly once."""
        try:
            try:
                outcome = self._received(job_id, lease, claim, call.result())
            except CancelledError:  # shutdown: the job was handed back already
                return
            except BaseException as exc:  # noqa: BLE001 - decided as for a blocking call
                try:
                    result = self._failed(job_id, lease, claim, exc)
                except BaseException:  # released: sent again after the usual backoff
                    log.exception("job %s: the awaited provider call failed", job_id)
                    delay = min(2.0 ** max(claim.attempts - 1, 0), MAX_BACKOFF)
                    result = JobResult([], retry_after=delay)
            else:
                result = self._settle(job_id, lease, claim, outcome)
        finally:
            self._let_go(job_id)
        self.on_finished(self._after(job_id, result))

    def _received(
        self, job_id: int, lease: str, claim: Claim, result: GenerationResult | Pending
    ) -> tuple[GenerationResult, Stored] | Pending | None:
        """Park a Pending job, or store the result (an image, or a media file and its poster,
        workers.media_results): (result, what was stored), Pending or None."""
        if isinstance(result, Pending):
            with self.db.session() as session:
                parked = park_job(session, job_id, lease, result.handle, result.progress)
            if not parked:  # cancelled (or taken over) while the provider was asked
                self._cancel_remote(job_id, result.handle)
                return None
            return result
        return result, store_result(self.storage, result, self.catalog.get(claim.model))

    def _retry_later(self, job_id: int, lease: str, claim: Claim, exc: RetryLater) -> JobResult:
        """Re-enqueue after the server's delay (else backoff) within the job's retry budget."""
        attempts = claim.attempts
        delay = exc.delay if exc.delay is not None else min(2.0 ** (attempts - 1), MAX_BACKOFF)
        if attempts > self.max_retries:
            reason = f"gave up after {attempts} attempts: {exc}"
            return self._fail(job_id, lease, reason, claim.version_id)
        if delay > self.max_delay:
            return self._fail(
                job_id,
                lease,
                f"the provider asked to wait {delay:.0f} s, longer than Lightbox waits "
                f"({self.max_delay:.0f} s): {exc}",
                claim.version_id,
            )
        with self.db.session() as session:
            if release_job(session, job_id, lease, error=str(exc)[:500]):
                # The recovery sweep re-sends jobs queued longer than its limit: date the row
                # at its due time so a long server delay is not cut short by the sweep.
                job = session.get(Job, job_id)
                if job is not None:
                    job.enqueued_at = utcnow() + timedelta(seconds=delay)
                    session.add(job)
        log.warning("job %s: %s; retry in %.1fs", job_id, exc, delay)
        return JobResult(deliveries=[], retry_after=delay)

    def _wait_for_slot(self, job_id: int, lease: str, exc: Busy) -> JobResult:
        """The backend is at its concurrency limit: back to the queue, its attempt given back."""
        delay = exc.delay if exc.delay is not None else CAPPED_RETRY
        with self.db.session() as session:
            if hand_back_job(session, job_id, lease, str(exc)):
                job = session.get(Job, job_id)
                if job is not None:  # dated at its due time, as in _retry_later
                    job.enqueued_at = utcnow() + timedelta(seconds=delay)
                    session.add(job)
        log.info("job %s: %s; trying again in %.1fs", job_id, exc, delay)
        return JobResult(deliveries=[], retry_after=delay)

    def _poller(self, claim: Claim) -> RemoteQueue | None:
        """The provider to poll, when the claimed job waits in a remote queue."""
        if claim.remote_handle is None:
            return None
        provider = self.providers.get(self.catalog.get(claim.model).provider)
        return provider if isinstance(provider, RemoteQueue) else None

    def _cancel_remote(self, job_id: int, handle: str) -> None:
        """The user cancelled a job a remote queue still holds: tell the provider (best effort)."""
        with self.db.session() as session:
            version = _version_of(session, job_id)
            provider = self.providers.get(self.catalog.get(version.model).provider)
        if not isinstance(provider, RemoteQueue):
            return
        try:
            provider.cancel(handle)
        except RemoteError as exc:
            log.warning("could not cancel job %s remotely: %s", job_id, exc)

    def _fail(self, job_id: int, lease: str, reason: str, version_id: int) -> JobResult:
        with self.db.session() as session:
            if not finish_job(session, job_id, lease, "failed", reason[:500]):
                session.rollback()
                return NOTHING
            version, card = _version_and_card(session, version_id)
            version.status = "failed"
            version.error = reason[:500]
            version.finished_at = utcnow()
            session.add(version)
            refresh_status(session, card)
            return JobResult(deliveries=create_deliveries(session, version), card_id=card.id)


def _version_and_card(session: Session, version_id: int) -> tuple[Version, Card]:
    """The finished job's version and its card, read in one statement."""
    found = session.exec(
        select(Version, Card)
        .join(Card, col(Card.id) == col(Version.card_id))
        .where(col(Version.id) == version_id)
    ).one()
    return found[0], found[1]


def _version_of(session: Session, job_id: int, version_id: int | None = None) -> Version:
    """The job's version (`version_id`: already known from the claim, so no read of the job)."""
    if version_id is None:
        job = session.get(Job, job_id)
        assert job is not None
        version_id = job.version_id
    version = session.get(Version, version_id)
    assert version is not None
    return version
