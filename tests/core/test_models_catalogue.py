"""The user-facing model catalogue: /models by category, favourites pinned first."""

from __future__ import annotations

import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlmodel import select

from bot.commands import help_text
from bot.router import CommandRouter
from core.catalog import LOCAL_PREVIEW, ModelCatalog, ModelProfile
from core.errors import BadInput
from core.identity import Actor, Place
from core.models import Card, Job, ModelFavorite, User
from tests.conftest import RecordingSink, make_settings
from workers.providers.local import LocalProvider
from workers.runtime import Runtime

ANN = Actor("console", "ann", "Ann")
BEN = Actor("console", "ben", "Ben")
ROOM = Place("console", "room")

FLASH = ModelProfile(
    id="flash",
    label="Flash ⚡",
    provider="gemini",
    resolutions=("1K", "2K"),
    aspect_ratios=("1:1", "16:9"),
    max_count=4,
    max_refs=3,
    mask=False,
    cost={"1K": 1, "2K": 2.5},
)
PRO = ModelProfile(
    id="pro", label="Pro", provider="gemini", cost={"1K": 4, "4K": 8}, negative_prompt=False
)
FLUX = ModelProfile(id="flux", label="Flux", provider="fal", lora=True, max_refs=0)
CLIP = ModelProfile(id="clip", label="Clip", provider="fal", category="video")
OLD = ModelProfile(id="old", label="Old", provider="fal", enabled=False)
IMAGE = "🖼 image — /imagine, /new, /generate"
VIDEO = "🎬 video — /video, /animate"


def catalogue() -> ModelCatalog:
    profiles = {p.id: p for p in (LOCAL_PREVIEW, FLASH, PRO, FLUX, CLIP)}
    return ModelCatalog(profiles=profiles, default="flash", disabled={"old": OLD})


@pytest.fixture
def models_runtime(db_url: str, tmp_path: Path, sink: RecordingSink) -> Iterator[Runtime]:
    """A runtime whose catalogue has several providers (each drawn by the local provider)."""
    providers = {name: LocalProvider() for name in ("local", "gemini", "fal")}
    rt = Runtime(
        make_settings(db_url, tmp_path / "data"),
        sinks={"console": sink},
        catalog=catalogue(),
        providers=providers,  # type: ignore[arg-type]
    )
    yield rt
    rt.stop()


@pytest.fixture
def router(models_runtime: Runtime) -> CommandRouter:
    return CommandRouter(models_runtime.studio)


def favourites(runtime: Runtime) -> set[tuple[str, str]]:
    with runtime.db.session() as session:
        rows = session.exec(select(User.platform_user_id, ModelFavorite.model_id).join(User))
        return set(rows.all())


def test_models_lists_enabled_models_by_category_without_a_project(router: CommandRouter) -> None:
    outcome = router.handle(ANN, ROOM, "/models")
    assert "default: flash" in outcome.text
    # By category with its commands; credits are in use, so a model without a price is "free";
    # a video profile is listed under its own heading with that category's commands.
    assert outcome.items == [
        IMAGE,
        FLASH.describe(),
        FLUX.describe() + " · free",
        LOCAL_PREVIEW.describe() + " · free",
        PRO.describe(),
        VIDEO,
        CLIP.describe() + " · free",
    ]
    flash = outcome.items[1]
    assert "1K/2K" in flash and "aspect 1:1 16:9" in flash and "×1–4" in flash
    assert "up to 3 refs" in flash and "credits per image: 1K 1, 2K 2.5" in flash
    assert "LoRA" in outcome.items[2] and "refs" not in outcome.items[2]
    assert "negative prompt" not in outcome.items[4]
    assert not any("Old" in item for item in outcome.items)
    assert router.handle(ANN, ROOM, "/models list").items == outcome.items


def test_favourites_are_pinned_first_per_user_and_category(
    router: CommandRouter, models_runtime: Runtime
) -> None:
    assert "★ Pro (pro) pinned" in router.handle(ANN, ROOM, "/models fav pro").text
    router.handle(ANN, ROOM, "/models fav LOCAL")
    router.handle(ANN, ROOM, "/models fav clip")
    items = router.handle(ANN, ROOM, "/models").items
    assert items == [
        IMAGE,
        "★ " + LOCAL_PREVIEW.describe() + " · free",
        "★ " + PRO.describe(),
        FLASH.describe(),
        FLUX.describe() + " · free",
        VIDEO,
        "★ " + CLIP.describe() + " · free",
    ]
    assert not any(item.startswith("★") for item in router.handle(BEN, ROOM, "/models").items)
    assert favourites(models_runtime) == {("ann", "pro"), ("ann", "local"), ("ann", "clip")}

    order = [c.profile.id for c in models_runtime.studio.model_choices(ANN)]
    assert order == ["local", "pro", "flash", "flux", "clip"]

    assert "Pro (pro) unpinned" in router.handle(ANN, ROOM, "/models unfav Pro").text
    assert router.handle(ANN, ROOM, "/models").items[2] == FLASH.describe()
    assert favourites(models_runtime) == {("ann", "local"), ("ann", "clip")}


def test_favouriting_twice_or_unfavouriting_a_non_favourite_changes_nothing(
    router: CommandRouter, models_runtime: Runtime
) -> None:
    router.handle(ANN, ROOM, "/models fav flux")
    again = router.handle(ANN, ROOM, "/models fav Flux")
    assert again.text == "Flux (flux) is already one of your favourites"
    assert favourites(models_runtime) == {("ann", "flux")}
    answer = router.handle(ANN, ROOM, "/models unfav pro")
    assert answer.text == "Pro (pro) is not one of your favourites"
    assert favourites(models_runtime) == {("ann", "flux")}


def test_unknown_disabled_and_missing_models_are_refused(
    router: CommandRouter, models_runtime: Runtime
) -> None:
    with pytest.raises(BadInput, match=r'unknown model "nope"; available: clip, flash, flux'):
        router.handle(ANN, ROOM, "/models fav nope")
    with pytest.raises(BadInput, match="the admin has disabled the model"):
        router.handle(ANN, ROOM, "/models fav old")
    with pytest.raises(BadInput, match="name a model; available: clip, flash"):
        router.handle(ANN, ROOM, "/models fav")
    with pytest.raises(BadInput, match="unknown model"):
        router.handle(ANN, ROOM, "/models unfav nope")
    with pytest.raises(BadInput, match='unknown /models action "pin"'):
        router.handle(ANN, ROOM, "/models pin flux")
    assert favourites(models_runtime) == set()


def test_a_favourite_whose_model_was_removed_is_hidden_and_can_be_unpinned(
    router: CommandRouter, models_runtime: Runtime
) -> None:
    router.handle(ANN, ROOM, "/models")
    with models_runtime.db.session() as session:
        ann = session.exec(select(User).where(User.platform_user_id == "ann")).one()
        session.add(ModelFavorite(user_id=ann.id, model_id="retired"))
    assert not any("retired" in item for item in router.handle(ANN, ROOM, "/models").items)
    assert router.handle(ANN, ROOM, "/models unfav retired").text == "retired unpinned"
    assert favourites(models_runtime) == set()


def test_a_double_click_racing_itself_pins_once(
    router: CommandRouter, models_runtime: Runtime
) -> None:
    router.handle(ANN, ROOM, "/models")
    with ThreadPoolExecutor(4) as pool:
        texts = list(pool.map(lambda _: router.handle(ANN, ROOM, "/models fav pro").text, range(4)))
    assert sum("pinned" in t for t in texts) == 1
    assert sum("already" in t for t in texts) == 3
    assert favourites(models_runtime) == {("ann", "pro")}


def test_autocomplete_order_stores_nothing_for_a_stranger_and_help_names_models(
    models_runtime: Runtime,
) -> None:
    order = [c.profile.id for c in models_runtime.studio.model_choices(BEN)]
    assert order == ["flash", "flux", "local", "pro", "clip"]
    with models_runtime.db.session() as session:
        assert session.exec(select(User)).all() == []
    assert "/models [fav|unfav <id>]" in help_text()


@pytest.mark.parametrize(
    ("command", "words"),
    [
        ("/imagine a fox --model flash --res 4K", "allowed: 1K, 2K"),
        ("/imagine a fox --model flash --ar 9:16", "allowed: 1:1, 16:9"),
        ("/imagine a fox --model flash --n 5", "at most 4"),
        ("/imagine a fox --model pro --no text", "has not enabled negative prompts"),
        ("/imagine a fox --model old", 'unknown model "old"'),
    ],
)
def test_requests_beyond_a_profile_are_refused_before_any_job(
    router: CommandRouter, models_runtime: Runtime, command: str, words: str
) -> None:
    router.handle(ANN, ROOM, "/project new Demo")
    with pytest.raises(BadInput, match=re.escape(words)):
        router.handle(ANN, ROOM, command)
    with models_runtime.db.session() as session:
        assert session.exec(select(Job)).all() == []
        assert session.exec(select(Card)).all() == []
