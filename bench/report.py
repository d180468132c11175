"""The printed table: numbers next to their targets, each line marked OK or OVER."""

from __future__ import annotations

from bench.answers import DISCORD_ACTIONS, TELEGRAM_ACTIONS, AnswerTimes
from bench.commands import COMMANDS, CommandTimes
from bench.common import Summary, percentile
from bench.inflight import WORKER_THREADS, InflightResult
from bench.jobs import STAGES, JobTimes
from bench.statements import PHASES

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
    lines.append("   SQL statements per version during the burst, by phase:")
    for name, meaning in PHASES:
        cells = "".join(f"{r.statements.get(name, 0.0):20.1f}" for r in results)
        lines.append(f"   {name:<16} {meaning:<52}{cells}")
    totals = "".join(f"{sum(r.statements.values()):20.1f}" for r in results)
    lines.append(f"   {'total':<16} {'':<52}{totals}")
    return lines


ANSWER_P99_MS = 1000.0
IN_FLIGHT_MIN = 500
RSS_MAX_MB = 300.0


def answer_table(results: list[AnswerTimes], iterations: int, warmup: int) -> list[str]:
    lines = [
        "3. First answer to a chat update: received → first platform call answering it reaches the "
        "fake server",
        f"   ({iterations} timed of each after {warmup} warm-up, in turn; PostgreSQL, embedded "
        "worker; Telegram: Application.process_update start, Discord: parse_interaction_create)",
        f"   {'platform':<9} {'update':<8} {'first answering call':<36} {'p50 ms':>7} "
        f"{'p99 ms':>7} {'max ms':>7}  {'target':<15} result",
    ]
    for result in results:
        actions = TELEGRAM_ACTIONS if result.platform == "telegram" else DISCORD_ACTIONS
        if result.error:
            lines.append(f"   {result.platform:<9} failed: {result.error[:200]}")
            continue
        for name, path in actions:
            samples = result.samples.get(name, [])
            s = Summary.of(samples)
            peak = max(samples, default=float("nan")) * 1000
            missing = result.missing.get(name, 0)
            verdict = _verdict(s.p99, ANSWER_P99_MS) if samples and not missing else "OVER"
            note = f" ({missing} unanswered)" if missing else ""
            lines.append(
                f"   {result.platform:<9} {name:<8} {path:<36} {s.p50:7.2f} {s.p99:7.2f} "
                f"{peak:7.2f}  {'p99 ≤ 1000 ms':<15} {verdict}{note}"
            )
    lines.append(
        "   platform limits: Telegram shows a spinner until answerCallbackQuery (the adapter "
        "answers by its 0.8 s budget); Discord drops an interaction not answered within 3 s"
    )
    return lines


def _floor(value: float, least: float) -> str:
    return "OK" if value >= least else "UNDER"


def inflight_table(results: list[InflightResult]) -> list[str]:
    lines = [
        "4. Provider calls in flight in ONE worker process (python -m bench.inflight: "
        f"{WORKER_THREADS} worker threads, Redis broker, PostgreSQL);",
        "   the burst is queued first (/imagine --n 5 per card), then the worker starts; "
        "fake provider with a fixed remote latency",
        f"   {'provider':<22} {'measure':<34} {'value':>10}  {'target':<16} result",
    ]
    for r in results:
        kind = "fal (submit/poll)" if r.provider == "fal" else "gemini (blocking API)"
        label = f"{kind}"
        if r.error and not r.finished:
            lines.append(f"   {label:<22} failed: {r.error[:300]}")
            continue
        rows: list[tuple[str, str, str, str]]
        if r.provider == "fal":
            rows = [
                ("peak jobs in flight", f"{r.peak_in_flight}", f"≥ {IN_FLIGHT_MIN}",
                 _floor(r.peak_in_flight, IN_FLIGHT_MIN)),
                ("ready → job finished p50/p99", f"{r.late_p50:.1f}/{r.late_p99:.1f} s",
                 "(no target)", f"poll interval p50 {r.poll_interval_p50:.1f} s (fal asks 2 s)"),
            ]  # fmt: skip
        else:
            rows = [
                ("peak calls in flight (awaited)", f"{r.peak_in_flight}", f"≥ {IN_FLIGHT_MIN}",
                 _floor(r.peak_in_flight, IN_FLIGHT_MIN)),
                ("call pool alone: in flight", f"{r.alone_peak}", f"≥ {IN_FLIGHT_MIN}",
                 _floor(r.alone_peak, IN_FLIGHT_MIN)),
                ("call pool alone: RSS peak", f"{r.alone_rss_mb:.0f} MB", f"≤ {RSS_MAX_MB:.0f} MB",
                 _verdict(r.alone_rss_mb, RSS_MAX_MB) + f" (all in {r.alone_wall:.1f} s)"),
            ]  # fmt: skip
        rows += [
            (f"{r.jobs} jobs, {r.latency:g} s latency: wall", f"{r.wall_seconds:.1f} s",
             "(no target)", f"{r.finished} done, {r.failed} failed"),
            ("RSS before burst → after", f"{r.rss_before_mb:.0f}→{r.rss_after_mb:.0f} MB",
             "(no target)", f"at start {r.rss_start_mb:.0f} MB"),
            ("RSS peak (VmHWM)", f"{r.rss_peak_mb:.0f} MB", f"≤ {RSS_MAX_MB:.0f} MB",
             _verdict(r.rss_peak_mb, RSS_MAX_MB)),
        ]  # fmt: skip
        for measure, value, target, verdict in rows:
            lines.append(f"   {label:<22} {measure:<34} {value:>10}  {target:<16} {verdict}")
            label = ""
        if r.error:
            lines.append(f"   {'':<22} error: {r.error[:300]}")
    lines.append("   where the time goes (seconds unless marked):")
    for r in results:
        kind = "fal" if r.provider == "fal" else "gemini"
        server = ", ".join(f"{k} {v}" for k, v in r.server.items())
        lines.append(
            f"   {kind:<7} queued in {r.enqueue_seconds:.1f}; last job reached the provider after "
            f"{r.submit_seconds:.1f} (worker start → first run p50 {r.start_delay_p50:.1f} / p99 "
            f"{r.start_delay_p99:.1f}); {r.runs} GenerationRunner.run calls, p50 "
            f"{r.run_ms_p50:.0f} ms / p99 {r.run_ms_p99:.0f} ms ({r.sql_per_run:.0f} SQL each), "
            f"provider HTTP p50 {r.http_ms_p50:.0f} ms"
        )
        if r.provider == "fal":
            lines.append(
                f"   {'':<7} polls per job {r.polls_per_job:.2f}; peak threads {r.peak_threads}; "
                f"server saw: {server}"
            )
        else:
            lines.append(
                f"   {'':<7} calls awaited in the call pool, none holds a worker thread (pool "
                f"peak {r.pool_peak}); peak threads {r.peak_threads}; server saw: {server}; in "
                "flight through the pipeline = job start rate × latency (start rate above)"
            )
    return lines
