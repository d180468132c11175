"""Chaos: real worker processes, SIGKILL/SIGTERM and Redis flushes at random points, a slow chat.

Reports whether every job ended exactly once, duplicate and missing posts, extra provider calls
and how long the system took to finish everything after the last fault.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from sqlmodel import col, func, select

from bench.chaos_platform import SlowPlatform
from bench.common import ACTOR, PLACE, drop_namespace, unique_namespace
from bot.router import CommandRouter
from core.models import Delivery, Job
from core.settings import Settings
from workers.runtime import Runtime

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class ChaosResult:
    """What one chaos run measured."""

    label: str
    jobs: int
    faults: list[str] = field(default_factory=list)
    finished: bool = False
    ended_once: int = 0  # jobs succeeded, each version done and posted (or not) as counted below
    duplicate_posts: int = 0
    missing_posts: int = 0
    extra_provider_calls: int = 0
    recovery_seconds: float = float("nan")
    seconds: float = 0.0
    clean_exits: int = 0  # live workers SIGTERMed at the end that exited 0
    stopped: int = 0  # workers SIGTERMed as a fault
    stopped_clean: int = 0  # of those, how many exited 0


class Pool:
    """`bench.chaos_worker` processes; `env` carries the database, Redis and recovery settings."""

    def __init__(self, env: dict[str, str], args: list[str], logs: Path):
        self.env, self.args, self.logs = env, args, logs
        self.live: list[subprocess.Popen[bytes]] = []
        self.stopped: list[subprocess.Popen[bytes]] = []
        self.paths: dict[int, Path] = {}
        self.every: list[tuple[subprocess.Popen[bytes], IO[bytes]]] = []

    def start(self) -> subprocess.Popen[bytes]:
        path = self.logs / f"chaos-worker-{len(self.every)}.log"
        log = open(path, "wb")  # noqa: SIM115 - closed in close()
        self.paths[id(log)] = path
        proc = subprocess.Popen(
            [sys.executable, "-m", "bench.chaos_worker", *self.args],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.live.append(proc)
        self.every.append((proc, log))
        return proc

    def ready(self) -> list[subprocess.Popen[bytes]]:
        """Live workers that are consuming (a signal before that only tests Python's start-up)."""
        logs = {id(proc): self.paths[id(log)] for proc, log in self.every}
        return [p for p in self.live if b"worker ready" in logs[id(p)].read_bytes()]

    def signal_one(self, rng: random.Random, sig: signal.Signals) -> subprocess.Popen[bytes] | None:
        ready = self.ready()
        if not ready:
            return None
        proc = ready[rng.randrange(len(ready))]
        self.live.remove(proc)
        proc.send_signal(sig)
        if sig == signal.SIGTERM:
            self.stopped.append(proc)
        return proc

    def stopped_clean(self) -> int:
        """How many workers stopped by SIGTERM exited 0 (within the shutdown grace)."""
        clean = 0
        for proc in self.stopped:
            try:
                clean += proc.wait(timeout=20) == 0
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGUSR1)  # its log gets every thread's stack
            else:
                if proc.returncode != 0:
                    print(f"stopped worker {proc.pid} exited {proc.returncode}", flush=True)
        return clean

    def close(self) -> int:
        """SIGTERM the live workers; returns how many exited 0. Kills whatever is left."""
        for proc in self.live:
            proc.terminate()
        clean = 0
        for proc in self.live:
            try:
                clean += proc.wait(timeout=20) == 0
            except subprocess.TimeoutExpired:
                pass
        for proc, log in self.every:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            log.close()
        return clean


def unfinished(rt: Runtime) -> int:
    with rt.db.session() as session:
        jobs = session.exec(
            select(func.count()).select_from(Job).where(col(Job.state).in_(("queued", "running")))
        ).one()
        deliveries = session.exec(
            select(func.count())
            .select_from(Delivery)
            .where(col(Delivery.state).in_(("pending", "sending")))
        ).one()
    return int(jobs) + int(deliveries)


def run_chaos(
    label: str,
    db_url: str,
    workdir: Path,
    redis_url: str,
    *,
    jobs: int,
    workers: int = 3,
    kills: int = 3,
    terms: int = 1,
    flushes: int = 1,
    fault_window: float = 10.0,
    provider_seconds: float = 0.8,
    post_seconds: float = 0.3,
    recovery: dict[str, str] | None = None,
    timeout: float = 120.0,
    seed: int = 18,
) -> ChaosResult:
    """Enqueue `jobs` jobs while faults strike at random moments within `fault_window` seconds."""
    rng = random.Random(seed)
    namespace = unique_namespace(f"chaos-{label}")
    workdir.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("LIGHTBOX_")}
    env |= {
        "LIGHTBOX_DATABASE_URL": db_url,
        "LIGHTBOX_REDIS_URL": redis_url,
        "LIGHTBOX_DATA_DIR": str(workdir / "data"),
        "LIGHTBOX_DEFAULT_MODEL": "local",
        **(recovery or {}),
    }
    settings = Settings(database_url=db_url, data_dir=workdir / "data", redis_url=redis_url)
    rt = Runtime(settings.model_copy(update={"default_model": "local"}), namespace=namespace)
    rt.migrate()
    platform = SlowPlatform(post_seconds).start()
    args = ["--namespace", namespace, "--platform-url", platform.url, "--threads", "2"]
    pool = Pool(env, [*args, "--delay", str(provider_seconds)], workdir)
    result = ChaosResult(label, jobs)
    started = time.monotonic()
    try:
        router = CommandRouter(rt.studio)
        router.handle(ACTOR, PLACE, "/project new Chaos")
        router.handle(ACTOR, PLACE, "/card new a storm over the harbour --n 1")
        for _ in range(workers):
            pool.start()
        while len(pool.ready()) < workers and time.monotonic() - started < 60:
            time.sleep(0.05)
        started = time.monotonic()
        # Random kinds at random moments; the last fault is a SIGKILL at the end of the window,
        # while the last jobs run, so "recovery" always includes taking over a dead worker's job.
        kinds = ["kill"] * (kills - 1) + ["term"] * terms + ["flush"] * flushes
        moments = sorted(rng.uniform(1.0, fault_window) for _ in kinds)
        rng.shuffle(kinds)
        plan = [*zip(moments, kinds, strict=True), (fault_window, "kill")]
        per_step = fault_window / max(jobs, 1)
        made = 0
        last_fault = started
        while made < jobs or plan:
            now = time.monotonic() - started
            if plan and plan[0][0] <= now:
                kind = plan[0][1]
                if kind == "flush":
                    drop_namespace(redis_url, namespace)
                else:
                    sig = signal.SIGKILL if kind == "kill" else signal.SIGTERM
                    if pool.signal_one(rng, sig) is None:
                        time.sleep(0.02)  # no worker is consuming yet: strike a moment later
                        continue
                    result.stopped += kind == "term"
                    pool.start()
                plan.pop(0)
                result.faults.append(f"{kind}@{now:.1f}s")
                last_fault = time.monotonic()
            elif made < jobs and made * per_step <= now:
                router.handle(ACTOR, PLACE, "/new")
                made += 1
            else:
                time.sleep(0.02)
        deadline = time.monotonic() + timeout
        while unfinished(rt) and time.monotonic() < deadline:
            time.sleep(0.1)
        result.finished = unfinished(rt) == 0
        # Recovered when the last post went out (everything else finishes before its post).
        end = max(platform.last_post, last_fault) if result.finished else time.monotonic()
        result.recovery_seconds = end - last_fault
        _count(rt, platform, result)
    finally:
        result.stopped_clean = pool.stopped_clean()
        result.clean_exits = pool.close()
        platform.stop()
        rt.stop()
        drop_namespace(redis_url, namespace)
    result.seconds = time.monotonic() - started
    return result


def _count(rt: Runtime, platform: SlowPlatform, result: ChaosResult) -> None:
    with rt.db.session() as session:
        rows = session.exec(select(Job.state, Job.version_id)).all()
        sent = session.exec(select(Delivery.version_id).where(Delivery.state == "sent")).all()
    succeeded = {version_id for state, version_id in rows if state == "succeeded"}
    result.ended_once = len(succeeded & set(sent))
    result.duplicate_posts = sum(n - 1 for n in platform.posts.values() if n > 1)
    result.missing_posts = len(succeeded - set(platform.posts))
    result.extra_provider_calls = platform.provider_calls - len(rows)


def chaos_table(results: list[ChaosResult]) -> list[str]:
    """The chaos lines of the bench report."""
    lines = [
        "Chaos (real worker processes; SIGKILL, SIGTERM and Redis flushes at random moments; "
        "slow platform fake)",
        "run      jobs  faults                    ended once  dup posts  missing  extra calls  "
        "recovery  SIGTERM exits 0",
    ]
    for r in results:
        kinds = {kind: sum(f.startswith(kind) for f in r.faults) for kind in ("kill", "term")}
        flushes = sum(f.startswith("flush") for f in r.faults)
        faults = f"{kinds['kill']} kill, {kinds['term']} term, {flushes} flush"
        lines.append(
            f"{r.label:<8} {r.jobs:>4}  {faults:<24}  {r.ended_once:>10}  {r.duplicate_posts:>9}"
            f"  {r.missing_posts:>7}  {r.extra_provider_calls:>11}  {r.recovery_seconds:>6.1f} s"
            f"  {r.stopped_clean}/{r.stopped}" + ("" if r.finished else "  UNFINISHED")
        )
    lines.append(
        "recovery: seconds from the last fault until the last post; default settings "
        "(stale 20 s, lost 10 s, sweep 5 s, shutdown grace 5 s)"
    )
    return lines
