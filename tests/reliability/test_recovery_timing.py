"""Recovery in seconds: the sweep's cadence follows the waits it checks, never 30 s flat."""

from __future__ import annotations

import time
from pathlib import Path

from core.identity import Actor, Place
from core.prompt_params import PromptParams
from core.settings import Settings
from tests.reliability.studio_state import RecordingQueue, make_bench
from tests.waiting import wait_until
from workers.sweep import PeriodicSweep, Sweeper

ANN = Actor("console", "ann", "Ann")
ROOM = Place("console", "room")


def test_default_settings_recover_a_lost_message_in_15s_and_a_dead_worker_in_30s(
    tmp_path: Path,
) -> None:
    settings = Settings(data_dir=tmp_path, _env_file=None)  # type: ignore[call-arg]
    sweeper = Sweeper(
        None,  # type: ignore[arg-type]
        RecordingQueue(),
        stale_seconds=settings.job_stale_seconds,
        lost_after_seconds=settings.job_lost_seconds,
    )
    tick = PeriodicSweep(sweeper, settings.sweep_seconds).interval
    assert settings.job_lost_seconds + tick <= 15
    assert settings.job_stale_seconds + tick <= 30
    # Generation beats every stale/4 s: a live worker misses four beats before it looks dead.
    assert settings.job_stale_seconds / 4 <= 5
    # Even when started with the old 30 s interval, the sweep runs at its cadence.
    assert PeriodicSweep(sweeper, 30.0).interval <= tick


def test_a_lost_queue_message_is_sent_again_within_the_cadence(db_url: str, tmp_path: Path) -> None:
    bench = make_bench(db_url, tmp_path / "images")
    bench.studio.new_project(ANN, ROOM, "Demo")
    (job_id,) = bench.studio.new_card(
        ANN, ROOM, PromptParams("a lighthouse"), generate=True
    ).job_ids
    bench.queue.generations.clear()  # the broker lost the message
    resent = RecordingQueue()
    periodic = PeriodicSweep(
        Sweeper(bench.db, resent, stale_seconds=1.0, lost_after_seconds=0.5), interval=30.0
    )
    started = time.monotonic()
    periodic.start()
    try:
        wait_until(lambda: job_id in resent.generations, "the sweep to resend the job", 10)
    finally:
        periodic.stop()
    assert resent.generations == [job_id]
    assert time.monotonic() - started < 0.5 + periodic.interval + 1.0
    bench.db.dispose()
