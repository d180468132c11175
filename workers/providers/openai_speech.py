"""OpenAI text-to-speech (voice profiles): one `POST /v1/audio/speech`, raw audio bytes back.

From the API reference (audio/createSpeech) and openai-python's `SpeechCreateParams`: `model`
(`tts-1`, `tts-1-hd`, `gpt-4o-mini-tts`, `gpt-4o-mini-tts-2025-12-15`), `input` ("The maximum
length is 4096 characters"), `voice` (alloy, ash, ballad, coral, echo, fable, onyx, nova, sage,
shimmer, verse, marin, cedar — or a custom voice id; the service judges it), `instructions`
("Does not work with `tts-1` or `tts-1-hd`"), `response_format` (mp3, opus, aac, flac, wav,
pcm; default mp3), `speed` ("from 0.25 to 4.0. 1.0 is the default"). The answer is the audio
file itself (the SDK sends `Accept: application/octet-stream`); errors are OpenAI's JSON error
bodies, mapped like the Images API's (workers.providers.refusals).
Lightbox asks for Opus (Ogg), which Telegram plays as a voice note; raw `pcm` has no container
Lightbox keeps (core.media), so it is refused; ADTS `aac` is kept and sent as a file.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from core.catalog import ModelCatalog
from core.errors import LightboxError, Permanent
from core.media import AUDIO, kind_of, sniff
from core.ports import GenerationRequest, GenerationResult
from workers.providers.http import ProviderHTTP
from workers.providers.profiles import Options, options_for

MAX_INPUT = 4096
FORMATS = ("opus", "mp3", "wav", "flac", "aac")  # the ones core.media keeps
SPEED_RANGE = (0.25, 4.0)
NO_INSTRUCTIONS = ("tts-1", "tts-1-hd")
DEFAULT_VOICE = "alloy"


@dataclass(frozen=True)
class SpeechCall:
    """The JSON body of one speech request and what it reports."""

    body: dict[str, Any]
    info: dict[str, str]


class OpenAISpeech:
    """Speaks a line with a voice; shares the Images provider's HTTP client and key."""

    def __init__(self, http: ProviderHTTP, options: Options):
        self.http = http
        self.options = options

    def call(self, request: GenerationRequest) -> SpeechCall:
        """The request body; what the API documents as refused is refused here, unsent."""
        return speech_call(self.http.provider, request, options_for(self.options, request))

    def generate(self, request: GenerationRequest) -> GenerationResult:
        started = time.perf_counter()
        call = self.call(request)
        response = self.http.request("POST", "audio/speech", what="speech", **_sent(call))
        return self._result(call, response, started)

    async def generate_async(self, request: GenerationRequest) -> GenerationResult:
        """`generate`, awaiting the call instead of holding a thread for it."""
        started = time.perf_counter()
        call = self.call(request)
        response = await self.http.request_async(
            "POST", "audio/speech", what="speech", **_sent(call)
        )
        return self._result(call, response, started)

    def _result(
        self, call: SpeechCall, response: httpx.Response, started: float
    ) -> GenerationResult:
        data = response.content
        mime = sniff(data)
        if mime is None or kind_of(mime) != AUDIO:
            raise self.http.error("malformed response (the speech answer is not an audio file)")
        return GenerationResult(
            data=data,
            mime=mime,
            provider=self.http.provider,
            seconds=time.perf_counter() - started,
            info=dict(call.info),
            kind=AUDIO,
        )


def speech_call(name: str, request: GenerationRequest, opts: Mapping[str, Any]) -> SpeechCall:
    """The request body; what the API documents as refused is refused here, unsent."""
    line = request.prompt.strip()
    if not line:
        raise Permanent(f"{name}: there is no line to speak")
    if len(line) > MAX_INPUT:
        raise Permanent(
            f"{name}: the line is {len(line)} characters; text-to-speech reads at most {MAX_INPUT}"
        )
    fmt = str(opts.get("response_format", "opus"))
    if fmt not in FORMATS:
        raise Permanent(
            f'{name}: response_format "{fmt}" makes files Lightbox does not keep; '
            f"use: {', '.join(FORMATS)}"
        )
    voice = request.voice or str(opts.get("voice") or DEFAULT_VOICE)
    body: dict[str, Any] = {
        "model": request.model,
        "input": line,
        "voice": voice,
        "response_format": fmt,
    }
    speed = _speed(name, request, opts)
    if speed is not None:
        body["speed"] = speed
    instructions = str(request.op_params.get("instructions") or opts.get("instructions") or "")
    if instructions:
        if request.model in NO_INSTRUCTIONS:
            raise Permanent(
                f"{name}: {request.model} takes no instructions (tone, accent); "
                "gpt-4o-mini-tts does"
            )
        body["instructions"] = instructions
    return SpeechCall(body, {"endpoint": "speech", "voice": voice, "format": fmt})


def _sent(call: SpeechCall) -> dict[str, Any]:
    return {"json": call.body, "headers": {"Accept": "application/octet-stream"}}


def _speed(name: str, request: GenerationRequest, opts: Mapping[str, Any]) -> float | None:
    raw = request.op_params.get("speed", opts.get("speed"))
    if raw is None:
        return None
    try:
        speed = float(raw)
    except (TypeError, ValueError):
        raise Permanent(f"{name}: speed must be a number, not {raw!r}") from None
    low, high = SPEED_RANGE
    if not low <= speed <= high:
        raise Permanent(f"{name}: speed must be from {low:g} to {high:g}, not {speed:g}")
    return speed


def check_speech_profiles(catalog: ModelCatalog) -> None:
    """Refuse to start when an OpenAI voice profile's options could never be sent."""
    for profile in catalog.profiles.values():
        if profile.provider != "openai" or profile.category != "voice":
            continue
        request = GenerationRequest(
            prompt="check", negative_prompt="", width=1, height=1, resolution="1K",
            aspect_ratio="1:1", seed=0, model=profile.remote_model, profile=profile.id,
        )  # fmt: skip
        try:
            speech_call("openai", request, profile.options)
        except Permanent as exc:
            raise LightboxError(f'model "{profile.id}": options: {exc}') from None
