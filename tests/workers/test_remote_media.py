"""Media made by remote models, end to end: console command → job → fal's queue or OpenAI's
speech endpoint (faithful fakes) → the file stored and delivered with its kind and length."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.router import CommandRouter
from core.audio_files import probe_audio
from core.catalog import LOCAL_PREVIEW, ModelCatalog, ModelProfile
from core.identity import Actor, Place
from core.model3d_files import probe_glb
from core.video_files import probe_video
from core.views import VersionView
from tests.conftest import RecordingSink, make_settings
from tests.workers.providers.fake_fal import FakeFalQueue
from tests.workers.providers.fake_openai_speech import FakeOpenAISpeech
from tests.workers.providers.fakes import NO_RETRY
from workers.providers.fal import FalProvider
from workers.providers.local import LocalProvider
from workers.providers.openai_images import OpenAIImagesProvider
from workers.providers.profiles import profile_categories, profile_options
from workers.runtime import Runtime

ANN = Actor("console", "ann", "Ann")
ROOM = Place("console", "room")
FAL_KEY = "fal-key-id:fal-key-secret-remote-media"
OPENAI_KEY = "sk-remote-media-0123456789"
KLING_I2V = "fal-ai/kling-video/v2.1/standard/image-to-video"
PROFILES = (
    LOCAL_PREVIEW,
    ModelProfile("kling", "Kling 2.1", "fal", category="video", durations=(5.0, 10.0),
                 provider_model="fal-ai/kling-video/v1.6/standard/text-to-video",
                 operations=("generate", "animate"), endpoints={"animate": KLING_I2V},
                 resolutions=("1K",), max_count=1),
    ModelProfile("stable-audio", "Stable Audio", "fal", provider_model="fal-ai/stable-audio",
                 category="music", durations=(12.0,), resolutions=("1K",), max_count=1),
    ModelProfile("trellis", "TRELLIS", "fal", provider_model="fal-ai/trellis", category="3d",
                 operations=("to3d",), resolutions=("1K",), max_count=1),
    ModelProfile("narrator", "Narrator", "openai", provider_model="gpt-4o-mini-tts",
                 category="voice", voices=("coral", "onyx"), resolutions=("1K",), max_count=1),
)  # fmt: skip
CATALOG = ModelCatalog(profiles={p.id: p for p in PROFILES}, default="local")


@pytest.fixture
def fal_fake() -> FakeFalQueue:
    return FakeFalQueue(FAL_KEY)


@pytest.fixture
def speech_fake() -> FakeOpenAISpeech:
    return FakeOpenAISpeech(OPENAI_KEY)


@pytest.fixture
def remote(
    db_url: str,
    tmp_path: Path,
    sink: RecordingSink,
    fal_fake: FakeFalQueue,
    speech_fake: FakeOpenAISpeech,
) -> Iterator[Runtime]:
    fal = FalProvider(
        FAL_KEY, base_url=fal_fake.base, transport=fal_fake.transport, retry=NO_RETRY,
        options=profile_options(CATALOG, "fal"), categories=profile_categories(CATALOG, "fal"),
        poll_after=0.05,
    )  # fmt: skip
    openai = OpenAIImagesProvider(
        OPENAI_KEY, base_url="https://openai.test/v1", transport=speech_fake.transport,
        retry=NO_RETRY, options=profile_options(CATALOG, "openai"),
        categories=profile_categories(CATALOG, "openai"),
    )  # fmt: skip
    runtime = Runtime(
        make_settings(db_url, tmp_path / "data"),
        sinks={"console": sink},
        catalog=CATALOG,
        providers={"local": LocalProvider(), "fal": fal, "openai": openai},
    )
    runtime.start_worker(threads=2, sweep_interval=None)
    yield runtime
    runtime.stop()


def delivered(sink: RecordingSink, kind: str) -> VersionView:
    [view] = [view for view, _, _ in sink.posts if view.media_kind == kind][-1:]
    return view


def test_animate_music_3d_and_voice_through_the_remote_fakes(
    remote: Runtime, sink: RecordingSink, fal_fake: FakeFalQueue, speech_fake: FakeOpenAISpeech
) -> None:
    router = CommandRouter(remote.studio)
    router.handle(ANN, ROOM, "/project new Harbour")
    router.handle(ANN, ROOM, "/imagine a lighthouse at dusk --ar 16:9")
    assert remote.wait_idle(platforms=["console"], timeout=60)

    router.handle(ANN, ROOM, "/animate v1 the waves roll in --duration 10 --model kling")
    router.handle(ANN, ROOM, "/3d v1 --model trellis")
    router.handle(ANN, ROOM, "/music a slow sea shanty --duration 12 --model stable-audio")
    router.handle(ANN, ROOM, "/voice Welcome to the harbour. --voice onyx --model narrator")
    assert remote.wait_idle(platforms=["console"], timeout=90)

    inputs = {fal_fake.endpoints[rid]: body for rid, body in fal_fake.inputs.items()}
    animate = inputs[KLING_I2V]
    assert animate["duration"] == "10" and animate["image_url"].startswith("data:image/")
    assert animate["prompt"].startswith("the waves roll in")
    assert inputs["fal-ai/stable-audio"]["seconds_total"] == 12
    assert inputs["fal-ai/trellis"]["image_url"].startswith("data:image/")
    assert speech_fake.fields[-1]["voice"] == "onyx"
    assert speech_fake.fields[-1]["input"].startswith("Welcome to the harbour.")
    assert speech_fake.fields[-1]["response_format"] == "opus"

    storage = remote.storage
    video = delivered(sink, "video")
    assert video.media_mime == "video/mp4" and video.media_sha
    clip = probe_video(storage.read(video.media_sha))
    assert clip.duration_seconds == pytest.approx(10.0, abs=0.2)
    assert video.duration_seconds == pytest.approx(10.0, abs=0.2)
    model = delivered(sink, "3d")
    assert model.media_mime == "model/gltf-binary"
    assert probe_glb(storage.read(model.media_sha)).triangles == 1
    audio = [view for view, _, _ in sink.posts if view.media_kind == "audio"]
    mimes = sorted({view.media_mime for view in audio})
    assert mimes == ["audio/ogg", "audio/wav"]
    music = next(view for view in audio if view.media_mime == "audio/wav")
    assert probe_audio(storage.read(music.media_sha)).duration_seconds == pytest.approx(12.0)
    assert all(view.image_sha for view in (video, model, music))  # posters Lightbox drew
    assert FAL_KEY not in json.dumps([str(r.url) for r in fal_fake.requests])
