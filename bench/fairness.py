"""Part "fairness": A queues 100 jobs, then B queues 1; how long B waits and where it starts."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import col, select

from bench.common import (
    PLATFORM,
    REDIS_URL,
    TINY_PNG,
    TimedSink,
    bench_settings,
    drop_namespace,
    unique_namespace,
)
from bot.router import CommandRouter
from core.identity import Actor, Place
from core.models import Job
from core.ports import GenerationRequest, GenerationResult
from workers.runtime import Runtime

FIRST = Actor(PLATFORM, "ann", "A")
SECOND = Actor(PLATFORM, "ben", "B")
ROOM = Place(PLATFORM, "room")


class SlotProvider:
    """Takes a fixed time per image: one job slot of the fairness figure."""

    name = "slot"

    def __init__(self, seconds: float):
        self.seconds = seconds

    def generate(self, request: GenerationRequest) -> GenerationResult:
        time.sleep(self.seconds)
        return GenerationResult(
            data=TINY_PNG, mime="image/png", provider=self.name, seconds=self.seconds
        )


@dataclass(frozen=True)
class Fairness:
    backend: str
    jobs: int
    threads: int
    slot_ms: float
    wait_ms: float
    started_before: int
    """A's jobs that started after B queued and before B's job (0: B went next)."""
    order: str
    fifo_wait_ms: float


def run_fairness(
    backend: str, url: str, workdir: Path, *, jobs: int = 100, slot: float = 0.2, threads: int = 2
) -> Fairness:
    namespace = unique_namespace(f"fair-{backend}")
    rt = Runtime(
        bench_settings(url, workdir),
        sinks={PLATFORM: TimedSink()},
        providers={"local": SlotProvider(slot)},
        namespace=namespace,
    )
    try:
        rt.migrate()
        router = CommandRouter(rt.studio)
        router.handle(FIRST, ROOM, "/project new Fairness")
        router.handle(SECOND, ROOM, "/project members")
        rt.start_worker(threads=threads, sweep_interval=None)
        for batch in range(jobs // 5):
            router.handle(FIRST, ROOM, f"/imagine a lighthouse {batch} --n 5")
        ben = router.handle(SECOND, ROOM, "/imagine a small boat").job_ids[0]
        assert rt.wait_idle(platforms=[PLATFORM], timeout=jobs * slot * 2 + 60)
        with rt.db.session() as session:
            rows = session.exec(select(Job).order_by(col(Job.started_at))).all()
        mine = next(j for j in rows if j.id == ben)
        assert mine.started_at is not None
        wait = (mine.started_at - mine.enqueued_at).total_seconds()
        after = [j for j in rows if j.started_at and j.started_at >= mine.enqueued_at]
        position = [j.id for j in after].index(ben)
        letters = "".join("B" if j.id == ben else "A" for j in rows)
        at = letters.index("B")
        return Fairness(
            backend=backend,
            jobs=jobs,
            threads=threads,
            slot_ms=slot * 1000,
            wait_ms=wait * 1000,
            started_before=position,
            order=f"#{at + 1} of {len(rows)}: …{letters[max(at - 6, 0) : at + 7]}…",
            fifo_wait_ms=len(after) * slot / threads * 1000,
        )
    finally:
        rt.stop()
        drop_namespace(REDIS_URL, namespace)


def fairness_table(results: list[Fairness]) -> list[str]:
    lines = [
        "fairness: A queues 100 jobs, then B queues 1 (Redis broker, fixed-time provider)",
        f"{'backend':<9} {'threads':>7} {'slot ms':>8} {'B wait ms':>10} {'FIFO ms':>9} "
        f"{'A before B':>11}  start order",
    ]
    for r in results:
        verdict = "" if r.wait_ms <= r.slot_ms * 1.5 else "  OVER one slot"
        lines.append(
            f"{r.backend:<9} {r.threads:>7} {r.slot_ms:>8.0f} {r.wait_ms:>10.0f} "
            f"{r.fifo_wait_ms:>9.0f} {r.started_before:>11}  {r.order}{verdict}"
        )
    return lines
