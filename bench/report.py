"""The printed table: numbers next to their targets, each line marked OK or OVER."""

from __future__ import annotations

from bench.commands import COMMANDS, CommandTimes
from bench.common import Summary, percentile
from bench.jobs import STAGES, JobTimes

COMMAND_P99_MS = 50.0
JOB_P50_MS = 50.0


def _verdict(value: float, limit: float) -> str:
    return "OK" if value <= limit else "OVER"


def command_table(results: list[CommandTimes], iterations: int, warmup: int) -> list[str]:
    lines = [
        f"1. Command handling, CommandRouter.handle ({iterations} timed after {warmup} warm-up; "
        "Redis broker, no worker)",
        f"   {'command':<12} {'path':<34} {'backend':<9} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'max ms':>7} {'SQL':>4} {'GC2':>4}  {'target':<12} result",
    ]
    for name, path in COMMANDS:
        for result in results:
            samples = result.samples.get(name, [])
            s = Summary.of(samples)
            peak = max(samples, default=0.0) * 1000
            sql = percentile([float(n) for n in result.statements.get(name, [])], 50)
            lines.append(
                f"   {name:<12} {path:<34} {result.backend:<9} {s.p50:7.2f} {s.p99:7.2f} "
                f"{peak:7.2f} {sql:4.0f} {result.full_gcs.get(name, 0):4d}  "
                f"{'p99 ≤ 50 ms':<12} {_verdict(s.p99, COMMAND_P99_MS)}"
            )
    lines.append(
        "   SQL = statements per call (median); GC2 = timed calls that ran a full (gen-2) "
        "garbage collection"
    )
    for result in results:
        if result.unchanged:
            lines.append(f"   note: {result.unchanged} reviews on {result.backend} changed nothing")
    return lines


def job_table(results: list[JobTimes]) -> list[str]:
    lines = [
        "2. Job overhead over real Redis: enqueue → delivered (sink.post) minus provider time;",
        "   zero-latency provider, 4 worker threads, platform 'bench'",
        f"   {'measure':<36} {'backend':<9} {'p50 ms':>7} {'p99 ms':>7}  {'target':<12} result",
    ]
    for result in results:
        s = Summary.of(result.overhead)
        lines.append(
            f"   {f'sequential, one at a time (n={s.count})':<36} {result.backend:<9} "
            f"{s.p50:7.2f} {s.p99:7.2f}  {'p50 ≤ 50 ms':<12} {_verdict(s.p50, JOB_P50_MS)}"
        )
    for result in results:
        s = Summary.of(result.burst_latency)
        rate = result.burst_jobs / result.burst_seconds if result.burst_seconds else 0.0
        lines.append(
            f"   {f'burst of {result.burst_jobs} (/new --n 5), latency':<36} {result.backend:<9} "
            f"{s.p50:7.0f} {s.p99:7.0f}  {'(no target)':<12} {rate:.1f} jobs/s: all delivered "
            f"in {result.burst_seconds:.2f} s, commands took {result.burst_enqueue_seconds:.2f} s"
        )
    lines.append("   where a sequential job's time goes, p50 / p99 ms:")
    header = "".join(f"{r.backend:>20}" for r in results)
    lines.append(f"   {'stage':<16} {'meaning':<52}{header}")
    for name, meaning in STAGES:
        cells = ""
        for result in results:
            s = Summary.of(result.stages.get(name, []))
            cells += f"{f'{s.p50:.2f} / {s.p99:.2f}':>20}"
        lines.append(f"   {name:<16} {meaning:<52}{cells}")
    return lines
