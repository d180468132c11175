"""fal video, music and 3D through the queue: the input each family reads, polling, the
downloaded file's kind, refusals before sending and the model's own 422s, retries and cancel."""

from __future__ import annotations

import base64
import io
import json
from typing import Any

import httpx
import numpy as np
import pytest
from PIL import Image

from core.audio_files import probe_audio
from core.catalog import ModelCatalog, ModelProfile
from core.errors import LightboxError, Permanent
from core.model3d_files import probe_glb
from core.ports import GenerationRequest, GenerationResult, ImageProvider, Pending
from core.video_files import probe_video
from workers.providers.fal import FalProvider
from workers.providers.http import RetryPolicy
from workers.providers.registry import ProviderSettings, build_providers, check_catalog

from .edit_samples import photo
from .fake_fal import CDN, FakeFalQueue
from .fakes import NO_RETRY, make_request, png

KEY = "fal-key-id:fal-key-secret-0123456789"
KLING_I2V = "fal-ai/kling-video/v2.1/standard/image-to-video"
KLING_T2V = "fal-ai/kling-video/v1.6/standard/text-to-video"
HAILUO = "fal-ai/minimax/hailuo-02/standard/image-to-video"
STABLE = "fal-ai/stable-audio"
STABLE25 = "fal-ai/stable-audio-25/text-to-audio"
PROFILES = (
    ModelProfile("kling", "Kling 2.1", "fal", provider_model=KLING_T2V, category="video",
                 operations=("animate",), endpoints={"animate": KLING_I2V}),
    ModelProfile("hailuo", "Hailuo 02", "fal", provider_model=HAILUO, category="video",
                 operations=("animate",)),
    ModelProfile("stable-audio", "Stable Audio", "fal", provider_model=STABLE, category="music"),
    ModelProfile("stable-audio-25", "Stable Audio 2.5", "fal", provider_model=STABLE25,
                 category="music"),
    ModelProfile("trellis", "TRELLIS", "fal", provider_model="fal-ai/trellis", category="3d",
                 operations=("to3d",)),
    ModelProfile("hunyuan", "Hunyuan3D 2", "fal", provider_model="fal-ai/hunyuan3d/v2",
                 category="3d", operations=("to3d",), options={"input": {"textured_mesh": True}}),
    ModelProfile("flux", "FLUX dev", "fal", provider_model="fal-ai/flux/dev"),
)  # fmt: skip
CATALOG = ModelCatalog(profiles={p.id: p for p in PROFILES}, default="flux")


def fal_provider(fake: FakeFalQueue, retry: RetryPolicy = NO_RETRY) -> FalProvider:
    """The fal provider as the registry builds it from the catalogue (options by profile id)."""
    settings = ProviderSettings(_env_file=None, fal_key=KEY, fal_base_url=fake.base)
    provider = build_providers(settings, CATALOG, transport=fake.transport, retry=retry)["fal"]
    assert isinstance(provider, FalProvider)
    return provider


def request(profile: str, **changes: Any) -> GenerationRequest:
    model = CATALOG.get(profile).remote_model
    return make_request(model=model, profile=profile, **changes)


def run(fake: FakeFalQueue, profile: str, **changes: Any) -> GenerationResult:
    """Submit, poll until the queue says COMPLETED, and return the downloaded result."""
    fal = fal_provider(fake)
    pending = fal.generate(request(profile, **changes))
    outcome: GenerationResult | Pending = pending
    for _ in range(fake.polls_before_done + 1):
        outcome = fal.poll(pending.handle)
        if isinstance(outcome, GenerationResult):
            return outcome
    raise AssertionError("the fake never completed")


def sent(fake: FakeFalQueue) -> tuple[str, dict[str, Any]]:
    """The endpoint and input of the only submission."""
    [submit] = [r for r in fake.requests if r.method == "POST"]
    return submit.url.path.lstrip("/"), json.loads(submit.content)


def test_animate_sends_the_photo_and_duration_and_returns_an_mp4_of_that_length() -> None:
    fake = FakeFalQueue(KEY, polls_before_done=2)
    result = run(fake, "kling", operation="animate", init_image=photo(kind="JPEG"),
                 prompt="the camera pushes in slowly", negative_prompt="blur",
                 duration_seconds=10.0, aspect_ratio="16:9")  # fmt: skip
    endpoint, body = sent(fake)
    assert endpoint == KLING_I2V
    assert body["prompt"] == "the camera pushes in slowly" and body["duration"] == "10"
    assert body["negative_prompt"] == "blur" and "aspect_ratio" not in body and "seed" not in body
    assert body["image_url"].startswith("data:image/jpeg;base64,")
    assert base64.b64decode(body["image_url"].split(",", 1)[1]) == photo(kind="JPEG")
    assert result.kind == "video" and result.mime == "video/mp4" and result.poster is None
    video = probe_video(result.data)
    assert video.duration_seconds == pytest.approx(10.0, abs=0.2) and video.codec == "h264"
    assert (video.width, video.height) == (128, 72)  # the photo's 16:9
    assert result.duration_seconds is None  # fal's File states none: Lightbox probes the file
    assert result.info == {"request_id": "req-1", "endpoint": KLING_I2V}
    statuses = [r for r in fake.requests if r.url.path.endswith("/status")]
    assert (
        len(statuses) == 3 and statuses[0].url.path == "/fal-ai/kling-video/requests/req-1/status"
    )


@pytest.mark.parametrize(("ratio", "spelled", "size"), [
    ("32:18", "16:9", (128, 72)), ("9:16", "9:16", (72, 128)), ("1:1", "1:1", (96, 96)),
])  # fmt: skip
def test_text_to_video_sends_the_ratio_in_klings_spelling(
    ratio: str, spelled: str, size: tuple[int, int]
) -> None:
    fake = FakeFalQueue(KEY)
    result = run(fake, "kling", prompt="waves at dusk", aspect_ratio=ratio, duration_seconds=5)
    endpoint, body = sent(fake)
    assert endpoint == KLING_T2V and body["aspect_ratio"] == spelled and body["duration"] == "5"
    video = probe_video(result.data)
    assert "image_url" not in body and (video.width, video.height) == size


@pytest.mark.parametrize(("profile", "changes", "message"), [
    ("kling", {"duration_seconds": 7.0}, f"{KLING_T2V} makes clips of 5 or 10 seconds, not 7"),
    ("hailuo", {"operation": "animate", "init_image": photo(), "duration_seconds": 5.0},
     "makes clips of 6 or 10 seconds, not 5"),
    ("kling", {"aspect_ratio": "4:3"}, "makes video at 16:9, 9:16, 1:1, not 4:3"),
    ("stable-audio", {"duration_seconds": 7.5}, "makes whole seconds from 1 to 47, not 7.5"),
    ("stable-audio", {"duration_seconds": 60.0}, "makes whole seconds from 1 to 47, not 60"),
    ("trellis", {}, "fal-ai/trellis starts from an image, and none was sent"),
    ("stable-audio", {"operation": "animate", "init_image": photo()},
     "a music model cannot animate; it can: generate"),
    ("kling", {"operation": "to3d", "init_image": photo()},
     "a video model cannot to3d; it can: generate, animate"),
])  # fmt: skip
def test_what_the_endpoint_does_not_make_is_refused_before_sending(
    profile: str, changes: dict[str, Any], message: str
) -> None:
    fake = FakeFalQueue(KEY)
    with pytest.raises(Permanent, match=message.replace(".", r"\.")):
        fal_provider(fake).generate(request(profile, **changes))
    assert fake.requests == []


def test_hailuo_is_the_second_video_family_with_its_own_durations() -> None:
    fake = FakeFalQueue(KEY)
    result = run(fake, "hailuo", operation="animate", init_image=photo(1080, 1920),
                 duration_seconds=6, negative_prompt="blur")  # fmt: skip
    endpoint, body = sent(fake)
    assert endpoint == HAILUO and body["duration"] == "6"
    assert set(body) == {"prompt", "image_url", "duration"}  # no negative prompt in its schema
    video = probe_video(result.data)
    assert video.duration_seconds == pytest.approx(6.0, abs=0.2)
    assert (video.width, video.height) == (40, 72)  # portrait, from the 9:16 photo


def test_animate_on_a_text_to_video_profile_names_the_endpoint_to_add() -> None:
    profile = ModelProfile("t2v", "Kling T2V", "fal", provider_model=KLING_T2V, category="video")
    fake = FakeFalQueue(KEY)
    fal = FalProvider(KEY, base_url=fake.base, transport=fake.transport, retry=NO_RETRY,
                      categories={"t2v": "video"})  # fmt: skip
    with pytest.raises(Permanent, match="add endpoints.animate"):
        fal.generate(make_request(model=profile.remote_model, profile="t2v",
                                  operation="animate", init_image=photo()))  # fmt: skip
    assert fake.requests == []


@pytest.mark.parametrize(("profile", "key", "mime", "seconds"), [
    ("stable-audio", "seconds_total", "audio/wav", 12),
    ("stable-audio-25", "seconds_total", "audio/mpeg", 8),
])  # fmt: skip
def test_music_sends_whole_seconds_and_returns_audio_of_that_length(
    profile: str, key: str, mime: str, seconds: int
) -> None:
    fake = FakeFalQueue(KEY)
    result = run(fake, profile, prompt="128 BPM tech house drum loop",
                 duration_seconds=float(seconds), seed=99)  # fmt: skip
    _, body = sent(fake)
    assert body[key] == seconds and isinstance(body[key], int)
    assert ("seed" in body) == (profile == "stable-audio-25")  # Stable Audio Open takes none
    assert result.kind == "audio" and result.mime == mime
    assert probe_audio(result.data).duration_seconds == pytest.approx(seconds, abs=0.1)


@pytest.mark.parametrize(("profile", "field"), [
    ("trellis", "image_url"), ("hunyuan", "input_image_url"),
])  # fmt: skip
def test_to3d_sends_the_image_and_keeps_the_glb_fal_labels_octet_stream(
    profile: str, field: str
) -> None:
    fake = FakeFalQueue(KEY)
    result = run(fake, profile, operation="to3d", init_image=photo(), seed=5)
    _, body = sent(fake)
    assert body[field].startswith("data:image/png;base64,") and body["seed"] == 5
    assert "prompt" not in body
    assert (body.get("textured_mesh") is True) == (profile == "hunyuan")  # the profile's input
    download = fake.requests[-1]
    assert download.url.host == httpx.URL(CDN).host and "authorization" not in download.headers
    assert result.kind == "3d" and result.mime == "model/gltf-binary"
    assert probe_glb(result.data).triangles == 1 and result.info["seed"] == "5"


def test_a_file_that_is_not_the_kind_asked_for_is_refused() -> None:
    fake = FakeFalQueue(KEY, cdn_serves=png("gold", (64, 64)))
    with pytest.raises(Permanent, match="the video file is image/png, not a video"):
        run(fake, "kling", duration_seconds=5)


def test_the_models_own_422_becomes_a_clear_permanent_error() -> None:
    profile = ModelProfile("kling15", "Kling", "fal", provider_model=KLING_T2V, category="video",
                           options={"endpoint_durations": ["5", "10", "15"]})  # fmt: skip
    fake = FakeFalQueue(KEY)
    fal = FalProvider(KEY, base_url=fake.base, transport=fake.transport, retry=NO_RETRY,
                      options={"kling15": profile.options},
                      categories={"kling15": "video"})  # fmt: skip
    pending = fal.generate(make_request(model=KLING_T2V, profile="kling15", duration_seconds=15))
    assert isinstance(fal.poll(pending.handle), Pending)
    with pytest.raises(Permanent) as refused:
        fal.poll(pending.handle)
    assert "HTTP 422" in str(refused.value) and "duration: Input should be '5' or '10'" in str(
        refused.value
    )
    assert KEY not in str(refused.value)


def test_the_fake_refuses_missing_fields_as_pydantic_does() -> None:
    fake = FakeFalQueue(KEY, polls_before_done=0)
    client = httpx.Client(transport=fake.transport, headers={"authorization": f"Key {KEY}"})
    submitted = client.post(f"{fake.base}/{KLING_I2V}", json={"duration": "7"}).json()
    answer = client.get(submitted["response_url"])
    assert answer.status_code == 422
    detail = answer.json()["detail"]
    assert [(d["type"], d["loc"]) for d in detail] == [
        ("missing", ["body", "prompt"]),
        ("missing", ["body", "image_url"]),
        ("literal_error", ["body", "duration"]),
    ]
    assert detail[2]["msg"] == "Input should be '5' or '10'"
    small = "data:image/png;base64," + base64.b64encode(png("gold", (200, 200))).decode()
    again = client.post(f"{fake.base}/{KLING_I2V}", json={"prompt": "go", "image_url": small})
    [refusal] = client.get(again.json()["response_url"]).json()["detail"]
    assert refusal["loc"] == ["body", "image_url"] and "at least 300x300" in refusal["msg"]


def test_busy_statuses_and_downloads_are_retried() -> None:
    fake = FakeFalQueue(KEY, polls_before_done=0)
    failures = {"status": [503], "download": [429]}

    def flaky(req: httpx.Request) -> httpx.Response:
        step = "download" if req.url.host == httpx.URL(CDN).host else req.url.path.rsplit("/")[-1]
        if failures.get(step):
            return httpx.Response(failures[step].pop(), json={"detail": "try again"})
        return fake.handle(req)

    waits: list[float] = []
    retry = RetryPolicy(attempts=3, sleep=waits.append)
    settings = ProviderSettings(_env_file=None, fal_key=KEY, fal_base_url=fake.base)
    fal = build_providers(settings, CATALOG, transport=httpx.MockTransport(flaky), retry=retry)
    provider = fal["fal"]
    assert isinstance(provider, FalProvider)
    pending = provider.generate(request("stable-audio", duration_seconds=3))
    result = provider.poll(pending.handle)
    assert isinstance(result, GenerationResult) and result.mime == "audio/wav"
    assert len(waits) == 2 and failures == {"status": [], "download": []}


def test_cancel_reaches_the_queue_and_a_finished_request_needs_nothing() -> None:
    fake = FakeFalQueue(KEY, polls_before_done=5)
    fal = fal_provider(fake)
    pending = fal.generate(request("kling", duration_seconds=10))
    fal.cancel(pending.handle)
    cancel = fake.requests[-1]
    assert cancel.method == "PUT" and cancel.url.path.endswith("/requests/req-1/cancel")
    finished = FakeFalQueue(KEY, polls_before_done=0)
    done = fal_provider(finished).generate(request("kling"))
    fal_provider(finished).cancel(done.handle)  # 400 ALREADY_COMPLETED: nothing more to do


def test_a_voice_profile_on_fal_is_refused_naming_what_fal_makes() -> None:
    fake = FakeFalQueue(KEY)
    fal = FalProvider(KEY, base_url=fake.base, transport=fake.transport, retry=NO_RETRY,
                      categories={"speaker": "voice"})  # fmt: skip
    with pytest.raises(Permanent, match="fal makes: image, video, music, 3d"):
        fal.generate(make_request(model="some-tts", profile="speaker"))
    assert fake.requests == []
    voice = ModelProfile("speaker", "Speaker", "fal", category="voice")
    configured: dict[str, ImageProvider] = {"fal": fal}
    with pytest.raises(LightboxError, match='"speaker": category: fal does not make voice'):
        check_catalog(ModelCatalog(profiles={"speaker": voice}, default="speaker"), configured)


def test_images_on_fal_are_unchanged_beside_media_profiles() -> None:
    fake = FakeFalQueue(KEY)
    result = run(fake, "flux", aspect_ratio="16:9")
    endpoint, body = sent(fake)
    assert endpoint == "fal-ai/flux/dev" and body["image_size"] == {"width": 1024, "height": 576}
    assert result.kind == "image" and result.mime == "image/png"


def test_an_oversized_file_is_refused_before_it_is_fetched() -> None:
    fake = FakeFalQueue(KEY, polls_before_done=0)

    def inflated(req: httpx.Request) -> httpx.Response:
        answer = fake.handle(req)
        if req.url.path.endswith("/requests/req-1"):
            body = answer.json()
            body["video"]["file_size"] = 350_000_000
            return httpx.Response(200, json=body)
        return answer

    fal = FalProvider(KEY, base_url=fake.base, transport=httpx.MockTransport(inflated),
                      retry=NO_RETRY, categories={"kling": "video"})  # fmt: skip
    pending = fal.generate(make_request(model=KLING_T2V, profile="kling", duration_seconds=5))
    with pytest.raises(Permanent, match="the video is 350 MB; Lightbox keeps at most 210 MB"):
        fal.poll(pending.handle)
    assert all(r.url.host != httpx.URL(CDN).host for r in fake.requests)


def test_an_endpoint_of_no_known_family_needs_its_clip_lengths_named() -> None:
    fake = FakeFalQueue(KEY)
    fal = FalProvider(KEY, base_url=fake.base, transport=fake.transport, retry=NO_RETRY,
                      categories={"new": "video"})  # fmt: skip
    with pytest.raises(Permanent, match=r"add options\.endpoint_durations"):
        fal.generate(make_request(model="fal-ai/new-video", profile="new", duration_seconds=4))
    named = FalProvider(KEY, base_url=fake.base, transport=fake.transport, retry=NO_RETRY,
                        categories={"new": "video"},
                        options={"new": {"endpoint_durations": ["4", "8"]}})  # fmt: skip
    named.generate(make_request(model="fal-ai/new-video", profile="new", duration_seconds=4))
    assert sent(fake) == ("fal-ai/new-video", {"prompt": "a red fox in snow", "duration": "4"})


def test_a_locked_account_is_told_once_as_an_exhausted_quota() -> None:
    fake = FakeFalQueue(KEY, locked=True)
    with pytest.raises(Permanent, match="quota is exhausted.*Exhausted balance") as refused:
        fal_provider(fake, RetryPolicy(attempts=3, sleep=lambda _: None)).generate(
            request("kling", duration_seconds=5)
        )
    assert len(fake.requests) == 1 and KEY not in str(refused.value)


def test_klings_start_image_limits_are_checked_and_a_large_photo_goes_as_jpeg() -> None:
    fake = FakeFalQueue(KEY)
    with pytest.raises(Permanent, match="at least 300×300 px, no wider or taller than 2.5:1; "
                       "this one is 1920×600"):  # fmt: skip
        fal_provider(fake).generate(request("kling", operation="animate",
                                            init_image=photo(1920, 600)))  # fmt: skip
    assert fake.requests == []
    noise = np.random.default_rng(7).integers(0, 256, (1500, 2600, 3), dtype=np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(noise).save(buffer, format="PNG", compress_level=1)
    assert len(buffer.getvalue()) > 10_000_000
    result = run(fake, "kling", operation="animate", init_image=buffer.getvalue(),
                 duration_seconds=5)  # fmt: skip
    _, body = sent(fake)
    assert body["image_url"].startswith("data:image/jpeg;base64,") and result.kind == "video"


def test_a_long_video_is_polled_less_often_as_it_runs_and_images_as_before(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = FakeFalQueue(KEY, polls_before_done=5)
    fal = fal_provider(fake)
    clock = [1_000.0]
    monkeypatch.setattr("workers.providers.fal.time.time", lambda: clock[0])
    video = fal.generate(request("kling", duration_seconds=5.0))
    image = fal.generate(request("flux"))
    waits = []
    for age in (0.0, 30.0, 600.0):
        clock[0] = 1_000.0 + age
        polled = fal.poll(video.handle)
        assert isinstance(polled, Pending)
        waits.append(polled.poll_after)
    assert waits == [fal.poll_after, 3.0, fal.poll_after * 5]  # 2 s, a tenth of 30 s, capped
    still = fal.poll(image.handle)
    assert isinstance(still, Pending) and still.poll_after == fal.poll_after
