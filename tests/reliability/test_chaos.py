"""The short chaos run of issue 18: worker processes killed, stopped and Redis flushed at random.

Marked `soak`: `make bench` runs it alone (`pytest -m soak`), because its recovery bounds and the
20 s exit wait are timings that a second test process on a 2-core machine can stretch. The long
run is `python -m bench --part chaos`, with the default recovery settings.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.chaos import run_chaos
from tests.conftest import REDIS_URL, wipe

# Shorter waits than the defaults, so several faults and their recoveries fit in a short test.
QUICK = {
    "LIGHTBOX_JOB_STALE_SECONDS": "4",
    "LIGHTBOX_JOB_LOST_SECONDS": "2",
    "LIGHTBOX_SWEEP_SECONDS": "1",
    "LIGHTBOX_SHUTDOWN_SECONDS": "2",
}


@pytest.mark.soak
def test_chaos_every_job_ends_exactly_once(migrated: dict[str, str], tmp_path: Path) -> None:
    wipe(migrated["postgres"])
    result = run_chaos(
        "test",
        migrated["postgres"],
        tmp_path,
        REDIS_URL,
        jobs=24,
        workers=3,
        kills=3,
        terms=1,
        flushes=1,
        fault_window=10.0,
        provider_seconds=0.8,
        post_seconds=0.3,
        recovery=QUICK,
        timeout=40.0,
    )
    print(result)
    assert result.finished, result
    assert result.ended_once == result.jobs, result
    assert result.missing_posts == 0, result
    # A kill between "the platform posted" and "the id is recorded" re-posts (issue 18 item 4,
    # the other worktree's part): at most the two posts a killed worker had in flight per kill.
    assert result.duplicate_posts <= 2 * 3, result
    assert result.extra_provider_calls <= 2 * (3 + 1), result  # ≤ 2 running jobs per fault
    assert result.recovery_seconds <= 4 + 2 + 2 + 5, result
    # The worker SIGTERMed as a fault exits 0. Of the 3 live at the end, a replacement still
    # importing when the final SIGTERM arrives ends by Python's default handler: allow one.
    assert result.stopped_clean == result.stopped == 1, result
    assert result.clean_exits >= 2, result
