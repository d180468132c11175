"""Part 1: command handling latency through CommandRouter.handle on SQLite and PostgreSQL."""

from __future__ import annotations

import gc
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import event

from bench.common import (
    ACTOR,
    PLACE,
    PLATFORM,
    REDIS_URL,
    TINY_PNG,
    TimedSink,
    ZeroProvider,
    bench_settings,
    drop_namespace,
    unique_namespace,
)
from bot.router import CommandRouter
from workers.runtime import Runtime

REVIEWED = 20  # finished versions that approve/reject cycle through
COMMANDS = (
    ("create card", "/card new <prompt> --ar 3:2 --n 1"),
    ("approve", "/approve v<n> (finished version)"),
    ("reject", "/press reject <id> (same version)"),
    ("new version", "/new (enqueue only, no worker)"),
)


@dataclass
class CommandTimes:
    """Per-command latency samples (seconds) on one backend, plus anything that went wrong."""

    backend: str
    samples: dict[str, list[float]] = field(default_factory=dict)
    statements: dict[str, list[int]] = field(default_factory=dict)
    full_gcs: dict[str, int] = field(default_factory=dict)
    unchanged: int = 0


class Counters:
    """SQL statements executed and full (generation 2) garbage collections seen meanwhile."""

    def __init__(self, rt: Runtime):
        self.statements = 0
        self.full_gcs = 0
        self.engine = rt.db.engine
        event.listen(self.engine, "before_cursor_execute", self._statement)
        gc.callbacks.append(self._gc)

    def _statement(self, *_args: Any) -> None:
        self.statements += 1

    def _gc(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start" and info["generation"] == 2:
            self.full_gcs += 1

    def reset(self) -> None:
        self.statements = self.full_gcs = 0

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._statement)
        gc.callbacks.remove(self._gc)


def bench_runtime(url: str, data_dir: Path, namespace: str) -> Runtime:
    return Runtime(
        bench_settings(url, data_dir),
        sinks={PLATFORM: TimedSink()},
        providers={"local": ZeroProvider(TINY_PNG)},
        namespace=namespace,
    )


def prepare_reviewed(url: str, data_dir: Path, namespace: str) -> tuple[int, dict[int, int]]:
    """A project and a card with REVIEWED finished versions; returns card id and ids by number."""
    rt = bench_runtime(url, data_dir, namespace)
    try:
        rt.migrate()
        router = CommandRouter(rt.studio)
        router.handle(ACTOR, PLACE, "/project new Bench")
        card = router.handle(ACTOR, PLACE, "/card new a red fox in snow at dawn --ar 16:9 --n 5")
        assert card.card is not None
        rt.start_worker(sweep_interval=None)
        for _ in range(REVIEWED // 5):
            router.handle(ACTOR, PLACE, "/new")
        if not rt.wait_idle(platforms=[PLATFORM], timeout=60):
            raise RuntimeError("the versions to review did not finish within 60 s")
        ids = {}
        for number in range(1, REVIEWED + 1):
            view = router.handle(ACTOR, PLACE, f"/version {number}").versions[0]
            if view.status != "done":
                raise RuntimeError(f"v{number} is {view.status}, expected done")
            ids[number] = view.version_id
        return card.card.card_id, ids
    finally:
        rt.stop()


def _measure(
    router: CommandRouter,
    counters: Counters,
    result: CommandTimes,
    reviewed: tuple[int, dict[int, int]],
    *,
    iterations: int,
    warmup: int,
) -> None:
    def timed(name: str, text: str, index: int) -> str:
        counters.reset()
        start = time.perf_counter()
        outcome = router.handle(ACTOR, PLACE, text)
        elapsed = time.perf_counter() - start
        if index >= warmup:
            result.samples.setdefault(name, []).append(elapsed)
            result.statements.setdefault(name, []).append(counters.statements)
            result.full_gcs[name] = result.full_gcs.get(name, 0) + counters.full_gcs
        return outcome.text

    total = warmup + iterations
    for i in range(total):
        timed("create card", f"/card new a lighthouse at dusk number {i} --ar 3:2 --n 1", i)

    card_id, ids = reviewed
    router.handle(ACTOR, PLACE, f"/open {card_id}")
    for i in range(total):  # approve then reject the same version: every call changes its review
        number = i % REVIEWED + 1
        approved = timed("approve", f"/approve v{number}", i)
        rejected = timed("reject", f"/press reject {ids[number]}", i)
        result.unchanged += ("(already)" in approved) + ("(already)" in rejected)

    router.handle(ACTOR, PLACE, "/card new a paper boat on a pond --n 1")
    for i in range(total):
        timed("new version", "/new", i)


def run_commands(
    backend: str, url: str, data_dir: Path, *, iterations: int, warmup: int
) -> CommandTimes:
    """Time each command `iterations` times after `warmup` untimed rounds (broker: real Redis)."""
    namespace = unique_namespace(f"cmd-{backend}")
    result = CommandTimes(backend)
    try:
        reviewed = prepare_reviewed(url, data_dir, namespace)
        rt = bench_runtime(url, data_dir, namespace)  # the bot side: sends to Redis, no worker
        counters = Counters(rt)
        try:
            router = CommandRouter(rt.studio)
            _measure(router, counters, result, reviewed, iterations=iterations, warmup=warmup)
        finally:
            counters.close()
            rt.stop()
    finally:
        drop_namespace(REDIS_URL, namespace)
    return result
