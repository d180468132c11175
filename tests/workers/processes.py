"""Real `lightbox worker` stand-ins for recovery tests: start, signal, and always clean up."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from sqlmodel import select

from core.models import Job
from tests.conftest import REDIS_URL
from tests.waiting import wait_until
from workers.runtime import Runtime

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SWEEP = 5.0  # the settings' default sweep interval, as `lightbox worker` runs it


class WorkerPool:
    """Starts `tests/workers/slow_worker.py` processes with the DEFAULT recovery settings."""

    def __init__(self, db_url: str, data_dir: Path, namespace: str, logs: Path):
        self.db_url = db_url
        self.data_dir = data_dir
        self.namespace = namespace
        self.logs = logs
        self.procs: list[tuple[subprocess.Popen[bytes], IO[bytes], Path]] = []

    def start(
        self, *, delay: float, threads: int = 2, sweep: float = DEFAULT_SWEEP, wait: bool = True
    ) -> subprocess.Popen[bytes]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("LIGHTBOX_")}
        env.update(
            LIGHTBOX_DATABASE_URL=self.db_url,
            LIGHTBOX_REDIS_URL=REDIS_URL,
            LIGHTBOX_DATA_DIR=str(self.data_dir),
        )
        path = self.logs / f"worker-{len(self.procs)}.log"
        log = open(path, "wb")  # noqa: SIM115 - closed in stop_all
        args = ["--namespace", self.namespace, "--delay", str(delay), "--threads", str(threads)]
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.workers.slow_worker",
                *args,
                "--sweep-interval",
                str(sweep),
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.procs.append((proc, log, path))
        if wait:
            wait_until(
                lambda: b"worker ready" in path.read_bytes() or proc.poll() is not None,
                "a worker to start",
                timeout=60,
            )
            assert proc.poll() is None, self.output()
        return proc

    def output(self) -> str:
        return "\n".join(path.read_text(errors="replace") for _, _, path in self.procs)

    def stop_all(self) -> None:
        for proc, _, _ in self.procs:
            if proc.poll() is None:
                proc.kill()
        for proc, log, _ in self.procs:
            proc.wait()
            log.close()


@contextmanager
def worker_pool(db_url: str, data_dir: Path, namespace: str, logs: Path) -> Iterator[WorkerPool]:
    pool = WorkerPool(db_url, data_dir, namespace, logs)
    try:
        yield pool
    finally:
        pool.stop_all()


def job(rt: Runtime, job_id: int) -> Job:
    with rt.db.session() as session:
        found = session.exec(select(Job).where(Job.id == job_id)).one()
        session.expunge(found)
        return found


def time_until_claimed_away(rt: Runtime, job_id: int, lease: str | None, timeout: float) -> float:
    """Seconds until the job is held under another lease than `lease` (or finished)."""
    started = time.monotonic()

    def moved() -> bool:
        row = job(rt, job_id)
        return row.state == "succeeded" or (row.state == "running" and row.lease != lease)

    wait_until(moved, f"job {job_id} to be taken over", timeout)
    return time.monotonic() - started
