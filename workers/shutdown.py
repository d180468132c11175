"""Graceful shutdown: hand held jobs and deliveries back to the queue, then stop in bounded time."""

from __future__ import annotations

import logging
import time

import dramatiq

from core.db import Database
from core.jobs import release_delivery
from core.models import Delivery
from core.ports import JobQueue
from workers.generation import GenerationRunner
from workers.heartbeat import Heartbeat

log = logging.getLogger(__name__)
RELEASED = "the worker shut down; another one takes over"


def release_jobs(generation: GenerationRunner, queue: JobQueue) -> list[int]:
    """Give back every job this process holds and send each again, so another worker starts now."""
    released = generation.release_held(RELEASED)
    for job_id in released:
        queue.enqueue_generation(job_id)
    return released


def release_deliveries(db: Database, queue: JobQueue) -> list[int]:
    """Give back every delivery this process is still posting (its post outlived the grace)."""
    released = []
    for beat in Heartbeat.held(db):
        if beat.model is not Delivery:
            continue
        with db.session() as session:
            delivery = session.get(Delivery, beat.job_id)
            platform = delivery.platform if delivery is not None else None
            ok = release_delivery(session, beat.job_id, beat.lease, RELEASED)
        if ok and platform is not None:
            queue.enqueue_delivery(beat.job_id, platform)
            released.append(beat.job_id)
    return released


def stop_worker(
    worker: dramatiq.Worker,
    generation: GenerationRunner,
    db: Database,
    queue: JobQueue,
    grace: float,
) -> None:
    """Stop consuming, release held jobs at once, give posts `grace` seconds, release the rest.

    Provider calls still running after `grace` are abandoned: their jobs were released at the
    start, so whatever they return is discarded by the lease check. Bounded by about 2 × grace.
    """
    started = time.monotonic()
    generation.closing.set()
    for thread in worker.workers:
        thread.stop()  # idle threads take nothing more; busy ones finish their message
    jobs = release_jobs(generation, queue)
    worker.stop(timeout=max(int(grace * 1000), 1))
    jobs += release_jobs(generation, queue)  # claimed in the moment before the threads stopped
    deliveries = release_deliveries(db, queue)
    if jobs or deliveries:
        log.warning(
            "shutdown released jobs %s and deliveries %s in %.1f s",
            sorted(jobs),
            deliveries,
            time.monotonic() - started,
        )
