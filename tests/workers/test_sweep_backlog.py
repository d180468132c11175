"""The sweep tells a backlog from a loss: waiting messages are not re-sent, lost ones are."""

from __future__ import annotations

from pathlib import Path

from bot.router import CommandRouter
from core.identity import Actor, Place
from tests.conftest import RecordingSink, make_settings
from workers.broker import GENERATE_QUEUE
from workers.runtime import Runtime
from workers.sweep import Sweeper

ANN = Actor("console", "ann", "Ann")
ROOM = Place("console", "room", private=True)


def test_a_backlog_is_not_resent_but_a_flushed_queue_is(db_url: str, tmp_path: Path) -> None:
    runtime = Runtime(make_settings(db_url, tmp_path / "data"), sinks={"console": RecordingSink()})
    try:
        router = CommandRouter(runtime.studio)
        queued = router.handle(ANN, ROOM, "/imagine a lantern in fog --n 3").job_ids
        assert len(queued) == 3 and runtime.queues.waiting_generation_messages() == 3
        # No worker yet: the three jobs wait long past the lost-message time.
        eager = Sweeper(runtime.db, runtime.queues, stale_seconds=0, lost_after_seconds=0)
        assert eager.sweep().jobs == []
        assert runtime.queues.waiting_generation_messages() == 3  # no duplicates piled on
        runtime.broker.flush(GENERATE_QUEUE)  # the broker lost them
        assert runtime.queues.waiting_generation_messages() == 0
        assert eager.sweep().jobs == sorted(queued)
        assert runtime.queues.waiting_generation_messages() == 3
        runtime.start_worker(threads=2, sweep_interval=None)
        assert runtime.wait_idle(platforms=["console"], timeout=60)
    finally:
        runtime.stop()
