"""Entry point of `make bench` (python -m bench): runs both parts and prints the table."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.commands import CommandTimes, run_commands
from bench.common import BACKENDS, PG_ADMIN, REDIS_URL, throwaway_database
from bench.jobs import JobTimes, run_jobs
from bench.report import command_table, job_table


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--iterations", type=int, default=200, help="timed commands of each kind")
    parser.add_argument("--jobs", type=int, default=200, help="sequential jobs and burst size")
    parser.add_argument("--warmup", type=int, default=20, help="untimed rounds first")
    parser.add_argument("--backend", choices=BACKENDS, action="append", help="default: both")
    return parser.parse_args(argv)


def _progress(message: str) -> None:
    print(f"… {message}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    backends = args.backend or list(BACKENDS)
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    commands: list[CommandTimes] = []
    jobs: list[JobTimes] = []
    with tempfile.TemporaryDirectory(prefix="lightbox-bench-") as tmp:
        for backend in backends:
            workdir = Path(tmp) / backend
            workdir.mkdir()
            _progress(f"{backend}: command latency")
            with throwaway_database(backend, workdir, "commands") as url:
                commands.append(
                    run_commands(
                        backend,
                        url,
                        workdir / "commands",
                        iterations=args.iterations,
                        warmup=args.warmup,
                    )
                )
            _progress(f"{backend}: job overhead over Redis")
            with throwaway_database(backend, workdir, "jobs") as url:
                jobs.append(
                    run_jobs(backend, url, workdir / "jobs", jobs=args.jobs, warmup=args.warmup)
                )
    elapsed = time.perf_counter() - started
    pg_server = PG_ADMIN.rsplit("/", 1)[0]
    lines = [
        f"Lightbox bench — Python {sys.version.split()[0]}; Redis {REDIS_URL}; "
        f"PostgreSQL {pg_server} (throwaway databases); SQLite temp files",
        "",
        *command_table(commands, args.iterations, args.warmup),
        "",
        *job_table(jobs),
        "",
        f"took {elapsed:.1f} s; targets: p99 command handling ≤ 50 ms, job overhead p50 ≤ 50 ms",
        f"machine: {os.cpu_count()} CPUs, 1-min load average {load_before:.2f} before and "
        f"{os.getloadavg()[0]:.2f} after (other processes on the box add noise to p99)",
    ]
    left = [t.name for t in threading.enumerate() if t is not threading.main_thread()]
    if left:
        lines.append(f"warning: threads still running: {', '.join(left)}")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
