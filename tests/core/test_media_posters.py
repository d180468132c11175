"""Any media kind: probe says what it holds, poster gives the PNG that stands for it."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from core.audio_files import speech, tones
from core.errors import BadInput
from core.media_posters import poster, probe
from core.model3d_files import quad_glb
from core.video_files import animate_image
from tests.core.media_samples import photo

STILL = photo((640, 360))


def samples() -> list[tuple[str, bytes, str]]:
    return [
        ("video", animate_image(STILL, seconds=1, width=320, height=180), "video/mp4"),
        ("audio", tones("a waltz", seconds=2)[0], "audio/mpeg"),
        ("audio", speech("hello there", voice="nova"), "audio/ogg"),
        ("3d", quad_glb(STILL), "model/gltf-binary"),
        ("image", STILL, "image/jpeg"),
    ]


def test_every_kind_is_probed_and_gets_a_png_poster() -> None:
    found = {}
    for kind, data, mime in samples():
        info = probe(data, mime)
        assert (info.kind, info.mime) == (kind, mime)
        with Image.open(io.BytesIO(poster(kind, data, mime))) as picture:
            assert picture.format == "PNG"
            found[mime] = (info, picture.size)
    video, frame = found["video/mp4"]
    assert (video.width, video.height, frame) == (320, 180, (320, 180))
    assert video.duration_seconds == pytest.approx(1.0, abs=1 / 24)
    assert found["audio/mpeg"][0].duration_seconds == pytest.approx(2.0, abs=0.1)
    assert found["audio/ogg"][0].duration_seconds == pytest.approx(0.7, abs=0.05)
    assert found["model/gltf-binary"][0].duration_seconds is None
    assert found["image/jpeg"][0].width == 640


def test_a_file_that_is_not_what_its_type_says_is_refused() -> None:
    with pytest.raises(BadInput, match="video"):
        probe(STILL, "video/mp4")
    with pytest.raises(BadInput, match="glTF"):
        probe(STILL, "model/gltf-binary")
    with pytest.raises(BadInput, match="not a media kind"):
        poster("hologram", STILL, "image/jpeg")
