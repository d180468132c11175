"""Graceful shutdown: hand held jobs and deliveries back to the queue, then stop in bounded time."""

from __future__ import annotations

import logging
import time
from collections import defaultdict

import dramatiq
from dramatiq.common import iter_queue

from core.db import Database
from core.jobs import release_delivery
from core.models import Delivery
from core.ports import JobQueue
from workers.generation import SHUT_DOWN, GenerationRunner
from workers.heartbeat import Heartbeat

log = logging.getLogger(__name__)
RELEASED = SHUT_DOWN
CONSUMER_JOIN = 2.0  # seconds: a consumer thread ends within its fetch timeout (100 ms)


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


def stop_fetching(worker: dramatiq.Worker) -> int:
    """Stop taking messages: no thread starts another one and no consumer fetches another, then
    put back the messages fetched ahead (prefetch) so other workers run them now. Returns how many.

    Only after this may held jobs be sent again: a consumer still running would fetch a
    handed-back job's message itself and sit on it until the end of the grace.
    """
    for thread in worker.workers:
        thread.stop()  # idle threads take nothing more; busy ones finish their message
    consumers = list(worker.consumers.values())
    for consumer in consumers:
        consumer.stop()
    deadline = time.monotonic() + CONSUMER_JOIN
    for consumer in consumers:
        consumer.join(max(deadline - time.monotonic(), 0.0))
        if consumer.is_alive():
            log.warning("consumer of %s did not stop in time", consumer.queue_name)
    ahead = defaultdict(list)
    for item in iter_queue(worker.work_queue):
        ahead[item.message.queue_name].append(item.message)
        worker.work_queue.task_done()
    for queue_name, messages in ahead.items():
        try:
            worker.consumers[queue_name].requeue_messages(messages)
        except Exception:  # noqa: BLE001 - the sweep re-sends their rows after the lost time
            log.warning("could not put back %d %s messages", len(messages), queue_name)
    return sum(len(messages) for messages in ahead.values())


def stop_worker(
    worker: dramatiq.Worker,
    generation: GenerationRunner,
    db: Database,
    queue: JobQueue,
    grace: float,
) -> None:
    """Stop fetching, release held jobs at once, give posts `grace` seconds, release the rest.

    Provider calls still running after `grace` are abandoned: their jobs were released at the
    start, so whatever they return is discarded by the lease check. Bounded by about 2 × grace.
    """
    started = time.monotonic()
    generation.close()  # a claim from now on is handed back by the thread that made it
    put_back = stop_fetching(worker)
    jobs = release_jobs(generation, queue)
    if generation.awaited is not None:  # the calls of released jobs: nothing left to keep
        generation.awaited.stop(grace)
    worker.stop(timeout=max(int(grace * 1000), 1))
    deliveries = release_deliveries(db, queue)
    if jobs or deliveries or put_back:
        log.warning(
            "shutdown released jobs %s, deliveries %s and %d fetched messages in %.1f s",
            jobs,
            deliveries,
            put_back,
            time.monotonic() - started,
        )
