"""The card header: its persistent buttons (Generate, Edit prompt, Save) and its refreshes."""

from __future__ import annotations

import asyncio
import io

from PIL import Image

from bot.router import CommandRouter
from core.identity import Actor, Place
from tests.discord import payloads as p
from tests.discord.harness import (
    World,
    answer_text,
    custom_ids,
    is_ephemeral,
    open_card,
    versions_in,
)


def test_header_buttons_edit_generate_and_save(world: World) -> None:
    async def scenario() -> None:
        await world.start_bot()
        try:
            thread_id = await open_card(world, count=1)
            # Discord gives the thread the id of the header message it was started from.
            header = world.fake.messages[thread_id]
            assert header["channel_id"] == str(p.CHANNEL)
            assert custom_ids(header) == ["lbc:generate", "lbc:edit", "lbc:save", "lbs:view"]
            assert "v1: ✅ done" in header["content"] or "v1: ⏳ queued" in header["content"]

            modal = await world.send(world.press(header, "lbc:edit"))
            assert modal.body["type"] == 9
            [row] = modal.body["data"]["components"]
            assert row["components"][0]["value"] == "a red fox in snow"
            submit = world.submit(
                p.CHANNEL, "lbe:prompt", "a red fox at night", field="prompt", message=header
            )
            assert "draft autosaved" in answer_text(await world.send(submit))
            assert "> a red fox at night" in world.fake.messages[thread_id]["content"]

            answer = await world.send(world.press(header, "lbc:generate"))
            assert "queued v2" in answer_text(answer), answer_text(answer)
            await world.idle()
            assert "v2 of 2" in versions_in(world, thread_id)[2]["content"]
            answer = await world.send(world.press(header, "lbc:save"))
            assert "saved" in answer_text(answer)

            answer = await world.send(world.press(header, "lbc:edit"))
            answer = await world.send(world.submit(p.CHANNEL, "lbe:prompt", "x", field="prompt"))
            assert answer_text(answer).startswith("⚠️")
        finally:
            await world.close()

    asyncio.run(scenario())


def test_the_version_picker_shows_a_version_privately_with_its_buttons(world: World) -> None:
    async def scenario() -> None:
        await world.start_bot()
        try:
            thread_id = await open_card(world, count=2)
            header = world.fake.messages[thread_id]
            [picker] = header["components"][1]["components"]
            assert picker["custom_id"] == "lbs:view"
            assert [o["value"] for o in picker["options"]] == ["2", "1"]
            pick = world.press(header, "lbs:view")
            pick["data"] = {"custom_id": "lbs:view", "component_type": 3, "values": ["1"]}
            pick["attachment_size_limit"] = 2000
            answer = await world.send(pick)
            assert is_ephemeral(answer) and "viewing v1 of 2" in answer_text(answer)
            [(_field, filename, data)] = answer.files
            assert filename == "v1-preview.jpg" and len(data) <= 2000
            ids = [c["custom_id"] for row in answer.body["components"] for c in row["components"]]
            assert ids[0].startswith("lbv:approve:")
            shown = world.fake.messages[max(world.fake.messages)]
            approved = await world.send(world.press(dict(shown, channel_id=str(p.CHANNEL)), ids[0]))
            assert "v1 ✅ approved" in answer_text(approved)
        finally:
            await world.close()

    asyncio.run(scenario())


def test_the_picker_pages_back_past_the_newest_24_versions(world: World) -> None:
    async def scenario() -> None:
        await world.start_bot()
        try:
            thread_id = await open_card(world, count=1)
            router = CommandRouter(world.runtime.studio)
            ada = Actor("discord", "501", "ada", is_chat_admin=True)
            in_thread = Place("discord", str(p.CHANNEL), str(thread_id))
            for _ in range(26):
                await asyncio.to_thread(router.handle, ada, in_thread, "/upload", tiny_png())
            await world.idle()
            await asyncio.to_thread(world.runtime.headers.refresh, 1)
            header = world.fake.messages[thread_id]
            [picker] = header["components"][1]["components"]
            values = [o["value"] for o in picker["options"]]
            assert len(values) == 25 and values[:2] == ["27", "26"]
            assert values[-2:] == ["4", "older:4"]
            older = world.press(header, "lbs:view")
            older["data"] = {"custom_id": "lbs:view", "component_type": 3, "values": ["older:4"]}
            answer = await world.send(older)
            [[page]] = [row["components"] for row in answer.body["components"]]
            assert page["custom_id"] == f"lbs:page:{thread_id}"
            assert [o["value"] for o in page["options"]] == ["3", "2", "1"]
            shown = world.fake.messages[max(world.fake.messages)]
            pick = world.press(dict(shown, channel_id=str(p.CHANNEL)), page["custom_id"])
            pick["data"] = {"custom_id": page["custom_id"], "component_type": 3, "values": ["1"]}
            answer = await world.send(pick)
            assert "viewing v1 of 27" in answer_text(answer)
        finally:
            await world.close()

    asyncio.run(scenario())


def tiny_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 16), "navy").save(out, "PNG")
    return out.getvalue()
