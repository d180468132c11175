"""Audio bytes with PyAV: probe a clip, draw its waveform, make local-preview music and voice."""

from __future__ import annotations

import io
from dataclasses import dataclass

import av
import av.container
import numpy as np
from PIL import Image, ImageDraw

from core.audio_synth import SAMPLE_RATE, melody, syllables
from core.av_containers import opened
from core.errors import BadInput

MUSIC_MIME = "audio/mpeg"  # libmp3lame ships with PyAV's wheels: MP3, what sendAudio plays
VOICE_MIME = "audio/ogg"  # Opus in Ogg, what Telegram's sendVoice shows as a voice note
_MAX_SECONDS = 600.0


@dataclass(frozen=True)
class AudioInfo:
    """What an audio file holds."""

    duration_seconds: float
    codec: str
    sample_rate: int
    channels: int


def probe_audio(data: bytes) -> AudioInfo:
    """Length, codec, sample rate and channels of an audio file; BadInput when undecodable."""
    with opened(data, "audio") as container:
        if not container.streams.audio:
            raise BadInput("the file has no audio stream")
        stream = container.streams.audio[0]
        samples = 0
        for frame in container.decode(stream):
            samples += frame.samples
        rate = stream.codec_context.sample_rate
        if samples == 0 or not rate:
            raise BadInput("the audio has no decodable sound")
        return AudioInfo(
            duration_seconds=samples / rate,
            codec=stream.codec.canonical_name,
            sample_rate=rate,
            channels=stream.codec_context.channels,
        )


def tones(prompt: str, *, seconds: float) -> tuple[bytes, str]:
    """A music clip whose scale, tempo and notes come from the prompt (same prompt, same clip);
    returns (MP3 bytes, "audio/mpeg")."""
    _check_length(seconds)
    return _encode(melody(prompt, seconds), "mp3", "libmp3lame", 128_000), MUSIC_MIME


def speech(line: str, *, voice: str, seconds_per_word: float = 0.35) -> bytes:
    """An Ogg/Opus "local preview" voice clip: syllable-like tones, one run per word of `line`
    (so it lasts words × seconds_per_word), pitched by the voice id. Not real speech."""
    words = line.split()
    if not words:
        raise BadInput("the line to speak is empty")
    if not 0.05 <= seconds_per_word <= 5:
        raise BadInput(f"seconds per word go from 0.05 to 5, not {seconds_per_word:g}")
    _check_length(len(words) * seconds_per_word)
    return _encode(syllables(words, voice, seconds_per_word), "ogg", "libopus", 48_000)


def waveform(data: bytes, *, width: int = 1024, height: int = 512) -> bytes:
    """A PNG poster of the clip's waveform: per column, the loudest and quietest sample."""
    if not (64 <= width <= 4096 and 64 <= height <= 4096):
        raise BadInput(f"a waveform is 64 to 4096 pixels a side, not {width}×{height}")
    samples = _mono(data)
    picture = Image.new("RGB", (width, height), (24, 26, 33))
    draw = ImageDraw.Draw(picture)
    middle = height / 2
    draw.line([(0, middle), (width, middle)], fill=(60, 64, 78), width=1)
    columns = np.array_split(samples, width) if samples.size >= width else [samples] * width
    peak = max(float(np.max(np.abs(samples))), 1e-6)
    for x, column in enumerate(columns):
        if column.size == 0:
            continue
        high = float(column.max()) / peak
        low = float(column.min()) / peak
        top, bottom = middle - high * middle * 0.9, middle - low * middle * 0.9
        draw.line([(x, top), (x, max(bottom, top + 1))], fill=(120, 190, 255), width=1)
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


def _mono(data: bytes) -> np.ndarray:
    """Every sample of the clip, channels averaged, as float32 in −1…1."""
    with opened(data, "audio") as container:
        if not container.streams.audio:
            raise BadInput("the file has no audio stream")
        stream = container.streams.audio[0]
        resampler = av.AudioResampler(format="flt", layout="mono", rate=8_000)
        chunks = [
            out.to_ndarray().reshape(-1)
            for frame in container.decode(stream)
            for out in resampler.resample(frame)
        ]
        chunks += [out.to_ndarray().reshape(-1) for out in resampler.resample(None)]
    if not chunks:
        raise BadInput("the audio has no decodable sound")
    return np.concatenate(chunks).astype(np.float32)


def _check_length(seconds: float) -> None:
    if not 0 < seconds <= _MAX_SECONDS:
        raise BadInput(f"a clip lasts more than 0 and at most 600 seconds, not {seconds:g}")


def _encode(samples: np.ndarray, container_format: str, codec: str, bit_rate: int) -> bytes:
    """Mono float samples at SAMPLE_RATE, encoded with `codec` in a `container_format` file."""
    out = io.BytesIO()
    with av.open(out, mode="w", format=container_format) as container:
        stream = container.add_stream(codec, rate=SAMPLE_RATE, layout="mono")
        if not isinstance(stream, av.AudioStream):
            raise TypeError(f"{codec} is not an audio codec")
        stream.bit_rate = bit_rate
        _write(container, stream, samples)
    return out.getvalue()


def _write(
    container: av.container.OutputContainer, stream: av.AudioStream, samples: np.ndarray
) -> None:
    step = 4_800
    clipped = np.clip(samples, -1.0, 1.0).astype(np.float32)
    for start in range(0, clipped.size, step):
        chunk = clipped[start : start + step]
        frame = av.AudioFrame.from_ndarray(chunk.reshape(1, -1), format="flt", layout="mono")
        frame.sample_rate = SAMPLE_RATE
        frame.pts = start
        container.mux(stream.encode(frame))
    container.mux(stream.encode(None))
