"""Submit/poll providers: the worker thread is freed while the remote queue holds the job."""

from __future__ import annotations

import threading
from pathlib import Path

from sqlmodel import select

from bot.router import CommandRouter
from core.identity import Actor, Place
from core.models import Job, Version
from core.ports import GenerationRequest, GenerationResult, Pending
from tests.conftest import RecordingSink, make_settings
from tests.waiting import wait_until
from workers.providers.local import LocalProvider
from workers.runtime import Runtime

ANN = Actor("console", "ann", "Ann")
ROOM = Place("console", "room")


class QueueProvider:
    """Accepts a job, reports a queue position twice, then returns the local preview."""

    name = "local"

    def __init__(self, runtime_ref: list[Runtime]):
        self.local = LocalProvider()
        self.calls: list[str] = []
        self.seen_progress: list[str | None] = []
        self.requests: dict[str, GenerationRequest] = {}
        self.lock = threading.Lock()
        self.runtime_ref = runtime_ref

    def generate(self, request: GenerationRequest) -> GenerationResult | Pending:
        with self.lock:
            handle = f"remote-{len(self.requests) + 1}"
            self.requests[handle] = request
            self.calls.append(f"submit {handle}")
        return Pending(handle=handle, poll_after=0.05, progress="queue position 2")

    def poll(self, handle: str) -> GenerationResult | Pending:
        with self.lock:
            polls = sum(1 for c in self.calls if c == f"poll {handle}")
            self.calls.append(f"poll {handle}")
        with self.runtime_ref[0].db.session() as session:
            job = session.exec(select(Job)).first()
            self.seen_progress.append(job.progress if job else None)
        if polls == 0:
            return Pending(handle=handle, poll_after=0.05, progress="queue position 1")
        return self.local.generate(self.requests[handle])

    def cancel(self, handle: str) -> None:
        self.calls.append(f"cancel {handle}")


def test_pending_job_is_polled_until_done_without_using_retries(
    db_url: str, tmp_path: Path
) -> None:
    ref: list[Runtime] = []
    provider = QueueProvider(ref)
    sink = RecordingSink()
    runtime = Runtime(
        make_settings(db_url, tmp_path / "data", job_max_retries=0),
        sinks={"console": sink},
        providers={"local": provider},
    )
    ref.append(runtime)
    runtime.start_worker(threads=2, sweep_interval=None)
    try:
        router = CommandRouter(runtime.studio)
        router.handle(ANN, ROOM, "/project new Demo")
        router.handle(ANN, ROOM, "/imagine a lantern in fog --seed 9")
        assert runtime.wait_idle(platforms=["console"], timeout=30)
    finally:
        runtime.stop()
    assert provider.calls == ["submit remote-1", "poll remote-1", "poll remote-1"]
    assert provider.seen_progress == ["queue position 2", "queue position 1"]
    with runtime.db.session() as session:
        job = session.exec(select(Job)).one()
        version = session.exec(select(Version)).one()
    assert (job.state, job.attempts, job.remote_handle) == ("succeeded", 1, "remote-1")
    assert version.status == "done" and version.image_sha
    assert [v.status for v, _, _ in sink.posts] == ["done"]


def test_cancel_stops_a_parked_job_and_cancels_it_remotely(db_url: str, tmp_path: Path) -> None:
    ref: list[Runtime] = []
    provider = QueueProvider(ref)
    sink = RecordingSink()
    runtime = Runtime(
        make_settings(db_url, tmp_path / "data"),
        sinks={"console": sink},
        providers={"local": provider},
    )
    ref.append(runtime)
    runtime.start_worker(threads=2, sweep_interval=None)
    try:
        router = CommandRouter(runtime.studio)
        router.handle(ANN, ROOM, "/project new Demo")
        router.handle(ANN, ROOM, "/card new a lantern in fog")
        provider.poll = lambda handle: Pending(handle, poll_after=30, progress="queue position 9")  # type: ignore[method-assign]
        router.handle(ANN, ROOM, "/new")
        wait_until(lambda: remote_handle(runtime), "the remote queue to hold the job")
        out = router.handle(ANN, ROOM, "/cancel")
        assert out.text.startswith("✖️ cancelled 1")
        wait_until(lambda: "cancel remote-1" in provider.calls, "the remote cancel")
        assert runtime.wait_idle(platforms=["console"], timeout=10)
        again = router.handle(ANN, ROOM, "/cancel")
        assert "nothing queued" in again.text
    finally:
        runtime.stop()
    assert provider.calls == ["submit remote-1", "cancel remote-1"]
    with runtime.db.session() as session:
        job = session.exec(select(Job)).one()
        version = session.exec(select(Version)).one()
    assert (job.state, job.remote_handle) == ("cancelled", None)
    assert version.status == "cancelled" and version.error == "cancelled by Ann"
    assert sink.posts == []


def remote_handle(runtime: Runtime) -> str | None:
    with runtime.db.session() as session:
        return session.exec(select(Job)).one().remote_handle
