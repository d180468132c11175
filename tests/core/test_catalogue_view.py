"""/models with the shipped plans and models files: each model's price and the plans that allow
it; every category with a profile gets its heading and commands; images refuse other kinds."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from core.catalog import ModelCatalog, ModelProfile
from core.catalogue_view import catalogue_items
from core.errors import BadInput
from core.model_choice import ModelChoice, categories, unmade
from core.model_profiles import load_catalog
from core.plans import PlanBook, load_plans

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
MEDIA_HEADINGS = [
    "🎬 video — /video, /animate",
    "🎵 music — /music",
    "🗣 voice — /voice",
    "🧊 3D — /3d",
]


def test_shipped_files_show_price_and_plans_under_the_image_heading() -> None:
    catalog = load_catalog(DEPLOY / "models.example.toml")
    plans = load_plans(DEPLOY / "plans.example.toml")
    choices = [ModelChoice(catalog.get(i), False) for i in ("flash", "pro", "local")]
    items = catalogue_items(choices, catalog, plans, plans.default_plan)
    assert items[0] == "🖼 image — /imagine, /new, /generate"
    flash, pro, local = items[1:4]
    assert items[4:] == MEDIA_HEADINGS  # the local previews of every other kind
    assert "credits per image: 1K 1" in flash and "on plans: Free, Premium, Pro" in flash
    assert pro.startswith("🔒 needs plan Premium or Pro · ") and "on plans: Premium, Pro" in pro
    assert local.endswith(" · free · on plans: Free, Premium, Pro")


def test_without_plans_or_prices_nothing_extra_is_claimed() -> None:
    local = ModelProfile(id="local", label="local preview", provider="local")
    catalog = ModelCatalog()
    book = PlanBook()
    items = catalogue_items([ModelChoice(local, False)], catalog, book, book.default_plan)
    assert items == ["🖼 image — /imagine, /new, /generate", local.describe(), *MEDIA_HEADINGS]


def test_a_video_profile_is_listed_under_video_and_refused_for_images() -> None:
    catalog = load_catalog(DEPLOY / "models.example.toml")
    clip = replace(catalog.get("flash"), id="clip", label="Clip", category="video")
    catalog.profiles["clip"] = clip
    assert categories(catalog) == ["image", "video", "music", "voice", "3d"]
    assert unmade(catalog) == []
    book = PlanBook()
    items = catalogue_items([ModelChoice(clip, False)], catalog, book, book.default_plan)
    assert items[items.index("🎬 video — /video, /animate") + 1] == clip.describe()
    with pytest.raises(BadInput, match="Clip is a video model; images are made with: flash"):
        catalog.check("clip", resolution="1K", count=1)
