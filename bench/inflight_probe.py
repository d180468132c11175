"""Part 4's probes: RSS, an in-flight tracker wrapped around providers and runs, a sampler."""

from __future__ import annotations

import threading
import time
from typing import Any

from bench.common import Summary


def status_kb(field_name: str) -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field_name + ":"):
                return float(line.split()[1])
    return 0.0


def rss_mb() -> float:
    return status_kb("VmRSS") / 1024


class Tracker:
    """Timestamps provider calls: submitted (handed to the provider) until completed."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.done = threading.Condition(self.lock)
        self.events: list[tuple[float, int]] = []
        self.started: dict[str, float] = {}  # handle or call key → submit time
        self.completed: dict[str, float] = {}
        self.polls: dict[str, list[float]] = {}
        self.call_starts: list[float] = []
        self.failed = 0
        self.run_seconds: list[float] = []
        self.http_seconds: list[float] = []
        self.first_run: dict[int, float] = {}  # job id → its first GenerationRunner.run

    def begin(self, key: str, at: float) -> None:
        with self.lock:
            self.started[key] = at
            self.events.append((at, +1))

    def end(self, key: str, at: float, failed: bool = False) -> None:
        with self.lock:
            self.completed[key] = at
            self.events.append((at, -1))
            self.failed += failed
            self.done.notify_all()

    def peak(self) -> int:
        current = best = 0
        with self.lock:  # ties: ends first, so a job finishing as another starts is not double
            for _, delta in sorted(self.events, key=lambda e: (e[0], e[1])):
                current += delta
                best = max(best, current)
        return best

    def wait(self, count: int, timeout: float) -> bool:
        with self.done:
            return self.done.wait_for(lambda: len(self.completed) >= count, timeout)


def _wrap_polling(provider: Any, tracker: Tracker) -> None:
    """fal: in flight from the submit's Pending until a poll returns the image (or fails)."""
    submit, poll = provider.generate, provider.poll

    def generate(request: Any) -> Any:
        began = time.monotonic()
        with tracker.lock:
            tracker.call_starts.append(began)
        result = submit(request)
        with tracker.lock:
            tracker.http_seconds.append(time.monotonic() - began)
        handle = getattr(result, "handle", None)
        if handle is not None:
            tracker.begin(handle, time.monotonic())
        return result

    def polled(handle: str) -> Any:
        began = time.monotonic()
        with tracker.lock:
            tracker.polls.setdefault(handle, []).append(began)
        try:
            result = poll(handle)
        except Exception as exc:
            if not getattr(exc, "transient", False):  # a transient failure is polled again
                tracker.end(handle, time.monotonic(), failed=True)
            raise
        with tracker.lock:
            tracker.http_seconds.append(time.monotonic() - began)
        if getattr(result, "handle", None) is None:
            tracker.end(handle, time.monotonic())
        return result

    provider.generate, provider.poll = generate, polled


def _wrap_blocking(provider: Any, tracker: Tracker) -> None:
    """Gemini: in flight for the duration of the blocking generate call."""
    call = provider.generate
    counter = iter(range(1, 1 << 30))

    def generate(request: Any) -> Any:
        start = time.monotonic()
        with tracker.lock:
            key = f"call-{next(counter)}"
            tracker.call_starts.append(start)
        tracker.begin(key, start)
        try:
            result = call(request)
        except Exception:
            tracker.end(key, time.monotonic(), failed=True)
            raise
        done = time.monotonic()
        with tracker.lock:
            tracker.http_seconds.append(done - start)
        tracker.end(key, done)
        return result

    provider.generate = generate


def _wrap_awaited(provider: Any, tracker: Tracker) -> None:
    """Gemini awaited in the call pool: in flight from the call's start until it returns."""
    call = provider.generate_async
    counter = iter(range(1, 1 << 30))

    async def generate_async(request: Any) -> Any:
        start = time.monotonic()
        with tracker.lock:
            key = f"call-{next(counter)}"
            tracker.call_starts.append(start)
        tracker.begin(key, start)
        try:
            result = await call(request)
        except BaseException:
            tracker.end(key, time.monotonic(), failed=True)
            raise
        done = time.monotonic()
        with tracker.lock:
            tracker.http_seconds.append(done - start)
        tracker.end(key, done)
        return result

    provider.generate_async = generate_async


def _wrap_runs(rt: Any, tracker: Tracker) -> None:
    run = rt.generation.run

    def timed(job_id: int) -> Any:
        with tracker.lock:
            tracker.first_run.setdefault(job_id, time.monotonic())
        start = time.perf_counter()
        try:
            return run(job_id)
        finally:
            elapsed = time.perf_counter() - start
            with tracker.lock:
                tracker.run_seconds.append(elapsed)

    rt.generation.run = timed


class Sampler:
    """Samples the thread count every 50 ms (peak heartbeat and worker threads)."""

    def __init__(self) -> None:
        self.peak_threads = threading.active_count()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bench-sampler", daemon=True)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join(5)

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            self.peak_threads = max(self.peak_threads, threading.active_count())


def _quantiles(values: list[float]) -> tuple[float, float]:
    s = Summary.of(values)
    return s.p50 / 1000, s.p99 / 1000
