"""Part 2: job overhead (enqueue → delivered, minus provider time) over real Redis."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import (
    ACTOR,
    PLACE,
    PLATFORM,
    REDIS_URL,
    TimedSink,
    ZeroProvider,
    bench_settings,
    drop_namespace,
    unique_namespace,
)
from bench.statements import StatementCounter
from bot.router import CommandRouter
from core.views import VersionView
from workers.job_outcomes import JobResult
from workers.runtime import Runtime

STAGES = (
    ("generate queue", "enqueue → generation starts (Redis + Dramatiq poll)"),
    ("generation", "GenerationRunner.run minus provider (DB + storage)"),
    ("deliver queue", "delivery enqueued → DeliveryRunner.run starts"),
    ("delivery", "DeliveryRunner.run start → sink.post (preview got)"),
)


@dataclass
class JobTimes:
    """Sequential overhead samples and stage breakdown (seconds), plus the burst figures."""

    backend: str
    overhead: list[float] = field(default_factory=list)
    stages: dict[str, list[float]] = field(default_factory=dict)
    burst_jobs: int = 0
    burst_seconds: float = 0.0
    burst_enqueue_seconds: float = 0.0
    burst_latency: list[float] = field(default_factory=list)
    statements: dict[str, float] = field(default_factory=dict)
    """SQL statements per version during the burst, by phase (bench.statements.PHASES)."""


class Probe:
    """Timestamps each stage of a job by wrapping the runtime's queue and runner entry points."""

    def __init__(self, rt: Runtime, provider: ZeroProvider, sink: TimedSink):
        self.provider = provider
        self.cond = threading.Condition()
        self.local = threading.local()
        self.enqueued: dict[int, float] = {}
        self.generated: dict[int, tuple[float, float, float]] = {}
        self.job_deliveries: dict[int, list[int]] = {}
        self.delivery_enqueued: dict[int, float] = {}
        self.delivery_started: dict[int, float] = {}
        self.posted: dict[int, float] = {}
        self.delivery_done: dict[int, float] = {}
        self._wrap(rt)
        sink.on_post = self._on_post

    def _wrap(self, rt: Runtime) -> None:
        queues, generation, deliveries = rt.queues, rt.generation, rt.deliveries
        send_job, send_delivery = queues.enqueue_generation, queues.enqueue_delivery
        run_job, run_delivery = generation.run, deliveries.run

        def enqueue_generation(job_id: int, delay_seconds: float | None = None) -> None:
            with self.cond:
                self.enqueued.setdefault(job_id, time.perf_counter())
            send_job(job_id, delay_seconds)

        def enqueue_delivery(delivery_id: int, platform: str) -> None:
            with self.cond:
                self.delivery_enqueued.setdefault(delivery_id, time.perf_counter())
            send_delivery(delivery_id, platform)

        def generate(job_id: int) -> JobResult:
            start = time.perf_counter()
            result = run_job(job_id)
            end = time.perf_counter()
            if result.deliveries:
                with self.cond:
                    self.generated[job_id] = (start, end, self.provider.last_seconds())
                    self.job_deliveries[job_id] = [d for d, _ in result.deliveries]
            return result

        def deliver(delivery_id: int) -> bool:
            self.local.delivery_id = delivery_id
            start = time.perf_counter()
            sent = run_delivery(delivery_id)
            with self.cond:
                if sent:
                    self.delivery_started[delivery_id] = start
                    self.delivery_done[delivery_id] = time.perf_counter()
                self.cond.notify_all()
            return sent

        queues.enqueue_generation = enqueue_generation  # type: ignore[method-assign]
        queues.enqueue_delivery = enqueue_delivery  # type: ignore[method-assign]
        generation.run = generate  # type: ignore[method-assign]
        deliveries.run = deliver  # type: ignore[method-assign]

    def _on_post(self, view: VersionView, now: float) -> None:
        with self.cond:
            self.posted.setdefault(self.local.delivery_id, now)

    def _finished(self, job_id: int) -> bool:
        found = self.job_deliveries.get(job_id)
        return bool(found) and all(d in self.delivery_done for d in found)

    def wait(self, job_ids: list[int], timeout: float) -> bool:
        """Until every job's deliveries were posted and their runners returned."""
        with self.cond:
            return self.cond.wait_for(lambda: all(self._finished(j) for j in job_ids), timeout)

    def delivered_at(self, job_id: int) -> float:
        with self.cond:
            return max(self.posted[d] for d in self.job_deliveries[job_id])

    def stages(self, job_id: int) -> dict[str, float]:
        """Seconds spent in each stage of one finished job (its first delivery)."""
        with self.cond:
            enqueued = self.enqueued[job_id]
            gen_start, gen_end, provider = self.generated[job_id]
            delivery = self.job_deliveries[job_id][0]
            posted = max(self.posted[d] for d in self.job_deliveries[job_id])
            return {
                "overhead": posted - enqueued - provider,
                "generate queue": gen_start - enqueued,
                "generation": gen_end - gen_start - provider,
                # Inline delivery (the worker has the sink) has no queue: measured from gen end.
                "deliver queue": self.delivery_started[delivery]
                - self.delivery_enqueued.get(delivery, gen_end),
                "delivery": self.posted[delivery] - self.delivery_started[delivery],
            }


def run_jobs(backend: str, url: str, data_dir: Path, *, jobs: int, warmup: int) -> JobTimes:
    """`jobs` sequential jobs (one at a time) after `warmup`, then a burst of `jobs` jobs."""
    namespace = unique_namespace(f"jobs-{backend}")
    provider, sink = ZeroProvider(), TimedSink()
    result = JobTimes(backend)
    rt = Runtime(
        bench_settings(url, data_dir),
        sinks={PLATFORM: sink},
        providers={"local": provider},
        namespace=namespace,
    )
    sink.storage = rt.storage  # the sink gets each version's preview, as Telegram's does
    counter = StatementCounter(rt.db.engine)
    try:
        rt.migrate()
        _label_phases(rt, counter)
        probe = Probe(rt, provider, sink)
        router = CommandRouter(rt.studio)
        router.handle(ACTOR, PLACE, "/project new Bench jobs")
        router.handle(ACTOR, PLACE, "/card new a red fox in snow --ar 16:9 --n 1")
        rt.start_worker()  # as in production: settings.worker_threads threads, periodic sweep

        for i in range(warmup + jobs):
            (job_id,) = router.handle(ACTOR, PLACE, "/new").job_ids
            if not probe.wait([job_id], timeout=30):
                raise RuntimeError(f"job {job_id} was not delivered within 30 s")
            if i >= warmup:
                stages = probe.stages(job_id)
                result.overhead.append(stages.pop("overhead"))
                for name, seconds in stages.items():
                    result.stages.setdefault(name, []).append(seconds)

        per_command = 5
        router.handle(ACTOR, PLACE, f"/card new a blue whale in the ocean --n {per_command}")
        start = time.perf_counter()
        burst: list[int] = []
        with counter.counting() as counts:
            for _ in range(max(1, jobs // per_command)):
                with counter.phase("command"):
                    burst += router.handle(ACTOR, PLACE, "/new").job_ids
            result.burst_enqueue_seconds = time.perf_counter() - start
            if not probe.wait(burst, timeout=120):
                raise RuntimeError("the burst was not delivered within 120 s")
        result.statements = {name: n / len(burst) for name, n in counts.items()}
        first = min(probe.enqueued[j] for j in burst)
        done = {j: probe.delivered_at(j) for j in burst}
        result.burst_jobs = len(burst)
        result.burst_seconds = max(done.values()) - first
        result.burst_latency = [done[j] - probe.enqueued[j] for j in burst]
    finally:
        rt.stop()
        counter.close()
        drop_namespace(REDIS_URL, namespace)
    return result


def _label_phases(rt: Runtime, counter: StatementCounter) -> None:
    """Count each pipeline step's statements under its phase (wrapped before the Probe's)."""
    rt.generation.run = counter.wrap("generation", rt.generation.run)  # type: ignore[method-assign]
    rt.deliveries.run = counter.wrap("delivery", rt.deliveries.run)  # type: ignore[method-assign]
    settle = counter.wrap("card change", rt.presenter.settle_status)
    rt.presenter.settle_status = settle  # type: ignore[method-assign]
    rt.headers.refresh = counter.wrap("card change", rt.headers.refresh)  # type: ignore[method-assign]
