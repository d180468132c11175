"""The library on Discord: /design set, /character new, portrait and use, /scene, /imagine with
scene: and with: naming its context; /feed view:gallery answers a sheet with numbered tile
buttons, a tile opens its version; scene and character names autocomplete within the project."""

from __future__ import annotations

import asyncio
import io
from typing import Any

from PIL import Image

from core.identity import Actor, Place
from core.sheet_limits import DISCORD
from tests.discord import payloads as p
from tests.discord.harness import World, answer_files, answer_text, is_ephemeral
from tests.discord.test_autocomplete import suggest, typing
from tests.discord.test_commands import png


def test_library_cycle_gallery_and_autocomplete(world: World) -> None:
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
            mara = p.option("name", "Mara")
            made = await slash("character", mara, p.option("description", "red scarf"), sub="new")
            assert "character Mara created" in made
            queued = await slash("character", mara, p.option("count", 2), sub="portrait")
            assert "queued v1–v2" in queued
            await world.idle()
            used = await slash("character", mara, p.option("version", 1), sub="use")
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

            answer = await world.send(world.command("feed", p.option("view", "gallery")))
            assert is_ephemeral(answer) and answer_files(answer) == ["gallery-feed.jpg"]
            [(_field, _name, data)] = answer.files
            with Image.open(io.BytesIO(data)) as sheet:
                assert DISCORD.allows(sheet.width, sheet.height, len(data))
            rows = answer.body["components"]
            ids = [c["custom_id"] for row in rows for c in row["components"]]
            labels = [c["label"] for row in rows for c in row["components"]]
            assert labels == ["1", "2", "3", "🗂 Cards view"]
            assert ids[0].startswith("lbv:tile:") and ids[3].startswith("lbv:cardsview:")
            message = p.message(9100, p.CHANNEL, answer_text(answer), answer.body, [])
            opened = await world.send(world.press(message, ids[1]))  # Mara's v2
            assert "viewing v2" in answer_text(opened) and answer_files(opened) == ["v2.png"]

            await asyncio.to_thread(studio.new_scene, actor, place, "Night market")
            found = await suggest(world, "scene", typing("name", "har"), sub="show")
            assert found == [("Harbour", "Harbour")]
            found = await suggest(world, "character", typing("name", "ma"), sub="show")
            assert found == [("Mara", "Mara")]
            missing = await slash("scene", p.option("name", "Harbor"), sub="show")
            assert 'no scene "Harbor"' in missing and "did you mean Harbour?" in missing
        finally:
            await world.close()

    asyncio.run(scenario())
