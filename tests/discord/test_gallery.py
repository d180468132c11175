"""The gallery on Discord: /feed view:gallery answers a sheet with numbered tile buttons; a tile
opens its version; scene and character names are autocompleted within the project."""

from __future__ import annotations

import asyncio
import io

from PIL import Image

from core.identity import Actor, Place
from core.sheet_limits import DISCORD
from tests.discord import payloads as p
from tests.discord.harness import World, answer_files, answer_text, is_ephemeral, open_card
from tests.discord.test_autocomplete import suggest, typing


def test_gallery_tiles_open_versions_and_names_autocomplete(world: World) -> None:
    async def scenario() -> None:
        await world.start_bot()
        try:
            await open_card(world, "a red fox in snow", count=2)
            payload = world.command("feed", p.option("view", "gallery"))
            answer = await world.send(payload)
            assert is_ephemeral(answer) and answer_files(answer) == ["gallery-feed.jpg"]
            [(_field, _name, data)] = answer.files
            with Image.open(io.BytesIO(data)) as sheet:
                assert DISCORD.allows(sheet.width, sheet.height, len(data))
            rows = answer.body["components"]
            ids = [c["custom_id"] for row in rows for c in row["components"]]
            labels = [c["label"] for row in rows for c in row["components"]]
            assert labels == ["1", "2", "🗂 Cards view"]
            assert ids[0].startswith("lbv:tile:") and ids[2].startswith("lbv:cardsview:")
            message = p.message(9100, p.CHANNEL, answer_text(answer), answer.body, [])
            opened = await world.send(world.press(message, ids[1]))
            assert "viewing v1" in answer_text(opened) and answer_files(opened) == ["v1.png"]

            actor, place = Actor("discord", "501"), Place("discord", str(p.CHANNEL))
            studio = world.runtime.studio
            await asyncio.to_thread(studio.new_scene, actor, place, "Harbour")
            await asyncio.to_thread(studio.new_scene, actor, place, "Night market")
            await asyncio.to_thread(studio.new_character, actor, place, "Mara", "red scarf")
            found = await suggest(world, "scene", typing("name", "har"), sub="show")
            assert found == [("Harbour", "Harbour")]
            found = await suggest(world, "character", typing("name", "ma"), sub="show")
            assert found == [("Mara", "Mara")]
            show = world.command("scene", p.option("name", "Harbor"), sub="show")
            missing = await world.send(show)
            assert 'no scene "Harbor"' in answer_text(missing)
            assert "did you mean Harbour?" in answer_text(missing)
        finally:
            await world.close()

    asyncio.run(scenario())
