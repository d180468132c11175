"""Video, music, voice and 3D versions through the text path: command in → the local preview
makes the file → stored with its poster → delivered; bad requests change nothing."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from sqlmodel import func, select

from bot.router import CommandRouter
from core.errors import BadInput
from core.identity import Actor, Place
from core.media_posters import probe
from core.models import Card, Job, Version
from tests.conftest import RecordingSink
from workers.runtime import Runtime

ANN = Actor("console", "ann", "Ann")
HERE = Place("console", "room")


def _age_files(root: Path) -> None:
    """Stored an hour ago (a delete spares files stored again within the last minute)."""
    old = time.time() - 3600
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, (old, old))


def say(router: CommandRouter, text: str, wait: Runtime | None = None):  # noqa: ANN201
    outcome = router.handle(ANN, HERE, text)
    if wait is not None:
        assert wait.wait_idle(platforms=["console"], timeout=60)
    return outcome


def version(runtime: Runtime, card_id: int, number: int) -> Version:
    with runtime.db.session() as session:
        found = session.exec(
            select(Version).where(Version.card_id == card_id, Version.number == number)
        ).one()
        session.expunge(found)
        return found


def counts(runtime: Runtime) -> tuple[int, int, int]:
    with runtime.db.session() as session:
        return tuple(  # type: ignore[return-value]
            session.exec(select(func.count()).select_from(table)).one()
            for table in (Card, Version, Job)
        )


def test_animate_an_approved_image_then_3d_it(runtime: Runtime, sink: RecordingSink) -> None:
    router = CommandRouter(runtime.studio)
    say(router, "/project new Demo")
    say(router, "/imagine a red fox in snow --ar 16:9", wait=runtime)
    say(router, "/approve")
    image = version(runtime, 1, 1)
    [first] = [view for view, _, _ in sink.posts if view.version_id == image.id]
    labels = [a.label for a in first.actions]
    assert "🎬 Animate" in labels and "🧊 3D" in labels  # a video and a 3D profile exist
    pressed = say(router, f"/press animate {image.id}", wait=runtime)
    assert "🎬 Animate: queued v2 from v1 · local video preview · 2 s" in pressed.text

    video = version(runtime, 1, 2)
    assert (video.status, video.media_kind, video.media_mime) == ("done", "video", "video/mp4")
    assert (video.operation, video.parent_version_id) == ("animate", image.id)
    assert video.media_sha and video.image_sha  # the file and its poster
    clip = probe(runtime.storage.read(video.media_sha), "video/mp4")
    assert (clip.width, clip.height) == (1024, 576) == (video.width, video.height)
    assert clip.duration_seconds == pytest.approx(2.0, abs=0.1)
    [posted] = [view for view, _, _ in sink.posts if view.version_id == video.id]
    assert posted.media_kind == "video" and posted.media_sha == video.media_sha
    assert posted.caption.startswith("v2 of 2 · 🎬 video · 2.0 s · animate of v1")
    assert not {"🎬 Animate", "🖌 Edit"} & {a.label for a in posted.actions}  # images only

    say(router, "/3d v1", wait=runtime)
    model = version(runtime, 1, 3)
    assert (model.media_kind, model.media_mime, model.operation) == (
        "3d",
        "model/gltf-binary",
        "to3d",
    )
    assert model.media_sha and runtime.storage.read(model.media_sha)[:4] == b"glTF"
    assert model.image_sha and runtime.storage.exists(model.image_sha)
    # Review, the showcase, galleries and sheets take it like an image (its poster, ▶ marked).
    assert say(router, "/approve v2").text.startswith("v2 ✅ approved")
    say(router, "/favorite v2")
    page = say(router, "/gallery approved")
    assert page.pictures and any("v2" in item and item.endswith("✅⭐▶") for item in page.items)
    with pytest.raises(BadInput, match="v2 is a video; the public gallery shows images only"):
        say(router, "/publish v2")
    info = say(router, "/edit v2 info").items
    assert any(line.startswith("file: video/mp4, ") for line in info)
    assert "duration: 2.0 s" in info


def test_voice_and_music_cards(runtime: Runtime, sink: RecordingSink) -> None:
    router = CommandRouter(runtime.studio)
    say(router, "/project new Demo")
    spoken = say(router, "/voice Hello there, harbour pilot --voice deep", wait=runtime)
    assert "🗣 card #1" in spoken.text and "voice deep" in spoken.text
    line = version(runtime, 1, 1)
    assert (line.media_kind, line.media_mime, line.op_params["voice"]) == (
        "audio",
        "audio/ogg",
        "deep",
    )
    assert line.duration_seconds and line.duration_seconds > 0.5
    say(router, "/music calm piano, rain --duration 10", wait=runtime)
    music = version(runtime, 2, 1)
    assert music.media_mime == "audio/mpeg" and music.media_sha
    assert probe(runtime.storage.read(music.media_sha), "audio/mpeg").duration_seconds == (
        pytest.approx(10.0, abs=0.2)
    )
    captions = {view.version_id: view.caption for view, _, _ in sink.posts}
    assert captions[music.id].startswith("v1 of 1 · 🎵 music · 10.0 s")
    assert captions[line.id].startswith("v1 of 1 · 🗣 voice")
    # New Version of a music card makes more music (the card's model is the music profile).
    say(router, "/new", wait=runtime)
    assert version(runtime, 2, 2).media_kind == "audio"

    # Deleting the voice card reclaims its audio file and its poster.
    say(router, "/archive card #1 confirm", wait=runtime)
    [listed] = say(router, "/archive list").items
    _age_files(Path(runtime.storage.locate(line.image_sha or "")).parents[1])
    say(router, f"/delete {listed.split()[0]} confirm")
    assert line.media_sha and line.image_sha
    assert not runtime.storage.exists(line.media_sha) and not runtime.storage.exists(line.image_sha)
    assert music.media_sha and runtime.storage.exists(music.media_sha)


REFUSED = [
    ("/animate v1 --duration 7", "makes clips of 2, 5, 10 seconds, not 7"),
    ("/animate v1 --duration soon", '"soon" is not a duration'),
    ("/animate v1 --model local", '"local" is not a video (🎬 Animate) model here'),
    (
        "/voice hi --voice robot",
        'unknown voice "robot" for local voice preview; voices: narrator',
    ),
    ("/voice " + "word " * 1000, "4096"),
    ("/voice", "/voice needs the line to speak"),
    ("/music rain --ar 16:9", "/music does not take --ar; its flags: --duration, --model"),
    ("/music rain --duration", "--duration needs a value"),
    ("/video a tide --model local-music", "video models: local-video"),
    ("/3d v1 --model local-video", "3D models: local-3d"),
    ("/3d v1 please", "/3d takes a version and --model only"),
    ("/animate v2", "v2 is a video; 🎬 Animate works on images"),
    ("/edit v2 upscale 2", "v2 is a video; edits work on images"),
    ("/3d v2", "v2 is a video; 🧊 3D works on images"),
]


def test_bad_media_requests_are_refused_and_change_nothing(runtime: Runtime) -> None:
    router = CommandRouter(runtime.studio)
    say(router, "/project new Demo")
    say(router, "/imagine a lighthouse --ar 16:9", wait=runtime)
    say(router, "/animate v1", wait=runtime)
    before = counts(runtime)
    for command, words in REFUSED:
        with pytest.raises(BadInput) as refused:
            say(router, command)
        assert words in str(refused.value), command
    assert counts(runtime) == before
