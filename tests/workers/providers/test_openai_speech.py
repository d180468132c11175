"""OpenAI text-to-speech for voice profiles: the body sent, the audio kept, refusals before
sending and from the API, retries, the awaited path, and images beside voices on one key."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from core.audio_files import probe_audio
from core.catalog import ModelCatalog, ModelProfile
from core.errors import Permanent
from core.media import sniff
from core.ports import GenerationRequest, GenerationResult
from workers.providers.http import RetryPolicy
from workers.providers.openai_images import OpenAIImagesProvider
from workers.providers.registry import ProviderSettings, build_providers

from .fake_openai import no_credit, openai_error, rate_limited
from .fake_openai_speech import FakeOpenAISpeech
from .fakes import NO_RETRY, make_request

KEY = "sk-speech-test-0123456789abcdef"
BASE = "https://openai.test/v1"
LINE = "Welcome aboard, captain. The storm has passed and the harbour lights are on."
PROFILES = (
    ModelProfile("narrator", "Narrator", "openai", provider_model="gpt-4o-mini-tts",
                 category="voice", options={"voice": "coral"}),
    ModelProfile("announcer", "Announcer", "openai", provider_model="tts-1", category="voice",
                 options={"response_format": "mp3"}),
    ModelProfile("gpt-image", "GPT Image", "openai", provider_model="gpt-image-1"),
)  # fmt: skip
CATALOG = ModelCatalog(profiles={p.id: p for p in PROFILES}, default="gpt-image")


def openai(fake: FakeOpenAISpeech, retry: RetryPolicy = NO_RETRY) -> OpenAIImagesProvider:
    settings = ProviderSettings(_env_file=None, openai_api_key=KEY, openai_base_url=BASE)
    provider = build_providers(settings, CATALOG, transport=fake.transport, retry=retry)["openai"]
    assert isinstance(provider, OpenAIImagesProvider)
    return provider


def voice_provider(fake: FakeOpenAISpeech, **options: Any) -> OpenAIImagesProvider:
    """A provider whose profile "v" is a voice profile with `options`."""
    return OpenAIImagesProvider(
        KEY, base_url=BASE, transport=fake.transport, retry=NO_RETRY,
        options={"v": options}, categories={"v": "voice"},
    )  # fmt: skip


def spoken(profile: str = "narrator", **changes: Any) -> GenerationRequest:
    changes.setdefault("prompt", LINE)
    return make_request(model=CATALOG.get(profile).remote_model, profile=profile, **changes)


def speak(fake: FakeOpenAISpeech, request: GenerationRequest) -> GenerationResult:
    result = openai(fake).generate(request)
    assert isinstance(result, GenerationResult)
    return result


def test_a_voice_line_is_spoken_as_opus_for_telegram_voice_notes() -> None:
    fake = FakeOpenAISpeech(KEY)
    request = spoken(op_params={"instructions": "Warm and calm, like a ship's captain."})
    result = speak(fake, request)
    assert fake.fields == [{
        "model": "gpt-4o-mini-tts", "input": LINE, "voice": "coral", "response_format": "opus",
        "instructions": "Warm and calm, like a ship's captain.",
    }]  # fmt: skip
    sent = fake.requests[0]
    assert sent.url.path == "/v1/audio/speech" and sent.headers["authorization"] == f"Bearer {KEY}"
    assert sent.headers["accept"] == "application/octet-stream"
    assert result.kind == "audio" and result.mime == "audio/ogg" and result.poster is None
    audio = probe_audio(result.data)
    assert audio.codec == "opus" and audio.duration_seconds == pytest.approx(0.4 * 13, abs=0.1)
    assert result.info == {"endpoint": "speech", "voice": "coral", "format": "opus"}


def test_the_requests_voice_and_speed_win_over_the_profiles() -> None:
    fake = FakeOpenAISpeech(KEY)
    result = speak(fake, spoken("announcer", voice="onyx", op_params={"speed": "1.5"}))
    assert fake.fields[0]["voice"] == "onyx" and fake.fields[0]["speed"] == 1.5
    assert fake.fields[0]["response_format"] == "mp3" and result.mime == "audio/mpeg"


@pytest.mark.parametrize(("fmt", "mime"), [("wav", "audio/wav"), ("flac", "audio/flac")])
def test_other_kept_formats(fmt: str, mime: str) -> None:
    fake = FakeOpenAISpeech(KEY)
    provider = voice_provider(fake, response_format=fmt)
    result = provider.generate(make_request(model="tts-1-hd", profile="v", prompt=LINE))
    assert isinstance(result, GenerationResult) and result.mime == mime


@pytest.mark.parametrize(("request_", "message"), [
    (spoken(prompt="x" * 5000), "the line is 5000 characters; text-to-speech reads at most 4096"),
    (spoken("announcer", op_params={"instructions": "whisper"}), "tts-1 takes no instructions"),
    (spoken(op_params={"speed": "5"}), "speed must be from 0.25 to 4, not 5"),
    (spoken(op_params={"speed": "fast"}), "speed must be a number, not 'fast'"),
    (spoken(prompt="   "), "there is no line to speak"),
])  # fmt: skip
def test_what_the_api_documents_as_refused_is_refused_before_sending(
    request_: GenerationRequest, message: str
) -> None:
    fake = FakeOpenAISpeech(KEY)
    with pytest.raises(Permanent, match=message):
        openai(fake).generate(request_)
    assert fake.requests == []


def test_formats_lightbox_cannot_keep_are_refused_naming_the_ones_it_can() -> None:
    fake = FakeOpenAISpeech(KEY)
    provider = voice_provider(fake, response_format="pcm")
    with pytest.raises(Permanent, match="use: opus, mp3, wav, flac, aac"):
        provider.generate(make_request(model="tts-1", profile="v", prompt=LINE))
    assert fake.requests == []


def test_raw_aac_is_kept_as_audio_aac() -> None:
    fake = FakeOpenAISpeech(KEY)
    provider = voice_provider(fake, response_format="aac")
    result = provider.generate(make_request(model="tts-1", profile="v", prompt=LINE))
    assert isinstance(result, GenerationResult)
    assert result.kind == "audio" and result.mime == "audio/aac"
    assert sniff(result.data) == "audio/aac"


def test_an_unknown_voice_is_the_apis_refusal_told_once() -> None:
    fake = FakeOpenAISpeech(KEY)
    with pytest.raises(Permanent) as refused:
        openai(fake, RetryPolicy(attempts=3, sleep=lambda _: None)).generate(spoken(voice="bob"))
    text = str(refused.value)
    assert text.startswith("openai: speech was refused (HTTP 400): Invalid value: 'bob'.")
    assert "'marin', and 'cedar'" in text and len(fake.requests) == 1 and KEY not in text


def test_rate_limits_and_server_errors_are_retried_and_no_credit_is_not() -> None:
    waits: list[float] = []
    busy = openai_error(500, "The server had an error processing your request.", "server_error")
    fake = FakeOpenAISpeech(KEY, script=[rate_limited(1200), busy])
    result = speak_with(fake, RetryPolicy(attempts=3, sleep=waits.append))
    assert result.mime == "audio/ogg" and waits == [1.2, 2.0] and len(fake.requests) == 3
    broke = FakeOpenAISpeech(KEY, script=[no_credit()])
    with pytest.raises(Permanent, match="quota is exhausted"):
        speak_with(broke, RetryPolicy(attempts=3, sleep=waits.append))
    assert len(broke.requests) == 1


def speak_with(fake: FakeOpenAISpeech, retry: RetryPolicy) -> GenerationResult:
    result = openai(fake, retry).generate(spoken())
    assert isinstance(result, GenerationResult)
    return result


def test_the_awaited_call_sends_the_same_body_and_keeps_the_same_audio() -> None:
    fake = FakeOpenAISpeech(KEY)
    provider = openai(fake)
    assert provider.awaitable  # MockTransport can be awaited: the call pool takes it
    blocking = provider.generate(spoken())
    awaited = asyncio.run(provider.generate_async(spoken()))
    assert fake.fields[0] == fake.fields[1]
    assert isinstance(blocking, GenerationResult) and awaited.mime == blocking.mime == "audio/ogg"
    seconds = probe_audio(awaited.data).duration_seconds
    assert seconds == pytest.approx(probe_audio(blocking.data).duration_seconds)
    assert awaited.kind == "audio" and awaited.info == blocking.info


def test_images_and_voices_share_one_key_and_other_categories_are_refused() -> None:
    fake = FakeOpenAISpeech(KEY)
    provider = openai(fake)
    image = provider.generate(make_request(model="gpt-image-1", profile="gpt-image"))
    assert isinstance(image, GenerationResult) and image.kind == "image"
    assert fake.requests[-1].url.path == "/v1/images/generations"
    video = OpenAIImagesProvider(KEY, base_url=BASE, transport=fake.transport, retry=NO_RETRY,
                                 categories={"clip": "video"})  # fmt: skip
    with pytest.raises(Permanent, match="openai makes: image, voice"):
        video.generate(make_request(model="sora-2", profile="clip"))
    assert len(fake.requests) == 1


def test_an_answer_that_is_not_audio_is_refused() -> None:
    fake = FakeOpenAISpeech(KEY, script=[httpx.Response(200, content=b"<html>oops</html>")])
    with pytest.raises(Permanent, match="the speech answer is not an audio file"):
        speak(fake, spoken())


@pytest.mark.parametrize(("body", "status", "code", "message"), [
    ({"input": "x" * 4097}, 400, None, "'msg': 'String should have at most 4096 characters'"),
    ({"speed": 5}, 400, "decimal_above_max_value",
     "Invalid 'speed': decimal above maximum value. Expected a value <= 4, but got 5 instead."),
    ({"speed": 0.1}, 400, "decimal_below_min_value",
     "Invalid 'speed': decimal below minimum value. Expected a value >= 0.25, but got 0.1"),
    ({"model": "tts-1", "instructions": "whisper"}, 400, None, "instructions is not supported"),
    ({"model": "tts-2"}, 404, "model_not_found", "The model `tts-2` does not exist"),
    ({"response_format": "ogg"}, 400, "invalid_value", "Invalid value: 'ogg'."),
    ({"seed": 1}, 400, "unknown_parameter", "Unknown parameter: 'seed'."),
])  # fmt: skip
def test_the_fake_refuses_what_the_api_refuses(
    body: dict[str, Any], status: int, code: str | None, message: str
) -> None:
    fake = FakeOpenAISpeech(KEY)
    sent = {"model": "gpt-4o-mini-tts", "input": "Hello.", "voice": "alloy", **body}
    client = httpx.Client(transport=fake.transport, headers={"authorization": f"Bearer {KEY}"})
    answer = client.post(f"{BASE}/audio/speech", json=sent)
    error = answer.json()["error"]
    assert answer.status_code == status and error["code"] == code
    assert error["type"] == "invalid_request_error" and message in error["message"]


def test_a_wrong_key_is_refused_once_without_showing_it() -> None:
    fake = FakeOpenAISpeech("sk-the-right-key-0123456789")
    with pytest.raises(Permanent) as refused:
        speak(fake, spoken())
    text = str(refused.value)
    assert "speech was refused (HTTP 401): Incorrect API key provided." in text
    assert KEY not in text and len(fake.requests) == 1
