"""The local provider's video, music, voice and 3D: honest local-preview files of each kind,
chosen by the request's profile category (wired from the catalogue by the registry)."""

from __future__ import annotations

import dataclasses
import io
from typing import Any

import pytest
from PIL import Image

from core.audio_files import probe_audio
from core.catalog import LOCAL_PREVIEW, ModelCatalog, ModelProfile
from core.errors import Permanent
from core.media import kind_of, sniff
from core.model3d_files import probe_glb
from core.ports import GenerationRequest, GenerationResult
from core.video_files import probe_video
from tests.core.media_samples import photo
from workers.providers.local import LocalProvider
from workers.providers.registry import ProviderSettings, build_providers

PROFILES = {
    "clip": ModelProfile(id="clip", label="Clip", provider="local", category="video"),
    "tune": ModelProfile(id="tune", label="Tune", provider="local", category="music"),
    "say": ModelProfile(id="say", label="Say", provider="local", category="voice"),
    "cube": ModelProfile(id="cube", label="Cube", provider="local", category="3d"),
}
APPROVED = photo()  # the 1920×1080 version a user animates or turns into 3D


@pytest.fixture(scope="module")
def local() -> LocalProvider:
    catalog = ModelCatalog(profiles={"local": LOCAL_PREVIEW, **PROFILES}, default="local")
    provider = build_providers(ProviderSettings(), catalog)["local"]
    assert isinstance(provider, LocalProvider)  # the registry told it each profile's category
    return provider


def request(profile: str, **changes: Any) -> GenerationRequest:
    base = GenerationRequest(
        prompt="a lighthouse on a cliff at night, slow zoom in",
        negative_prompt="",
        width=640,
        height=360,
        resolution="1K",
        aspect_ratio="16:9",
        seed=7,
        model=profile,
        profile=profile,
    )
    return dataclasses.replace(base, **changes)


def labelled_with_poster(result: GenerationResult, kind: str) -> Image.Image:
    assert result.kind == kind == kind_of(result.mime)
    assert sniff(result.data) == result.mime
    assert result.provider == "local"
    assert result.info["note"] == "local preview"
    assert result.info["label"].startswith("local preview · ")
    assert result.poster is not None
    poster = Image.open(io.BytesIO(result.poster))
    assert poster.format == "PNG"
    return poster


def test_animate_moves_the_approved_image_for_the_asked_seconds_and_size(
    local: LocalProvider,
) -> None:
    result = local.generate(
        request("clip", operation="animate", init_image=APPROVED, duration_seconds=2)
    )

    poster = labelled_with_poster(result, "video")
    info = probe_video(result.data)
    assert (info.width, info.height) == (640, 360) == poster.size
    assert result.duration_seconds == pytest.approx(2.0, abs=1 / 24)
    assert info.duration_seconds == result.duration_seconds


def test_text_to_video_animates_the_local_drawing_of_the_prompt(local: LocalProvider) -> None:
    result = local.generate(request("clip", duration_seconds=1, width=321, height=181))

    labelled_with_poster(result, "video")
    info = probe_video(result.data)
    assert (info.width, info.height) == (320, 180)  # sides rounded down to even for H.264
    assert result.duration_seconds == pytest.approx(1.0, abs=1 / 24)


def test_music_follows_the_prompt_and_lasts_the_default_or_asked_length(
    local: LocalProvider,
) -> None:
    default = local.generate(request("tune", prompt="calm harp"))
    asked = local.generate(request("tune", prompt="calm harp", duration_seconds=3))

    labelled_with_poster(default, "audio")
    assert default.mime == "audio/mpeg"
    assert default.duration_seconds == pytest.approx(8.0, abs=0.1)
    assert probe_audio(asked.data).duration_seconds == pytest.approx(3.0, abs=0.1)


def test_a_voice_line_is_an_ogg_voice_note_as_long_as_its_words(local: LocalProvider) -> None:
    result = local.generate(request("say", prompt="Welcome aboard, captain", voice="alloy"))

    labelled_with_poster(result, "audio")
    assert result.mime == "audio/ogg" and probe_audio(result.data).codec == "opus"
    assert result.duration_seconds == pytest.approx(3 * 0.35, abs=0.05)
    other = local.generate(request("say", prompt="Welcome aboard, captain", voice="echo"))
    assert other.data != result.data  # the voice id changes the pitch


def test_to3d_makes_a_textured_quad_with_its_rendered_preview(local: LocalProvider) -> None:
    result = local.generate(request("cube", operation="to3d", init_image=APPROVED))

    poster = labelled_with_poster(result, "3d")
    assert result.mime == "model/gltf-binary" and result.duration_seconds is None
    info = probe_glb(result.data)
    assert (info.vertices, info.triangles, info.has_texture) == (4, 2, True)
    assert poster.size == (768, 768)


def test_image_profiles_still_get_pictures_and_media_refusals_are_permanent(
    local: LocalProvider,
) -> None:
    picture = local.generate(request("local"))
    assert (picture.kind, picture.mime, picture.info) == (
        "image",
        "image/png",
        {"label": "local preview"},
    )
    with pytest.raises(Permanent, match="animate needs the image"):
        local.generate(request("clip", operation="animate"))
    with pytest.raises(Permanent, match="line to speak is empty"):
        local.generate(request("say", prompt="  "))
    with pytest.raises(Permanent, match="600 seconds"):
        local.generate(request("tune", duration_seconds=900))
