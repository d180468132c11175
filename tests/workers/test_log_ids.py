"""Worker log lines name the job, delivery and card they are about (LIGHTBOX_LOG_FORMAT=json)."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path

import pytest

from bot.router import CommandRouter
from core.identity import Actor, Place
from core.log_context import configure_logging, log_ids
from core.settings import Settings
from core.views import VersionView
from tests.conftest import RecordingSink, make_settings
from workers.runtime import Runtime

ANN = Actor("console", "ann", "Ann")
ROOM = Place("console", "room")


class RefusingOnceSink(RecordingSink):
    """The chat refuses the first post (a network blip): the worker logs it and retries."""

    def post(self, view: VersionView, target: str, message_id: str | None) -> str:
        if not self.posts and not getattr(self, "refused", False):
            self.refused = True
            raise ConnectionError("chat unreachable")
        return super().post(view, target, message_id)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_refused_delivery_is_logged_with_its_job_as_json(db_url: str, tmp_path: Path) -> None:
    stream = io.StringIO()
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    configure_logging("json", logging.INFO, stream)
    sink = RefusingOnceSink()
    rt = Runtime(make_settings(db_url, tmp_path / "data"), sinks={"console": sink})
    try:
        rt.start_worker(threads=2, sweep_interval=None)
        router = CommandRouter(rt.studio)
        router.handle(ANN, ROOM, "/project new Logs")
        job_ids = router.handle(ANN, ROOM, "/imagine a lighthouse in fog").job_ids
        assert rt.wait_idle(platforms=["console"], timeout=60)
    finally:
        rt.stop()
        root.handlers[:], _ = saved[0], root.setLevel(saved[1])
    assert len(sink.posts) == 1  # delivered on the retry
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    [failed] = [line for line in lines if "chat unreachable" in line["message"]]
    assert failed["level"] == "info" and failed["job"] == job_ids[0]
    assert {"time", "logger", "message"} <= failed.keys()


def test_text_lines_carry_the_ids_and_nested_ids_add_up() -> None:
    stream = io.StringIO()
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    configure_logging("text", logging.INFO, stream)
    try:
        log = logging.getLogger("lightbox.test")
        with log_ids(job=7):
            with log_ids(delivery=3, platform="telegram"):
                log.info("posted")
            log.info("done")
        log.info("idle")
    finally:
        root.handlers[:], _ = saved[0], root.setLevel(saved[1])
    assert stream.getvalue().splitlines() == [
        "INFO lightbox.test: posted [job=7 delivery=3 platform=telegram]",
        "INFO lightbox.test: done [job=7]",
        "INFO lightbox.test: idle",
    ]


def test_an_unknown_log_format_is_named() -> None:
    with pytest.raises(ValueError, match="(?s)log_format.*must be text or json"):
        Settings(log_format="yaml", _env_file=None)  # type: ignore[call-arg]
