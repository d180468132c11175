"""Part 4's call-pool probe: awaited Gemini calls in one process's CallPool, no job pipeline."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from concurrent.futures import Future
from dataclasses import asdict, dataclass

from bench.inflight_probe import Sampler, rss_mb, status_kb
from core.ports import GenerationRequest, GenerationResult, Pending


@dataclass
class PoolResult:
    """`calls` awaited calls handed to one CallPool at once, as the child and the server saw it."""

    calls: int
    latency: float
    server_peak: int = 0  # calls the fake server was answering at once
    pool_peak: int = 0
    succeeded: int = 0
    wall_seconds: float = 0.0
    rss_start_mb: float = 0.0
    rss_peak_mb: float = 0.0
    peak_threads: int = 0
    error: str = ""


def child(args: argparse.Namespace) -> PoolResult:
    """In the probe process: submit every call at once, wait for all, measure."""
    from workers.call_pool import CallPool
    from workers.providers.gemini import GeminiProvider
    from workers.providers.http import RetryPolicy

    result = PoolResult(args.calls, args.latency, rss_start_mb=rss_mb())
    provider = GeminiProvider(
        args.key, base_url=args.base, timeout=args.latency + 60, retry=RetryPolicy(attempts=1)
    )
    pool = CallPool(limit=max(args.calls, 1), finishers=4)
    request = GenerationRequest(
        "a lantern in fog", "", 1024, 1024, "1K", "1:1", 7, "gemini-2.5-flash-image"
    )
    finished = threading.Semaphore(0)
    ok: list[bool] = []

    def done(call: Future[GenerationResult | Pending]) -> None:
        ok.append(call.exception() is None)
        finished.release()

    with Sampler() as sampler:
        start = time.monotonic()
        for _ in range(args.calls):
            pool.submit(lambda: provider.generate_async(request), done, closer=provider.aclose)
        for _ in range(args.calls):
            if not finished.acquire(timeout=args.latency * 3 + 60):
                result.error = f"only {len(ok)} of {args.calls} calls ended"
                break
        result.wall_seconds = time.monotonic() - start
        result.peak_threads = sampler.peak_threads
    result.pool_peak, result.succeeded = pool.peak, sum(ok)
    result.rss_peak_mb = status_kb("VmHWM") / 1024
    pool.stop()
    return result


def run_pool_probe(calls: int, latency: float) -> PoolResult:
    """Start the fake Gemini here, run the probe in a fresh process, add the server's view."""
    from tests.workers.providers.fake_servers import FakeProviderServer

    server = FakeProviderServer(latency=latency)
    base = server.start()
    command = [
        sys.executable, "-m", "bench.inflight_pool", "--base", base, "--key", server.gemini_key,
        "--calls", str(calls), "--latency", str(latency),
    ]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith("LIGHTBOX_")}
    try:
        done = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=latency * 3 + 120
        )
    finally:
        server.stop()
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        failed = PoolResult(calls, latency)
        failed.error = f"probe exited {done.returncode}: {done.stderr.strip()[-400:]}"
        return failed
    result = PoolResult(**json.loads(lines[-1]))
    result.server_peak = server.peak_in_flight
    return result


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.inflight_pool", description=__doc__)
    parser.add_argument("--base", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--calls", type=int, default=600)
    parser.add_argument("--latency", type=float, default=10.0)
    print(json.dumps(asdict(child(parser.parse_args()))), flush=True)


if __name__ == "__main__":
    main()
