"""A provider answer that is not what its profile makes, or not a file Lightbox keeps, fails
the version at once with the reason (never retried); a right one is stored with its poster."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import select

from bot.router import CommandRouter
from core.identity import Actor, Place
from core.models import Job, Version
from core.ports import GenerationRequest, GenerationResult
from tests.conftest import RecordingSink, make_settings
from workers.providers.local import LocalProvider, draw
from workers.runtime import Runtime

ANN = Actor("console", "ann", "Ann")
HERE = Place("console", "room")


class WrongFiles:
    """A provider that answers a clip with a picture and music with text bytes."""

    name = "local"

    def generate(self, request: GenerationRequest) -> GenerationResult:
        if request.profile == "local-video":
            return GenerationResult(draw(request), "image/png", "local", 0.1)
        if request.profile == "local-music":
            return GenerationResult(b"ID3 no, not really", "audio/mpeg", "local", 0.1, kind="audio")
        return LocalProvider().generate(request)


@pytest.fixture
def lying(db_url: str, tmp_path: Path, sink: RecordingSink) -> Iterator[Runtime]:
    rt = Runtime(
        make_settings(db_url, tmp_path / "data"),
        sinks={"console": sink},
        providers={"local": WrongFiles()},  # type: ignore[dict-item]
    )
    rt.start_worker(threads=2, sweep_interval=None)
    yield rt
    rt.stop()


def test_wrong_kind_or_unreadable_bytes_fail_once_with_the_reason(lying: Runtime) -> None:
    router = CommandRouter(lying.studio)
    router.handle(ANN, HERE, "/project new Demo")
    router.handle(ANN, HERE, "/video a tide coming in")
    router.handle(ANN, HERE, "/music rain")
    assert lying.wait_idle(platforms=["console"], timeout=60)
    with lying.db.session() as session:
        found = {v.model: v for v in session.exec(select(Version)).all()}
        jobs = session.exec(select(Job)).all()
    assert {j.state for j in jobs} == {"failed"} and {j.attempts for j in jobs} == {1}
    clip, music = found["local-video"], found["local-music"]
    assert clip.status == "failed" and clip.error == (
        "the provider returned image but local video preview is a video model (video expected)"
    )
    assert music.status == "failed" and music.error is not None
    assert music.error.startswith("the provider returned an unusable audio file: ")
    assert clip.media_sha is None and music.media_sha is None
