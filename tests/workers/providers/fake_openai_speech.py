"""The OpenAI fake, extended with `POST /v1/audio/speech`: refusals as the API words them, real
audio in the asked format.

Rules from the API reference (audio/createSpeech), openai-python's `SpeechCreateParams` and the
OpenAPI spec's CreateSpeechRequest: `model`, `input`, `voice` required; `input` at most 4096
characters (the API's refusal, as users report it: "[{'type': 'string_too_long', 'loc':
('body', 'input'), 'msg': 'String should have at most 4096 characters', 'ctx': {'max_length':
4096}}]"); voices alloy, ash, ballad, coral, echo, fable, onyx, nova, sage, shimmer, verse,
marin, cedar (an unknown one: "Invalid value: 'x'. Supported values are: …", code
invalid_value); `instructions` "does not work with tts-1 or tts-1-hd" (wording ours);
`speed` 0.25–4.0 (OpenAI's numeric wording: "Invalid 'speed': decimal above maximum value.
Expected a value <= 4, but got 5 instead.", code decimal_above_max_value); `response_format`
mp3, opus, aac, flac, wav, pcm (default mp3). An unknown model: 404 model_not_found. The answer
is the audio file, about 0.4 s per word.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import httpx

from .fake_openai import FakeOpenAIImages, openai_error
from .media_samples import encoded, flac, mp3, ogg_opus, tone, wav

MODELS = ("tts-1", "tts-1-hd", "gpt-4o-mini-tts", "gpt-4o-mini-tts-2025-12-15")
VOICES = (
    "alloy", "ash", "ballad", "coral", "echo", "fable", "onyx", "nova", "sage", "shimmer",
    "verse", "marin", "cedar",
)  # fmt: skip
FORMATS = ("mp3", "opus", "aac", "flac", "wav", "pcm")
FIELDS = {"model", "input", "voice", "instructions", "response_format", "speed", "stream_format"}
CONTENT_TYPES = {
    "mp3": "audio/mpeg",
    "opus": "audio/ogg",
    "aac": "audio/aac",
    "flac": "audio/flac",
    "wav": "audio/wav",
    "pcm": "audio/pcm",
}


def invalid(message: str, param: str | None = None, code: str | None = None) -> httpx.Response:
    return openai_error(400, message, "invalid_request_error", param=param, code=code)


def listed(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values[:-1]) + f", and '{values[-1]}'"


@dataclass
class FakeOpenAISpeech(FakeOpenAIImages):
    """Images as before, and speech: the fields sent are kept in `fields` like the images'."""

    def handle(self, request: httpx.Request) -> httpx.Response:
        if request.url.path != "/v1/audio/speech":
            return super().handle(request)
        request.read()
        self.requests.append(request)
        if request.headers.get("authorization") != f"Bearer {self.key}":
            return openai_error(
                401, "Incorrect API key provided.", "invalid_request_error", code="invalid_api_key"
            )
        sent = json.loads(request.content)
        self.fields.append(sent)
        refusal = speech_refusal(sent)
        if refusal is not None:
            return refusal
        if self.script:
            return self.script.pop(0)
        fmt = sent.get("response_format", "mp3")
        seconds = max(0.5, 0.4 * len(str(sent["input"]).split()) / float(sent.get("speed", 1)))
        return httpx.Response(
            200, content=speech_audio(fmt, seconds), headers={"content-type": CONTENT_TYPES[fmt]}
        )


def speech_refusal(sent: dict[str, Any]) -> httpx.Response | None:
    for name in sent:
        if name not in FIELDS:
            return invalid(f"Unknown parameter: '{name}'.", name, "unknown_parameter")
    for name in ("model", "input", "voice"):
        if name not in sent:
            message = f"Missing required parameter: '{name}'."
            return invalid(message, name, "missing_required_parameter")
    model = sent["model"]
    if model not in MODELS:
        message = f"The model `{model}` does not exist or you do not have access to it."
        return openai_error(404, message, "invalid_request_error", code="model_not_found")
    if len(sent["input"]) > 4096:
        return invalid(
            "[{'type': 'string_too_long', 'loc': ('body', 'input'), 'msg': 'String should "
            "have at most 4096 characters', 'ctx': {'max_length': 4096}}]"
        )
    if sent["voice"] not in VOICES:
        message = f"Invalid value: '{sent['voice']}'. Supported values are: {listed(VOICES)}."
        return invalid(message, "voice", "invalid_value")
    fmt = sent.get("response_format", "mp3")
    if fmt not in FORMATS:
        message = f"Invalid value: '{fmt}'. Supported values are: {listed(FORMATS)}."
        return invalid(message, "response_format", "invalid_value")
    if sent.get("instructions") and model in ("tts-1", "tts-1-hd"):
        return invalid(f"instructions is not supported with {model}.", "instructions")
    speed = sent.get("speed", 1.0)
    for bound, word, code in ((4.0, "above maximum", "max"), (0.25, "below minimum", "min")):
        if (speed > bound) if code == "max" else (speed < bound):
            sign = "<=" if code == "max" else ">="
            return invalid(
                f"Invalid 'speed': decimal {word} value. Expected a value {sign} {bound:g}, "
                f"but got {speed:g} instead.",
                "speed",
                f"decimal_{word.split()[0]}_{code}_value",
            )
    return None


def speech_audio(fmt: str, seconds: float) -> bytes:
    if fmt == "opus":
        return ogg_opus(seconds)
    if fmt == "flac":
        return flac(seconds)
    if fmt == "wav":
        return wav(seconds, 24000)
    if fmt == "pcm":
        return tone(seconds, 24000).tobytes()
    if fmt == "aac":
        return encoded(seconds, "aac", "adts")
    return mp3(seconds)
