"""Assembles a Lightbox process: database, storage, broker, runners, studio, worker and sweep."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable

import dramatiq
from dramatiq.brokers.stub import StubBroker
from dramatiq.common import QueueJoinTimeout
from sqlmodel import col, func, select

from core.billing import Billing
from core.bindings import ThreadBindings
from core.catalog import ModelCatalog
from core.db import Database
from core.errors import LightboxError, RetryLater
from core.models import Delivery, Job
from core.models.base import utcnow
from core.plans import plans_for
from core.ports import DeliverySink, ImageProvider, Storage
from core.settings import Settings
from core.storage_config import open_storage
from core.studio import Studio
from workers.assistant_llm import build_assistant
from workers.awaited import AwaitedCalls
from workers.broker import GENERATE_QUEUE, HEADERS_QUEUE, Queues, delivery_queue, make_broker
from workers.call_pool import CallPool
from workers.delivery import DeliveryRunner
from workers.generation import GenerationRunner
from workers.headers import HeaderRefresher
from workers.heartbeat import LeaseKeeper
from workers.job_outcomes import JobResult
from workers.providers.gpu_slots import SlotBoard
from workers.providers.registry import configure
from workers.shutdown import stop_worker
from workers.sweep import PeriodicSweep, Sweeper

log = logging.getLogger(__name__)


class Runtime:
    """Everything one process needs; `start_worker` makes it consume jobs too."""

    def __init__(
        self,
        settings: Settings,
        *,
        sinks: dict[str, DeliverySink] | None = None,
        providers: dict[str, ImageProvider] | None = None,
        catalog: ModelCatalog | None = None,
        namespace: str = "lightbox",
        storage: Storage | None = None,
    ):
        self.settings = settings
        self.namespace = namespace  # Redis keys of this deployment (broker, slots, seen updates)
        self.born = utcnow()  # an in-process broker holds no message for rows older than this
        self.db = Database.from_url(settings.resolved_database_url)
        # The sinks read images through the same store (`open_storage(settings)` for both).
        self.storage = storage or open_storage(settings)
        if catalog is None or providers is None:
            # Self-hosted backends share their slot limits with every worker on this Redis.
            board = SlotBoard.from_url(settings.redis_url, namespace=namespace)
            built_catalog, built_providers = configure(slots=board)
            catalog = catalog or built_catalog
            providers = providers or built_providers
        self.catalog = catalog
        default = settings.default_model or self.catalog.default
        if default not in self.catalog.profiles:
            raise LightboxError(
                f'LIGHTBOX_DEFAULT_MODEL: unknown model "{default}"; '
                f"available: {', '.join(self.catalog.ids())}"
            )
        self.catalog.default = default
        self.providers = providers
        self.sinks = sinks or {}
        check_ports(self.sinks, self.providers)
        self.broker = make_broker(settings.redis_url, namespace=namespace)
        # Calls that can be awaited hold no worker thread: up to provider_calls at once.
        self.calls = CallPool(settings.provider_calls, finishers=settings.worker_threads)
        beat = max(settings.job_stale_seconds / 4, 0.2)  # as a blocking call's Heartbeat
        self.generation = GenerationRunner(
            self.db,
            self.storage,
            self.providers,
            self.catalog,
            max_retries=settings.job_max_retries,
            stale_seconds=settings.job_stale_seconds,
            on_card_change=self._card_changed,
            on_card_start=self._card_started,
            awaited=AwaitedCalls(self.calls, LeaseKeeper(self.db, interval=beat)),
            on_finished=self._settled,
        )
        self.queues = Queues(
            self.broker,
            generate=self._generate,
            deliver=self._deliver,
            headers=self._refresh_headers,
        )
        self.billing = Billing(plans_for(settings.plans_file))
        self.studio = Studio(
            self.db,
            self.storage,
            self.queues,
            self.catalog,
            build_assistant(settings.assistant),
            billing=self.billing,
        )
        self.studio.public_url = settings.public_url
        self.presenter = self.studio.presenter
        self.bindings = ThreadBindings(self.db)
        self.headers = HeaderRefresher(self.presenter, self.sinks)
        self.deliveries = DeliveryRunner(
            self.db, self.presenter, self.sinks, stale_seconds=settings.job_stale_seconds
        )
        self.sweeper = Sweeper(
            self.db,
            self.queues,
            stale_seconds=settings.job_stale_seconds,
            lost_after_seconds=settings.job_lost_seconds,
            storage=self.storage,
        )
        self.worker: dramatiq.Worker | None = None
        self.periodic: PeriodicSweep | None = None

    def _card_changed(self, card_id: int) -> None:
        # Jobs of one card finish concurrently: each recomputes the status after its own commit,
        # so the last one to finish always leaves it right.
        status = self.presenter.settle_status(card_id)
        self.headers.refresh(card_id, status=status)

    def _card_started(self, card_id: int) -> None:
        # queued → generating leaves the card "generating": nothing to settle, and the header
        # edit is skipped within the throttle before anything is read.
        self.headers.refresh(card_id, status="generating")

    def _refresh_headers(self, card_id: int) -> None:
        self.presenter.settle_status(card_id)
        self.headers.refresh(card_id, force=True)

    def _generate(self, job_id: int) -> None:
        self._settled(self.generation.run(job_id), job_id)

    def _settled(self, result: JobResult, job_id: int | None = None) -> None:
        """What follows a job's run or its awaited call: retry, header refresh, deliveries."""
        target = result.job_id if result.job_id is not None else job_id
        if result.retry_after is not None and target is not None:
            self.queues.enqueue_generation(target, delay_seconds=result.retry_after)
        if result.card_id is not None:
            self._card_changed(result.card_id)
        for delivery_id, platform in result.deliveries:
            if platform in self.sinks and self.worker is not None:
                # This process can post there: deliver now and skip a queue hop; a failure
                # leaves the row pending and goes through the queue with its retries.
                try:
                    self.deliveries.run(delivery_id)
                    continue
                except RetryLater as exc:  # released with its delay: send it then
                    self.queues.enqueue_delivery(delivery_id, platform, delay_seconds=exc.delay)
                    continue
                except Exception:  # noqa: BLE001 - retried through the delivery queue
                    log.warning("inline delivery %s failed; queued for retry", delivery_id)
            self.queues.enqueue_delivery(delivery_id, platform)

    def _deliver(self, delivery_id: int, platform: str) -> None:
        try:
            self.deliveries.run(delivery_id)
        except RetryLater as exc:
            # Released with the server's delay (flood limit) or a bounded backoff: the runner
            # counts attempts and fails the row for good past its limit, so this never loops.
            self.queues.enqueue_delivery(delivery_id, platform, delay_seconds=exc.delay)

    def migrate(self) -> None:
        self.db.migrate()

    def start_worker(
        self,
        *,
        generate: bool = True,
        platforms: Iterable[str] | None = None,
        threads: int | None = None,
        sweep_interval: float | None = -1.0,
    ) -> None:
        """Consume the generation queue and the delivery queues of `platforms` (default: sinks).

        The recovery sweep runs every `sweep_interval` seconds (negative: the settings' sweep
        interval; None: no sweep)."""
        if sweep_interval is not None and sweep_interval < 0:
            sweep_interval = self.settings.sweep_seconds
        queues = {delivery_queue(p) for p in (self.sinks if platforms is None else platforms)}
        if generate:
            queues |= {GENERATE_QUEUE, HEADERS_QUEUE}
        self.worker = dramatiq.Worker(
            self.broker,
            queues=queues,
            worker_threads=threads or self.settings.worker_threads,
            worker_timeout=100,
        )
        self.worker.start()
        if sweep_interval:
            # Embedded: the in-process broker was born with this process, so a job handed back
            # at the last shutdown (or queued while nothing ran) has no message: send it now.
            embedded = isinstance(self.broker, StubBroker)
            self.sweeper.sweep(lost_before=self.born if embedded else None)
            self.periodic = PeriodicSweep(self.sweeper, sweep_interval)
            self.periodic.start()

    def busy(self, platforms: Iterable[str] = ()) -> int:
        """How many jobs, and deliveries to `platforms`, are still unfinished."""
        with self.db.session() as session:
            jobs = session.exec(
                select(func.count())
                .select_from(Job)
                .where(col(Job.state).in_(("queued", "running")))
            ).one()
            deliveries = session.exec(
                select(func.count())
                .select_from(Delivery)
                .where(
                    col(Delivery.state).in_(("pending", "sending")),
                    col(Delivery.platform).in_(list(platforms)),
                )
            ).one()
            return int(jobs) + int(deliveries)

    def wait_idle(self, platforms: Iterable[str] = (), timeout: float = 300.0) -> bool:
        """Block until every job and delivery to `platforms` is finished (True) or timeout."""
        platforms = list(platforms)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.busy(platforms) == 0:
                return self.join_headers(deadline - time.monotonic())
            time.sleep(0.05)
        return False

    def join_headers(self, timeout: float = 30.0) -> bool:
        """In the embedded runtime, wait until every queued header refresh has run."""
        if not isinstance(self.broker, StubBroker) or self.worker is None:
            return True
        try:
            self.broker.join(HEADERS_QUEUE, timeout=max(int(timeout * 1000), 1))
        except QueueJoinTimeout:
            return False
        return True

    def stop(self) -> None:
        """Shut down: held jobs go back to the queue at once; in-flight calls get a grace."""
        if self.periodic:
            self.periodic.stop()
        if self.worker:
            stop_worker(
                self.worker, self.generation, self.db, self.queues, self.settings.shutdown_seconds
            )
            self.worker = None
        if self.generation.awaited is not None:  # also when jobs ran without a worker (bench)
            self.generation.awaited.stop(self.settings.shutdown_seconds)
        self.broker.close()
        self.db.dispose()


def check_ports(sinks: dict[str, DeliverySink], providers: dict[str, ImageProvider]) -> None:
    """Every sink and provider says what it can do by its type; refuse a misfit at start-up."""
    for platform, sink in sinks.items():
        if not isinstance(sink, DeliverySink):
            raise LightboxError(f"the {platform} sink cannot post versions (no post/platform)")
    for name, provider in providers.items():
        if not isinstance(provider, ImageProvider):
            raise LightboxError(f'the provider "{name}" cannot generate (no generate/name)')
