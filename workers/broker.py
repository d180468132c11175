"""Dramatiq broker set-up and the actors; messages carry row ids only."""

from __future__ import annotations

import logging
from collections.abc import Callable

import dramatiq
from dramatiq.brokers.redis import RedisBroker
from dramatiq.brokers.stub import StubBroker

from core.log_context import log_ids

log = logging.getLogger(__name__)

PLATFORMS = ("console", "discord", "telegram", "bench")
GENERATE_QUEUE = "generate"
HEADERS_QUEUE = "headers"


def delivery_queue(platform: str) -> str:
    return f"deliver_{platform}"


def make_broker(redis_url: str | None, *, namespace: str = "lightbox") -> dramatiq.Broker:
    """A RedisBroker when a URL is set, else an in-process StubBroker."""
    if redis_url:
        return RedisBroker(url=redis_url, namespace=namespace)
    return StubBroker()


class Queues:
    """The JobQueue port over Dramatiq: declares the actors on its broker and sends ids."""

    def __init__(
        self,
        broker: dramatiq.Broker,
        *,
        generate: Callable[[int], None],
        deliver: Callable[[int, str], None],
        headers: Callable[[int], None] | None = None,
        max_retries: int = 5,
    ):
        self.broker = broker

        def refresh_headers(card_id: int) -> None:
            if headers is not None:
                with log_ids(card=card_id):
                    headers(card_id)

        # A header shows the card's current state; a lost refresh is repaired by the next one.
        self.headers_actor = dramatiq.actor(
            actor_name="refresh_headers",
            queue_name=HEADERS_QUEUE,
            broker=broker,
            max_retries=2,
            min_backoff=500,
            max_backoff=5_000,
        )(refresh_headers)

        def run_generation(job_id: int) -> None:
            with log_ids(job=job_id):
                generate(job_id)

        self.generate_actor = dramatiq.actor(
            actor_name="generate",
            queue_name=GENERATE_QUEUE,
            broker=broker,
            max_retries=max_retries,
            min_backoff=200,
            max_backoff=30_000,
            time_limit=15 * 60 * 1000,
        )(run_generation)
        self.deliver_actors = {}
        for platform in PLATFORMS:

            def run_delivery(delivery_id: int, platform: str = platform) -> None:
                with log_ids(delivery=delivery_id, platform=platform):
                    deliver(delivery_id, platform)

            self.deliver_actors[platform] = dramatiq.actor(
                actor_name=f"deliver_{platform}",
                queue_name=delivery_queue(platform),
                broker=broker,
                max_retries=max_retries,
                min_backoff=200,
                max_backoff=30_000,
            )(run_delivery)

    def enqueue_generation(self, job_id: int, delay_seconds: float | None = None) -> None:
        delay = int(delay_seconds * 1000) if delay_seconds else None
        try:
            self.generate_actor.send_with_options(args=(job_id,), delay=delay)
        except Exception:  # noqa: BLE001 - the row stays queued; the sweep sends it again
            log.exception("could not enqueue job %s; the recovery sweep will", job_id)

    def waiting_generation_messages(self) -> int | None:
        """Generation messages no worker has fetched yet (a backlog, when above zero)."""
        try:
            if isinstance(self.broker, RedisBroker):
                key = f"{self.broker.namespace}:{GENERATE_QUEUE}"
                return int(self.broker.client.llen(key))
            if isinstance(self.broker, StubBroker):
                return self.broker.queues[GENERATE_QUEUE].qsize()
        except Exception:  # noqa: BLE001 - unknown: the sweep falls back to its timeouts
            log.warning("could not count the generation queue", exc_info=True)
        return None

    def enqueue_header(self, card_id: int) -> None:
        try:
            self.headers_actor.send(card_id)
        except Exception:  # noqa: BLE001 - best effort: the next change refreshes it again
            log.warning("could not enqueue a header refresh of card %s", card_id)

    def enqueue_delivery(
        self, delivery_id: int, platform: str, delay_seconds: float | None = None
    ) -> None:
        actor = self.deliver_actors.get(platform)
        if actor is None:
            log.error("no delivery queue for platform %s", platform)
            return
        delay = int(delay_seconds * 1000) if delay_seconds else None
        try:
            actor.send_with_options(args=(delivery_id,), delay=delay)
        except Exception:  # noqa: BLE001 - the row stays pending; the sweep sends it again
            log.exception("could not enqueue delivery %s; the recovery sweep will", delivery_id)
