"""Discord: /imagine's `lora` option with autocomplete, its refusals, and the model picker
filtered by the person's plan."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import select

from bot.discord.sink import DiscordSink
from core.catalog import LOCAL_PREVIEW, ModelCatalog, ModelProfile
from core.loras import LoraStyle
from core.models import Card
from core.storage import LocalStorage
from tests.conftest import make_settings
from tests.discord import payloads as p
from tests.discord.fake_discord import FakeDiscord
from tests.discord.harness import World, answer_text, is_ephemeral
from tests.discord.test_models_autocomplete import suggest, typing
from workers.providers.local import LocalProvider
from workers.runtime import Runtime

INK = LoraStyle("ink", "Ink wash", "https://l.test/ink.safetensors", 0.8, 1.2)
GRAIN = LoraStyle("grain", "Film grain", "https://l.test/grain.safetensors")
FLUX = ModelProfile(
    id="flux", label="Flux", provider="fal", lora=True, loras=(INK, GRAIN), max_loras=2
)
STUDIO = ModelProfile(id="studio-xl", label="Studio XL", provider="fal", plans=("studio",))


@pytest.fixture
def lora_world(fake: FakeDiscord, db_url: str, tmp_path: Path) -> Iterator[World]:
    plans = tmp_path / "plans.toml"
    plans.write_text('default = "free"\n[[plans]]\nid = "free"\n[[plans]]\nid = "studio"\n')
    sink = DiscordSink(p.TOKEN, fake.base, storage=LocalStorage(tmp_path / "data" / "images"))
    catalog = ModelCatalog(
        profiles={m.id: m for m in (LOCAL_PREVIEW, FLUX, STUDIO)}, default="local"
    )
    runtime = Runtime(
        make_settings(db_url, tmp_path / "data", plans_file=plans),
        sinks={"discord": sink},
        catalog=catalog,
        providers={name: LocalProvider() for name in ("local", "fal")},  # type: ignore[misc]
    )
    yield World(fake, runtime)
    runtime.stop()
    sink.close()


def lora(value: str) -> dict:
    return p.option("lora", value) | {"focused": True}


def loras_of_cards(world: World) -> list[list[dict]]:
    with world.runtime.db.session() as session:
        return [card.loras for card in session.exec(select(Card).order_by(Card.id)).all()]


def test_lora_option_autocompletes_refuses_by_name_and_models_follow_the_plan(
    lora_world: World,
) -> None:
    world = lora_world

    async def scenario() -> None:
        await world.start_bot()
        try:
            prompt, flux = p.option("prompt", "a fox"), p.option("model", "flux")
            offered = await suggest(world, "imagine", prompt, flux, lora(""))
            assert offered == [
                ("Ink wash (ink) · weight 0.8, max 1.2", "ink:0.8"),
                ("Film grain (grain) · weight 1, max 1", "grain:1"),
            ]
            assert await suggest(world, "imagine", prompt, flux, lora("ink:0.5, gr")) == [
                ("Film grain (grain) · weight 1, max 1", "ink:0.5, grain:1")
            ]
            assert await suggest(world, "imagine", prompt, lora("")) == []  # local: no LoRAs
            picked = [v for _, v in await suggest(world, "imagine", prompt, typing(""))]
            assert picked == ["flux", "local"]  # studio-xl needs the studio plan
            pinnable = [v for _, v in await suggest(world, "models", typing(""), sub="fav")]
            assert pinnable == ["flux", "local", "studio-xl"]

            await world.send(world.command("project", p.option("name", "Demo"), sub="new"))
            for value, words in (
                ("ink:2", "the weight of ink is at most 1.2 on Flux"),
                ("inc", 'unknown LoRA "inc" for Flux; did you mean ink'),
            ):
                answer = await world.send(
                    world.command("imagine", prompt, flux, p.option("lora", value))
                )
                assert words in answer_text(answer) and is_ephemeral(answer)
            answer = await world.send(world.command("imagine", prompt, p.option("lora", "ink")))
            assert "local preview does not take LoRAs; models that do: flux" in answer_text(answer)
            assert loras_of_cards(world) == []

            made = await world.send(
                world.command("imagine", prompt, flux, p.option("lora", "ink, grain:0.4"))
            )
            thread = int(re.findall(r"<#([0-9]+)>", answer_text(made))[0])
            assert "LoRA ink 0.8 + grain 0.4" in world.header(thread)["content"]
            assert loras_of_cards(world) == [
                [{"name": "ink", "weight": 0.8}, {"name": "grain", "weight": 0.4}]
            ]
            for command in ("new", "generate"):  # the same picker on the card's commands
                assert await suggest(world, command, flux, lora("ink:0.5, gr")) == [
                    ("Film grain (grain) · weight 1, max 1", "ink:0.5, grain:1")
                ]
            refused = await world.send(
                world.command("generate", p.option("lora", "ink:2"), where=thread)
            )
            assert "the weight of ink is at most 1.2 on Flux" in answer_text(refused)
            assert loras_of_cards(world) == [
                [{"name": "ink", "weight": 0.8}, {"name": "grain", "weight": 0.4}]
            ]
            menu = await world.send(world.command("lora", where=thread))  # the buttons
            assert "LoRA styles of Flux" in answer_text(menu)
            unknown = await world.send(
                world.command("lora", p.option("styles", "inks"), where=thread)
            )
            assert "ink" in answer_text(unknown) and len(loras_of_cards(world)[0]) == 2
            await world.send(world.command("lora", p.option("styles", "none"), where=thread))
            assert loras_of_cards(world) == [[]]
        finally:
            await world.close()

    asyncio.run(scenario())


ANIME = LoraStyle("anime", "Anime lines", "https://l.test/anime.safetensors", 0.7, 1.0)
PONY = ModelProfile(id="pony", label="Pony", provider="fal", lora=True, loras=(ANIME,))


@pytest.fixture
def two_lora_world(fake: FakeDiscord, db_url: str, tmp_path: Path) -> Iterator[World]:
    """Two models taking LoRAs, Flux the default."""
    sink = DiscordSink(p.TOKEN, fake.base, storage=LocalStorage(tmp_path / "data" / "images"))
    catalog = ModelCatalog(profiles={m.id: m for m in (FLUX, PONY)}, default="flux")
    runtime = Runtime(
        make_settings(db_url, tmp_path / "data"),
        sinks={"discord": sink},
        catalog=catalog,
        providers={"fal": LocalProvider()},  # type: ignore[dict-item]
    )
    yield World(fake, runtime)
    runtime.stop()
    sink.close()


def test_card_commands_offer_the_loras_of_the_card_they_act_on(two_lora_world: World) -> None:
    world = two_lora_world
    flux_offer = [
        ("Ink wash (ink) · weight 0.8, max 1.2", "ink:0.8"),
        ("Film grain (grain) · weight 1, max 1", "grain:1"),
    ]
    pony_offer = [("Anime lines (anime) · weight 0.7, max 1", "anime:0.7")]

    async def scenario() -> None:
        await world.start_bot()
        try:
            await world.send(world.command("project", p.option("name", "Demo"), sub="new"))
            for command in ("new", "generate"):  # no card yet: the default model's
                assert await suggest(world, command, lora("")) == flux_offer
            prompt = p.option("prompt", "a fox")
            made = await world.send(world.command("imagine", prompt, p.option("model", "pony")))
            thread = int(re.findall(r"<#([0-9]+)>", answer_text(made))[0])
            for command in ("new", "generate"):  # in the card's thread: the card's model's
                assert await suggest(world, command, lora(""), where=thread) == pony_offer
            styles = p.option("styles", "an") | {"focused": True}
            assert await suggest(world, "lora", styles, where=thread) == pony_offer
            flux = p.option("model", "flux")  # a model typed in the command still wins
            assert await suggest(world, "new", flux, lora(""), where=thread) == flux_offer
            # /imagine makes a new card: the typed or default model's, even in the thread
            assert await suggest(world, "imagine", prompt, lora(""), where=thread) == flux_offer

            await world.send(
                world.command("project", p.option("name", "Demo"), sub="use", where=p.OTHER_CHANNEL)
            )
            for command in ("new", "lora"):  # same project, no card open there: the default's
                focused = (
                    lora("") if command == "new" else p.option("styles", "") | {"focused": True}
                )
                assert await suggest(world, command, focused, where=p.OTHER_CHANNEL) == flux_offer
        finally:
            await world.close()

    asyncio.run(scenario())
