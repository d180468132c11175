"""Start-up refuses media profiles their provider cannot serve; providers learn each category."""

from __future__ import annotations

import pytest

from core.catalog import ModelCatalog, ModelProfile
from core.errors import LightboxError
from workers.providers.capabilities import check_edits, missing_edit
from workers.providers.categories import PROVIDER_CATEGORIES, check_categories
from workers.providers.profiles import profile_options

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


@pytest.mark.parametrize(("profile", "problem"), [
    (ModelProfile("k", "K", "fal", category="video", operations=("to3d",)),
     "to3d is for 3d models, and this one makes video"),
    (ModelProfile("f", "F", "fal", operations=("animate",)),
     "animate is for video models, and this one makes image"),
    (ModelProfile("g", "G", "gemini", operations=("animate",)), "gemini cannot animate"),
])  # fmt: skip
def test_a_media_operation_on_the_wrong_profile_is_named(
    profile: ModelProfile, problem: str
) -> None:
    assert problem in (missing_edit(profile) or "")


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


def test_each_profiles_category_reaches_its_provider() -> None:
    profiles = catalog(
        ModelProfile("narrator", "Narrator", "openai", category="voice"),
        ModelProfile("gpt-image", "GPT Image", "openai"),
    )
    options = profile_options(profiles, "openai")
    assert options["narrator"]["category"] == "voice"
    assert options["gpt-image"]["category"] == "image"
