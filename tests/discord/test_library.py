"""The library cycle on Discord: /design set, /character new and portrait, /character use,
/scene, then /imagine with scene: and with: — the reply names the assembled context."""

from __future__ import annotations

import asyncio
from typing import Any

from core.identity import Actor, Place
from tests.discord import payloads as p
from tests.discord.harness import World, answer_text
from tests.discord.test_commands import png


def test_design_character_scene_and_imagine_with_them(world: World) -> None:
    async def scenario() -> None:
        await world.start_bot()
        try:

            async def slash(name: str, *options: dict[str, Any], sub: str | None = None) -> str:
                return answer_text(await world.send(world.command(name, *options, sub=sub)))

            await slash("project", p.option("name", "Demo"), sub="new")
            design = await slash(
                "design", p.option("seed", "7"), p.option("negative", "blurry"), sub="set"
            )
            assert "seed: fixed 7" in design and "negative: blurry" in design
            made = await slash(
                "character",
                p.option("name", "Mara"),
                p.option("description", "tall pilot, red scarf"),
                sub="new",
            )
            assert "character Mara created" in made
            queued = await slash(
                "character", p.option("name", "Mara"), p.option("count", 2), sub="portrait"
            )
            assert "queued v1–v2" in queued
            await world.idle()
            used = await slash(
                "character", p.option("name", "Mara"), p.option("version", 1), sub="use"
            )
            assert "v1 is Mara's canonical portrait" in used
            await slash("scene", p.option("name", "Harbour"), sub="new")
            actor, place = Actor("discord", "501"), Place("discord", str(p.CHANNEL))
            studio = world.runtime.studio
            await asyncio.to_thread(studio.add_shot, actor, place, "Harbour", data=png())
            imagined = await slash(
                "imagine",
                p.option("prompt", "Mara on the pier"),
                p.option("scene", "Harbour"),
                p.option("with", "Mara"),
            )
            assert "context: Mara (image, description), Harbour (1 shot)" in imagined
            assert "refs in order: Mara, Harbour 1" in imagined
            await world.idle()
        finally:
            await world.close()

    asyncio.run(scenario())
