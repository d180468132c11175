"""/models in Discord, and the /imagine model autocomplete with the user's favourites first."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.discord.sink import DiscordSink
from core.catalog import LOCAL_PREVIEW, ModelCatalog, ModelProfile
from core.storage import LocalStorage
from tests.conftest import make_settings
from tests.discord import payloads as p
from tests.discord.fake_discord import FakeDiscord
from tests.discord.harness import World, answer_text, is_ephemeral
from tests.waiting import settle_until
from workers.providers.local import LocalProvider
from workers.runtime import Runtime

FLASH = ModelProfile(id="flash", label="Flash", provider="gemini", cost={"1K": 1})
PRO = ModelProfile(id="pro", label="Pro", provider="gemini", resolutions=("1K", "4K"))
FLUX = ModelProfile(id="flux", label="Flux", provider="fal", lora=True, plans=("studio",))
CLIP = ModelProfile(id="clip", label="Clip", provider="fal", category="video")


@pytest.fixture
def models_world(fake: FakeDiscord, db_url: str, tmp_path: Path) -> Iterator[World]:
    sink = DiscordSink(p.TOKEN, fake.base, storage=LocalStorage(tmp_path / "data" / "images"))
    catalog = ModelCatalog(
        profiles={m.id: m for m in (LOCAL_PREVIEW, FLASH, PRO, FLUX, CLIP)}, default="local"
    )
    runtime = Runtime(
        make_settings(db_url, tmp_path / "data"),
        sinks={"discord": sink},
        catalog=catalog,
        providers={name: LocalProvider() for name in ("local", "gemini", "fal")},  # type: ignore[misc]
    )
    yield World(fake, runtime)
    runtime.stop()
    sink.close()


async def suggest(
    world: World,
    name: str,
    *options: dict[str, Any],
    sub: str | None = None,
    user_id: int = 501,
    where: int = p.CHANNEL,
) -> list[tuple[str, str]]:
    """The (name, value) choices the bot answers an autocomplete interaction with (typed in
    channel or thread `where`)."""
    payload = world.command(name, *options, sub=sub, user_id=user_id, where=where)
    payload["type"] = 4
    world.bot._connection.parse_interaction_create(payload)  # type: ignore[union-attr]
    await settle_until(lambda: world.callbacks(payload), "an autocomplete answer")
    [answer] = world.callbacks(payload)
    assert answer.body["type"] == 8
    return [(c["name"], c["value"]) for c in answer.body["data"]["choices"]]


def typing(value: str) -> dict[str, Any]:
    return p.option("model", value) | {"focused": True}


def test_imagine_autocomplete_puts_the_users_favourites_first(models_world: World) -> None:
    world = models_world

    async def scenario() -> None:
        await world.start_bot()
        try:
            prompt = p.option("prompt", "a fox")
            before = await suggest(world, "imagine", prompt, typing(""))
            # Flux needs the "studio" plan: /imagine offers only what the person's plan allows.
            assert [value for _, value in before] == ["flash", "local", "pro"]

            answer = await world.send(world.command("models", typing("pro"), sub="fav"))
            assert "★ Pro (pro) pinned" in answer_text(answer) and is_ephemeral(answer)
            answer = await world.send(world.command("models", typing("pro"), sub="fav"))
            assert "already one of your favourites" in answer_text(answer)

            after = await suggest(world, "imagine", prompt, typing(""))
            assert after[0] == ("★ Pro (pro)", "pro")
            assert [value for _, value in after] == ["pro", "flash", "local"]
            assert await suggest(world, "imagine", prompt, typing("FL")) == [
                ("Flash (flash)", "flash"),
            ]
            other = await suggest(world, "imagine", prompt, typing(""), user_id=502)
            assert [value for _, value in other] == ["flash", "local", "pro"]
        finally:
            await world.close()

    asyncio.run(scenario())


def test_models_command_lists_pins_and_unpins(models_world: World) -> None:
    world = models_world

    async def scenario() -> None:
        await world.start_bot()
        try:
            # A video profile is offered for pinning like any other.
            assert await suggest(world, "models", typing("cl"), sub="fav") == [
                ("Clip (clip)", "clip")
            ]
            choices = await suggest(world, "models", typing("pro"), sub="fav")
            assert choices == [("Pro (pro)", "pro")]
            await world.send(world.command("models", typing("pro"), sub="fav"))
            listed = answer_text(await world.send(world.command("models", sub="list")))
            assert "default: local" in listed and "• 🖼 image — /imagine" in listed
            assert f"• {FLASH.describe()}" in listed and "credits per image: 1K 1" in listed
            assert f"• ★ {PRO.describe()} · free" in listed
            assert listed.index("★ Pro (pro)") < listed.index("Flash (flash)")
            assert "• 🎬 video — /video, /animate" in listed and "Clip (clip) · video" in listed
            assert "your plan (free)" in listed  # core marks what the plan lacks
            assert f"• 🔒 on no plan · {FLUX.describe()}" in listed

            answer = await world.send(world.command("models", typing("nope"), sub="fav"))
            assert answer_text(answer).startswith("⚠️") and "available: clip, flash" in (
                answer_text(answer)
            )
            answer = await world.send(world.command("models", typing("pro"), sub="unfav"))
            assert "Pro (pro) unpinned" in answer_text(answer)
            listed = answer_text(await world.send(world.command("models", sub="list")))
            assert "★" not in listed.split("\n", 1)[1]
        finally:
            await world.close()

    asyncio.run(scenario())
