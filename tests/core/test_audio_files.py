"""Audio bytes: local-preview music and voice, probing, and waveform posters."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from core.audio_files import probe_audio, speech, tones, waveform
from core.errors import BadInput
from core.media import sniff


def test_music_lasts_the_asked_seconds_as_mp3_and_follows_the_prompt() -> None:
    data, mime = tones("calm piano by the sea", seconds=6)

    assert mime == "audio/mpeg" and sniff(data) == mime
    info = probe_audio(data)
    assert info.codec == "mp3" and info.sample_rate == 48_000 and info.channels == 1
    assert info.duration_seconds == pytest.approx(6.0, abs=0.1)
    assert tones("calm piano by the sea", seconds=6)[0] == data  # same prompt, same clip
    assert tones("fast dark techno", seconds=6)[0] != data


def test_a_voice_line_is_ogg_opus_as_long_as_its_words() -> None:
    line = "The lighthouse keeper waves from the rocks"  # 7 words

    data = speech(line, voice="nova")

    assert sniff(data) == "audio/ogg"
    info = probe_audio(data)
    assert info.codec == "opus"
    assert info.duration_seconds == pytest.approx(7 * 0.35, abs=0.05)
    assert speech(line, voice="onyx") != data  # another voice, another pitch
    slow = probe_audio(speech(line, voice="nova", seconds_per_word=0.6))
    assert slow.duration_seconds == pytest.approx(7 * 0.6, abs=0.05)


def test_waveform_poster_is_a_png_of_the_asked_size_with_the_sound_drawn() -> None:
    data, _ = tones("a march", seconds=3)

    png = waveform(data, width=640, height=240)

    with Image.open(io.BytesIO(png)) as picture:
        assert (picture.format, picture.size) == ("PNG", (640, 240))
        colours = picture.convert("RGB").getcolors(maxcolors=100_000) or []
    assert len(colours) > 1


def test_bad_audio_and_bad_lines_are_refused_by_name() -> None:
    data, _ = tones("x", seconds=2)
    with pytest.raises(BadInput, match="audio"):
        probe_audio(b"garbage" * 50)
    with pytest.raises(BadInput, match="empty"):
        probe_audio(b"")
    with pytest.raises(BadInput, match="audio"):
        probe_audio(data[:40])
    with pytest.raises(BadInput, match="line to speak is empty"):
        speech("   ", voice="nova")
    with pytest.raises(BadInput, match="600 seconds"):
        tones("too long", seconds=601)


def _encoded(fmt: str, codec: str) -> bytes:
    import av
    import numpy as np

    out = io.BytesIO()
    with av.open(out, "w", format=fmt) as container:
        stream = container.add_stream(codec, rate=44100)
        frame = av.AudioFrame.from_ndarray(
            np.zeros((1, 44100), dtype=np.float32), format="fltp", layout="mono"
        )
        frame.sample_rate = 44100
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            container.mux(packet)
    return out.getvalue()


def test_raw_aac_is_told_from_mp3_without_a_tag() -> None:
    aac, mp3 = _encoded("adts", "aac"), _encoded("mp3", "libmp3lame")
    tag = sum((b & 0x7F) << (7 * (3 - i)) for i, b in enumerate(mp3[6:10]))  # syncsafe size
    bare_mp3 = mp3[10 + tag :] if mp3.startswith(b"ID3") else mp3
    assert bare_mp3[0] == 0xFF  # a frame header, as a stream without a tag starts

    assert sniff(aac) == "audio/aac"
    assert sniff(mp3) == sniff(bare_mp3) == "audio/mpeg"
