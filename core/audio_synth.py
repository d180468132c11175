"""Sound made from text, deterministically: a melody for a prompt, syllable tones for a line."""

from __future__ import annotations

import hashlib
import re

import numpy as np

SAMPLE_RATE = 48_000

_SCALES = {
    "major": (0, 2, 4, 5, 7, 9, 11),
    "minor": (0, 2, 3, 5, 7, 8, 10),
    "pentatonic": (0, 2, 4, 7, 9),
    "minor pentatonic": (0, 3, 5, 7, 10),
    "dorian": (0, 2, 3, 5, 7, 9, 10),
}
_DARK = {"dark", "sad", "gloomy", "night", "minor", "moody", "horror", "melancholy"}
_BRIGHT = {"happy", "bright", "sunny", "joy", "joyful", "cheerful", "major", "upbeat"}
_CALM = {"calm", "slow", "ambient", "peaceful", "gentle", "soft", "relaxing", "lullaby"}
_FAST = {"fast", "energetic", "upbeat", "dance", "action", "quick", "intense", "epic"}
# Formants (Hz) of the vowel a syllable is sung on: what makes tones sound a little like speech.
_VOWELS = {"a": (800, 1200), "e": (500, 1900), "i": (300, 2300), "o": (500, 900), "u": (350, 800)}


def melody(prompt: str, seconds: float) -> np.ndarray:
    """`seconds` of mono float samples: a tune whose scale, key, tempo and notes follow `prompt`."""
    seed = _seed(prompt)
    rng = np.random.default_rng(seed)
    words = set(re.findall(r"[a-z]+", prompt.lower()))
    scale = _scale(words, seed)
    tempo = 70 + seed % 60
    if words & _CALM:
        tempo = 56 + seed % 24
    if words & _FAST:
        tempo = 132 + seed % 36
    root = 220.0 * 2 ** ((seed >> 8) % 12 / 12) * (0.75 if words & _DARK else 1.0)
    total = max(1, round(seconds * SAMPLE_RATE))
    out = np.zeros(total, dtype=np.float64)
    beat = 60.0 / tempo
    degree, start = 0, 0.0
    while start < seconds:
        length = beat * float(rng.choice((0.5, 1.0, 1.0, 2.0)))
        degree = int(np.clip(degree + rng.integers(-2, 3), -len(scale), 2 * len(scale)))
        _add(out, _note(_pitch(root, scale, degree), length, bright=0.35), start)
        if round(start / beat) % 4 == 0:  # a soft bass note on each bar's first beat
            _add(out, 0.5 * _note(root / 2, beat * 2, bright=0.1), start)
        start += length
    return 0.6 * out / max(float(np.max(np.abs(out))), 1e-9)


def syllables(words: list[str], voice: str, seconds_per_word: float) -> np.ndarray:
    """Mono float samples lasting len(words) × seconds_per_word: per word, a run of voiced
    syllables on its vowels, the voice's pitch from a hash of its id; a short gap after each."""
    base = 95.0 + _seed(voice) % 170  # Hz: 95 (low) … 265 (high)
    word_samples = round(seconds_per_word * SAMPLE_RATE)
    out = np.zeros(word_samples * len(words), dtype=np.float64)
    for index, word in enumerate(words):
        vowels = re.findall(r"[aeiouy]+", word.lower()) or ["a"]
        vowels = vowels[:4]
        voiced = int(word_samples * 0.82)
        each = voiced // len(vowels)
        lift = 1.0 + 0.06 * ((_seed(word) % 5) - 2) / 2
        for position, vowel in enumerate(vowels):
            pitch = base * lift * (1.0 - 0.04 * position)
            tone = _voiced(pitch, each, _VOWELS.get(vowel[0], _VOWELS["a"]))
            start = index * word_samples + position * each
            out[start : start + each] += tone
    return 0.7 * out / max(float(np.max(np.abs(out))), 1e-9)


def _seed(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.strip().lower().encode()).digest()[:8], "big")


def _scale(words: set[str], seed: int) -> tuple[int, ...]:
    if words & _DARK:
        return _SCALES["minor" if seed % 2 else "minor pentatonic"]
    if words & _BRIGHT:
        return _SCALES["major" if seed % 2 else "pentatonic"]
    names = sorted(_SCALES)
    return _SCALES[names[seed % len(names)]]


def _pitch(root: float, scale: tuple[int, ...], degree: int) -> float:
    octave, step = divmod(degree, len(scale))
    return root * 2 ** (octave + scale[step] / 12)


def _note(frequency: float, seconds: float, *, bright: float) -> np.ndarray:
    t = np.arange(round(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    wave = np.sin(2 * np.pi * frequency * t) + bright * np.sin(4 * np.pi * frequency * t)
    attack = np.minimum(t / 0.02, 1.0)
    decay = np.exp(-t * 2.5 / max(seconds, 0.05))
    return wave * attack * decay


def _voiced(pitch: float, samples: int, formants: tuple[int, int]) -> np.ndarray:
    """A syllable: harmonics of `pitch` weighted by closeness to the vowel's two formants."""
    t = np.arange(samples) / SAMPLE_RATE
    glide = pitch * (1.0 + 0.05 * np.sin(np.pi * t / max(t[-1], 1e-3) if samples else t))
    phase = 2 * np.pi * np.cumsum(glide) / SAMPLE_RATE
    wave = np.zeros(samples)
    for harmonic in range(1, 16):
        frequency = pitch * harmonic
        weight = sum(np.exp(-(((frequency - f) / 180.0) ** 2)) for f in formants) + 0.3 / harmonic
        wave += weight * np.sin(harmonic * phase)
    envelope = np.sin(np.pi * np.arange(samples) / max(samples, 1)) ** 0.6
    return wave * envelope


def _add(out: np.ndarray, sound: np.ndarray, start_seconds: float) -> None:
    start = round(start_seconds * SAMPLE_RATE)
    end = min(out.size, start + sound.size)
    if start < end:
        out[start:end] += sound[: end - start]
