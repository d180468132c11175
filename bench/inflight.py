"""Part 4: provider calls one worker process keeps in flight (submit/poll fal, awaited Gemini)."""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench.common import REDIS_URL, Summary, drop_namespace, unique_namespace
from bench.inflight_pool import run_pool_probe
from bench.inflight_probe import (
    Sampler,
    Tracker,
    _quantiles,
    _wrap_awaited,
    _wrap_blocking,
    _wrap_polling,
    _wrap_runs,
    rss_mb,
    status_kb,
)

FAL_MODELS = """
default = "flux"
include_local = true
[[models]]
id = "flux"
provider = "fal"
provider_model = "fal-ai/flux-1/schnell"
aspect_ratios = ["*"]
max_count = 5
seed = true
"""
GEMINI_MODELS = """
default = "flash"
include_local = true
[[models]]
id = "flash"
provider = "gemini"
provider_model = "gemini-2.5-flash-image"
aspect_ratios = ["1:1", "16:9"]
max_count = 5
options = { image_size = false }
"""
PER_CARD = 5  # /imagine … --n 5: one card per simulated user request
WORKER_THREADS = 4


@dataclass
class InflightResult:
    """One burst through one worker process (the child), as the child measured it."""

    provider: str
    latency: float
    jobs: int
    threads: int = WORKER_THREADS
    peak_in_flight: int = 0
    finished: int = 0
    failed: int = 0
    enqueue_seconds: float = 0.0
    submit_seconds: float = 0.0  # first enqueue → last job handed to the provider
    wall_seconds: float = 0.0  # first enqueue → last job finished and delivered
    runs: int = 0  # GenerationRunner.run calls (submits + polls)
    run_ms_p50: float = 0.0
    run_ms_p99: float = 0.0
    http_ms_p50: float = 0.0  # the provider call (submit or poll) inside a run
    sql_per_run: float = 0.0
    start_delay_p50: float = 0.0  # enqueue → provider call, seconds
    start_delay_p99: float = 0.0
    late_p50: float = 0.0  # remote result ready → job finished (polling lag), seconds
    late_p99: float = 0.0
    poll_interval_p50: float = 0.0
    polls_per_job: float = 0.0
    rss_start_mb: float = 0.0
    rss_before_mb: float = 0.0
    rss_after_mb: float = 0.0
    rss_peak_mb: float = 0.0
    peak_threads: int = 0
    pool_peak: int = 0  # the call pool's own count of awaited calls at once
    alone_peak: int = 0  # bench.inflight_pool: the same calls straight into a CallPool
    alone_rss_mb: float = 0.0
    alone_wall: float = 0.0
    server: dict[str, int] = field(default_factory=dict)
    error: str = ""


# -- child: one worker process -------------------------------------------------------------------


def child(args: argparse.Namespace) -> InflightResult:
    """Runs inside the worker process: builds the runtime from LIGHTBOX_ settings, bursts."""
    from sqlalchemy import event

    from bench.common import ACTOR, PLACE, PLATFORM, TimedSink
    from bot.router import CommandRouter
    from core.settings import Settings
    from workers.providers.registry import configure, load_provider_settings
    from workers.runtime import Runtime

    result = InflightResult(args.provider, args.latency, args.jobs, threads=args.threads)
    result.rss_start_mb = rss_mb()
    catalog, providers = configure(load_provider_settings(_env_file=None))
    tracker = Tracker()
    provider = providers[args.provider]
    if hasattr(provider, "poll"):
        _wrap_polling(provider, tracker)
    elif getattr(provider, "awaitable", False):  # Gemini's calls are awaited in the call pool
        _wrap_awaited(provider, tracker)
    else:
        _wrap_blocking(provider, tracker)
    settings = Settings(
        database_url=args.db,
        data_dir=Path(args.data),
        storage_dir=Path(args.data) / "images",
        redis_url=REDIS_URL,
        worker_threads=args.threads,
        _env_file=None,  # type: ignore[call-arg]
    )
    sink = TimedSink()
    rt = Runtime(
        settings, sinks={PLATFORM: sink}, providers=providers, catalog=catalog, namespace=args.ns
    )
    statements = itertools.count()
    try:
        rt.migrate()
        _wrap_runs(rt, tracker)
        event.listen(rt.db.engine, "before_cursor_execute", lambda *_: next(statements))
        router = CommandRouter(rt.studio)
        router.handle(ACTOR, PLACE, "/project new In flight")
        queued = time.monotonic()
        enqueued: list[int] = []
        for i in range(max(1, args.jobs // PER_CARD)):  # the bot side: the burst arrives
            text = f"/imagine a lantern in fog number {i} --n {PER_CARD}"
            enqueued += router.handle(ACTOR, PLACE, text).job_ids
        result.enqueue_seconds = time.monotonic() - queued
        result.rss_before_mb = rss_mb()
        sql_before = next(statements)
        with Sampler() as sampler:
            start = time.monotonic()
            rt.start_worker()  # settings.worker_threads threads and the periodic sweep, as deployed
            total = len(enqueued)
            result.jobs = total
            finished = tracker.wait(total, timeout=args.timeout)
            idle = rt.wait_idle(platforms=[PLATFORM], timeout=30 if finished else 1)
            end = time.monotonic()
            result.peak_threads = sampler.peak_threads
        if not (finished and idle):
            result.error = f"only {len(tracker.completed)} of {total} finished in {args.timeout} s"
        with tracker.lock:
            result.finished = len(tracker.completed) - tracker.failed
            result.failed = tracker.failed
            starts = sorted(tracker.call_starts)
            result.submit_seconds = (starts[-1] - start) if starts else 0.0
            delays = [tracker.first_run[j] - start for j in enqueued if j in tracker.first_run]
            late = [
                done - (tracker.started[key] + args.latency)
                for key, done in tracker.completed.items()
            ]
            intervals = [
                b - a for times in tracker.polls.values() for a, b in itertools.pairwise(times)
            ]
            result.polls_per_job = (
                sum(map(len, tracker.polls.values())) / len(tracker.polls) if tracker.polls else 0.0
            )
            runs = list(tracker.run_seconds)
            http = list(tracker.http_seconds)
        result.wall_seconds = end - start
        result.runs = len(runs)
        result.sql_per_run = (next(statements) - sql_before) / max(1, len(runs))
        result.run_ms_p50, result.run_ms_p99 = (Summary.of(runs).p50, Summary.of(runs).p99)
        result.http_ms_p50 = Summary.of(http).p50
        result.start_delay_p50, result.start_delay_p99 = _quantiles(delays)
        result.late_p50, result.late_p99 = _quantiles(late) if hasattr(provider, "poll") else (0, 0)
        result.poll_interval_p50 = _quantiles(intervals)[0] if intervals else 0.0
        result.peak_in_flight = tracker.peak()
        result.pool_peak = rt.calls.peak
        result.rss_after_mb = rss_mb()
        result.rss_peak_mb = status_kb("VmHWM") / 1024
    finally:
        rt.stop()
        drop_namespace(REDIS_URL, args.ns)
    return result


# -- parent: fakes, database, the child process --------------------------------------------------


def run_inflight(
    provider: str,
    url: str,
    workdir: Path,
    *,
    jobs: int,
    latency: float,
    timeout: float,
    threads: int = WORKER_THREADS,
) -> InflightResult:
    """Start the fake provider here, run the burst in a fresh worker process, collect figures."""
    workdir.mkdir(parents=True, exist_ok=True)
    namespace = unique_namespace(f"inflight-{provider}")
    env = {k: v for k, v in os.environ.items() if not k.startswith("LIGHTBOX_")}
    stop: Callable[[], None]
    stats: Callable[[], dict[str, int]]
    if provider == "fal":
        from bench.falfake import FAL_KEY, FalQueueFake

        fal = FalQueueFake(latency=latency).start()
        models = FAL_MODELS
        env |= {"LIGHTBOX_FAL_KEY": FAL_KEY, "LIGHTBOX_FAL_BASE_URL": fal.url}
        stop, stats = fal.stop, lambda: asdict(fal.stats)
    else:
        from tests.workers.providers.fake_servers import FakeProviderServer

        gemini = FakeProviderServer(latency=latency)
        base = gemini.start()
        models = GEMINI_MODELS
        env |= {"LIGHTBOX_GEMINI_API_KEY": gemini.gemini_key, "LIGHTBOX_GEMINI_BASE_URL": base}
        stop, stats = gemini.stop, lambda: {"requests": len(gemini.seen)}
    models_file = workdir / "models.toml"
    models_file.write_text(models)
    env["LIGHTBOX_MODELS_FILE"] = str(models_file)
    command = [
        sys.executable, "-m", "bench.inflight", "--provider", provider, "--db", url,
        "--data", str(workdir / "data"), "--ns", namespace, "--jobs", str(jobs),
        "--latency", str(latency), "--timeout", str(timeout), "--threads", str(threads),
    ]  # fmt: skip
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        out, err = process.communicate(timeout=timeout + 60)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
    finally:
        stop()
        drop_namespace(REDIS_URL, namespace)
    lines = [line for line in out.splitlines() if line.startswith("{")]
    if process.returncode != 0 or not lines:
        failed = InflightResult(provider, latency, jobs)
        failed.error = f"worker process exited {process.returncode}: {err.strip()[-400:]}"
        return failed
    result = InflightResult(**json.loads(lines[-1]))
    result.server = stats()
    if provider == "gemini":  # what the call pool holds without the job pipeline in front
        alone = run_pool_probe(jobs, latency)
        result.alone_peak, result.alone_rss_mb = alone.server_peak, alone.rss_peak_mb
        result.alone_wall = alone.wall_seconds
        if alone.error:
            result.error = (result.error + "; " if result.error else "") + alone.error
    return result


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.inflight", description=__doc__)
    parser.add_argument("--provider", choices=("fal", "gemini"), required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--ns", required=True)
    parser.add_argument("--jobs", type=int, default=600)
    parser.add_argument("--latency", type=float, default=10.0)
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--threads", type=int, default=WORKER_THREADS)
    args = parser.parse_args()
    import logging

    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")
    print(json.dumps(asdict(child(args))), flush=True)


if __name__ == "__main__":
    main()
