"""Start-up refuses media profiles their provider cannot serve; providers learn each category."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.catalog import ModelCatalog, ModelProfile
from core.errors import LightboxError
from core.media_profiles import PROVIDER_CATEGORIES
from workers.providers.capabilities import check_edits
from workers.providers.categories import check_categories
from workers.providers.fal import FalProvider
from workers.providers.openai_images import OpenAIImagesProvider
from workers.providers.registry import (
    ProviderSettings,
    build_providers,
    check_catalog,
    configure,
)

KLING = "fal-ai/kling-video/v2.1/standard/image-to-video"


def catalog(*profiles: ModelProfile) -> ModelCatalog:
    return ModelCatalog(profiles={p.id: p for p in profiles}, default=profiles[0].id)


def test_media_operations_need_no_endpoint_beyond_the_profiles_model() -> None:
    video = ModelProfile("kling", "Kling", "fal", provider_model=KLING, category="video",
                         operations=("animate",))  # fmt: skip
    shape = ModelProfile("trellis", "TRELLIS", "fal", provider_model="fal-ai/trellis",
                         category="3d", operations=("to3d",))  # fmt: skip
    check_edits(catalog(video, shape))
    check_categories(catalog(video, shape))


@pytest.mark.parametrize(("provider", "category"), [
    ("gemini", "video"), ("openai", "music"), ("fal", "voice"), ("a1111", "3d"),
])  # fmt: skip
def test_a_category_the_provider_does_not_make_stops_the_start(
    provider: str, category: str
) -> None:
    profile = ModelProfile("m", "M", provider, category=category)
    makes = ", ".join(PROVIDER_CATEGORIES[provider])
    with pytest.raises(LightboxError, match=f"{provider} does not make {category}; it makes: "
                       f"{makes}"):  # fmt: skip
        check_categories(catalog(profile))


def test_each_profiles_category_is_injected_into_its_provider() -> None:
    profiles = catalog(
        ModelProfile("narrator", "Narrator", "openai", category="voice"),
        ModelProfile("gpt-image", "GPT Image", "openai"),
        ModelProfile("kling", "Kling", "fal", provider_model=KLING, category="video"),
    )
    settings = ProviderSettings(_env_file=None, openai_api_key="sk-x", fal_key="fal-x")
    providers = build_providers(settings, profiles)
    openai, fal = providers["openai"], providers["fal"]
    assert isinstance(openai, OpenAIImagesProvider) and isinstance(fal, FalProvider)
    assert openai.categories == {"narrator": "voice", "gpt-image": "image"}
    assert fal.categories == {"kling": "video"}


def test_the_documented_models_file_configures_remote_media(tmp_path: Path) -> None:
    """The example in docs/providers.md loads, and each provider gets its profiles' categories."""
    text = (Path(__file__).parents[3] / "docs" / "providers.md").read_text(encoding="utf-8")
    example = text.split("A models file with remote media profiles")[1]
    models = tmp_path / "models.toml"
    models.write_text(example.split("```toml\n")[1].split("```")[0], encoding="utf-8")
    settings = ProviderSettings(_env_file=None, models_file=models, openai_api_key="sk-x",
                                fal_key="fal-x")  # fmt: skip
    catalog, providers = configure(settings)
    fal, openai = providers["fal"], providers["openai"]
    assert isinstance(fal, FalProvider) and isinstance(openai, OpenAIImagesProvider)
    assert fal.categories == {"kling": "video", "trellis": "3d", "stable-audio": "music"}
    assert openai.categories == {"narrator": "voice"}
    assert catalog.get("narrator").voices == ("coral", "onyx", "sage")


@pytest.mark.parametrize(("profile", "problem"), [
    (ModelProfile("kling", "Kling", "fal", category="video", durations=(5.0, 15.0),
                  provider_model="fal-ai/kling-video/v1.6/standard/text-to-video"),
     'model "kling": durations: fal: fal-ai/kling-video/v1.6/standard/text-to-video makes '
     "clips of 5 or 10 seconds, not 15"),
    (ModelProfile("hailuo", "Hailuo", "fal", category="video", durations=(6.0,),
                  provider_model="fal-ai/minimax/hailuo-02/standard/text-to-video",
                  endpoints={"animate": KLING}, operations=("generate", "animate")),
     f"{KLING} makes clips of 5 or 10 seconds, not 6"),
    (ModelProfile("audio", "Audio", "fal", category="music", durations=(60.0,),
                  provider_model="fal-ai/stable-audio"),
     "makes whole seconds from 1 to 47, not 60"),
])  # fmt: skip
def test_a_clip_length_the_endpoint_does_not_make_stops_the_start(
    profile: ModelProfile, problem: str
) -> None:
    with pytest.raises(LightboxError, match=problem):
        check_catalog(catalog(profile), {"fal": FalProvider("fal-x")})


@pytest.mark.parametrize(("options", "problem"), [
    ({"response_format": "pcm"}, 'response_format "pcm" makes files Lightbox does not keep'),
    ({"instructions": "whisper"}, "tts-1 takes no instructions"),
    ({"speed": 9}, "speed must be from 0.25 to 4, not 9"),
])  # fmt: skip
def test_speech_options_that_could_never_be_sent_stop_the_start(
    options: dict[str, object], problem: str
) -> None:
    voice = ModelProfile("speaker", "Speaker", "openai", provider_model="tts-1",
                         category="voice", options=options)  # fmt: skip
    with pytest.raises(LightboxError, match=f'model "speaker": options: openai: {problem}'):
        check_catalog(catalog(voice), {"openai": OpenAIImagesProvider("sk-x")})
