"""Video bytes: animating a still, probing, first frames and shrinking to a size."""

from __future__ import annotations

import io

import av
import pytest
from PIL import Image

from core.errors import BadInput
from core.media import sniff
from core.video_files import animate_image, first_frame, probe_video, shrink_video
from core.video_motion import motion_of
from tests.core.media_samples import clip, photo

PHOTO = photo()  # 1920×1080


def test_a_photo_becomes_an_h264_clip_of_the_asked_length_and_size_that_streams() -> None:
    video = animate_image(PHOTO, seconds=2, width=480, height=270, motion="zoom in")

    info = probe_video(video)
    assert (info.width, info.height, info.codec, info.has_audio) == (480, 270, "h264", False)
    assert info.duration_seconds == pytest.approx(2.0, abs=1 / 24)
    assert sniff(video) == "video/mp4"
    assert video.index(b"moov") < video.index(b"mdat")  # faststart: playable while it downloads
    with av.open(io.BytesIO(video), mode="r") as container:
        assert container.streams.video[0].codec_context.pix_fmt == "yuv420p"


def test_odd_sizes_round_down_to_even_and_length_is_whole_frames() -> None:
    video = animate_image(PHOTO, seconds=1.3, width=321, height=181, fps=12)

    info = probe_video(video)
    assert (info.width, info.height) == (320, 180)
    assert info.duration_seconds == pytest.approx(1.3, abs=1 / 12)


def test_the_camera_moves_the_way_the_prompt_says() -> None:
    zoom_in = motion_of("slow zoom in on the castle")
    assert zoom_in.start[0] < zoom_in.end[0]
    zoom_out = motion_of("Zoom out to reveal the valley")
    assert zoom_out.start[0] > zoom_out.end[0]
    left, right = motion_of("pan left"), motion_of("panning right across")
    assert left.start[1] > left.end[1] and right.start[1] < right.end[1]
    up, down = motion_of("pan up"), motion_of("pan down")
    assert up.start[2] > up.end[2] and down.start[2] < down.end[2]
    gentle = motion_of("a dragon breathing fire")
    assert gentle.start[0] < gentle.end[0] and gentle.start[1:] == gentle.end[1:]


def test_first_and_last_frames_differ_as_the_camera_moves() -> None:
    video = animate_image(PHOTO, seconds=1, width=320, height=180, motion="pan right", fps=8)

    with av.open(io.BytesIO(video), mode="r") as container:
        frames = [f.to_ndarray(format="gray") for f in container.decode(video=0)]
    assert len(frames) == 8
    assert abs(frames[0].astype(int) - frames[-1].astype(int)).mean() > 2


def test_first_frame_is_a_png_of_the_video_size() -> None:
    video = animate_image(PHOTO, seconds=0.5, width=320, height=180)

    png = first_frame(video)
    with Image.open(io.BytesIO(png)) as picture:
        assert (picture.format, picture.size) == ("PNG", (320, 180))


def test_a_big_clip_shrinks_under_the_limit_keeping_length_aspect_and_sound() -> None:
    big = clip((640, 360), 2, bit_rate=6_000_000)
    limit = 200_000
    assert len(big) > 3 * limit

    small = shrink_video(big, limit)

    assert small is not None and len(small) <= limit
    info = probe_video(small)
    assert info.duration_seconds == pytest.approx(2.0, abs=0.1)
    assert info.width / info.height == pytest.approx(16 / 9, abs=0.02)
    assert info.has_audio and info.codec == "h264"


def test_a_tight_limit_shrinks_the_picture_too_keeping_its_aspect() -> None:
    big = clip((640, 360), 2, bit_rate=3_000_000)

    small = shrink_video(big, 60_000)

    assert small is not None and len(small) <= 60_000
    info = probe_video(small)
    assert info.height < 360 and info.height >= 240
    assert info.width / info.height == pytest.approx(16 / 9, abs=0.02)
    assert info.duration_seconds == pytest.approx(2.0, abs=0.1)


def test_a_portrait_phone_clip_stays_portrait_when_shrunk_and_in_its_poster() -> None:
    big = clip((640, 360), 1, bit_rate=6_000_000, rotation=-90)  # stored sideways, shown upright
    shown = probe_video(big)
    assert (shown.width, shown.height) == (360, 640)  # what Telegram is told: portrait

    small = shrink_video(big, 120_000)

    assert small is not None and len(small) <= 120_000
    with av.open(io.BytesIO(small), mode="r") as container:
        frame = next(container.decode(video=0))
        assert frame.rotation == -90  # the player still turns it upright
        assert frame.width / frame.height == pytest.approx(16 / 9, abs=0.02)
    with Image.open(io.BytesIO(first_frame(small))) as poster:
        assert poster.height > poster.width  # the poster is upright too


def test_a_clip_that_fits_is_returned_as_is_and_an_impossible_limit_gives_none() -> None:
    video = clip((320, 180), 1, bit_rate=300_000, sound=False)

    assert shrink_video(video, len(video)) == video
    assert shrink_video(video, 2_000) is None


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty"),
        (b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 200, "video"),
        (b"hello" * 99, "cannot be read"),
    ],
)
def test_garbage_and_truncated_videos_are_refused_by_name(data: bytes, problem: str) -> None:
    with pytest.raises(BadInput, match=problem):
        probe_video(data)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "GIF"])
def test_a_still_image_is_not_a_video(fmt: str) -> None:
    with pytest.raises(BadInput, match="not a video|lasts no time"):
        probe_video(photo((64, 48), fmt=fmt))


def test_a_truncated_clip_and_a_bad_still_are_refused() -> None:
    video = animate_image(PHOTO, seconds=0.5, width=320, height=180)
    with pytest.raises(BadInput, match="video"):
        first_frame(video[:300])
    with pytest.raises(BadInput, match="image to animate"):
        animate_image(b"not a picture", seconds=1, width=320, height=180)
    with pytest.raises(BadInput, match="600 seconds"):
        animate_image(PHOTO, seconds=0, width=320, height=180)
