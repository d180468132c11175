"""The card header: core's registry buttons (target: the card), the edit form, the picker."""

from __future__ import annotations

import asyncio
import io

from PIL import Image

from core.identity import Actor, Place
from tests.discord import payloads as p
from tests.discord.harness import (
    World,
    answer_text,
    custom_ids,
    is_ephemeral,
    modal_fields,
    open_card,
    versions_in,
)

CARD = 1


def test_header_buttons_edit_generate_and_save(world: World) -> None:
    async def scenario() -> None:
        await world.start_bot()
        try:
            thread_id = await open_card(world, count=1)
            # Discord gives the thread the id of the header message it was started from.
            header = world.header(thread_id)
            assert header["channel_id"] == str(p.CHANNEL)
            # ↶ Revert is offered only once a 💾 Save gave the card a prompt to go back to.
            assert custom_ids(header) == [
                f"lbv:{action}:{CARD}" for action in ("generate", "edit", "save")
            ] + ["lbs:view"]
            assert "v1: ✅ done" in header["content"]

            modal = await world.send(world.press(header, f"lbv:edit:{CARD}"))
            assert modal.body["type"] == 9
            assert modal.body["data"]["custom_id"] == f"lbm:edit:{CARD}"
            assert modal_fields(modal) == {"prompt": "a red fox in snow", "seed": "random"}
            values = {"prompt": "a red fox at night", "seed": "random"}
            submit = world.submit(p.CHANNEL, f"lbm:edit:{CARD}", values, message=header)
            assert "draft autosaved" in answer_text(await world.send(submit))
            await world.idle()  # core's header refresh, sent by the Discord sink
            assert "> a red fox at night" in world.header(thread_id)["content"]

            answer = await world.send(world.press(header, f"lbv:generate:{CARD}"))
            assert "queued v2" in answer_text(answer), answer_text(answer)
            await world.idle()
            assert "v2 of 2" in versions_in(world, thread_id)[2]["content"]
            answer = await world.send(world.press(header, f"lbv:save:{CARD}"))
            assert "saved" in answer_text(answer)
            await world.idle()
            assert "💾 saved" in world.header(thread_id)["content"]
            assert f"lbv:revert:{CARD}" in custom_ids(world.header(thread_id))

            await world.send(world.press(header, f"lbv:edit:{CARD}"))
            bad = {"prompt": "x --n 9", "seed": "random"}
            answer = await world.send(world.submit(p.CHANNEL, f"lbm:edit:{CARD}", bad))
            assert answer_text(answer).startswith("⚠️") and "--n" in answer_text(answer)
            answer = await world.send(world.press(header, f"lbv:revert:{CARD}"))
            assert "saved prompt" in answer_text(answer)
        finally:
            await world.close()

    asyncio.run(scenario())


def test_the_edit_form_prefills_from_the_database_not_the_header(world: World) -> None:
    """A refinement in the card chat changed the draft; a header showing an older draft (a
    refresh not landed yet) must not be what the form offers, or submitting loses the change."""

    async def scenario() -> None:
        await world.start_bot()
        try:
            thread_id = await open_card(world, count=1)
            refine = world.command("refine", p.option("text", "add fog"), where=thread_id)
            assert answer_text(await world.send(refine)).startswith("🤖")
            draft = world.runtime.presenter.card_view(CARD).prompt  # type: ignore[union-attr]
            assert draft != "a red fox in snow", "the assistant did not refine the draft"
            stale = dict(world.header(thread_id), content="🗂️ **a red fox**\n> a red fox in snow")
            modal = await world.send(world.press(stale, f"lbv:edit:{CARD}"))
            assert modal_fields(modal)["prompt"] == draft
            await world.idle()
            assert f"> {draft}" in world.header(thread_id)["content"]
        finally:
            await world.close()

    asyncio.run(scenario())


def test_random_in_the_edit_form_returns_the_card_to_random_seeds(world: World) -> None:
    async def scenario() -> None:
        await world.start_bot()
        try:
            await world.send(world.command("project", p.option("name", "Demo"), sub="new"))
            imagine = world.command("imagine", p.option("prompt", "a fox"), p.option("seed", "7"))
            assert "queued v1" in answer_text(await world.send(imagine))
            await world.idle()
            thread_id = int(
                world.fake.find("POST", rf"/channels/{p.CHANNEL}/messages/\d+/threads")[
                    -1
                ].path.split("/")[4]
            )
            header = world.header(thread_id)
            assert "seed 7 (fixed)" in header["content"]
            modal = await world.send(world.press(header, f"lbv:edit:{CARD}"))
            assert modal_fields(modal) == {"prompt": "a fox", "seed": "7"}
            values = {"prompt": "a fox", "seed": "random"}
            await world.send(world.submit(p.CHANNEL, f"lbm:edit:{CARD}", values))
            await world.idle()
            assert "(fixed)" not in world.header(thread_id)["content"]
            modal = await world.send(world.press(header, f"lbv:edit:{CARD}"))
            assert modal_fields(modal)["seed"] == "random"
            answer = await world.send(world.press(header, f"lbv:generate:{CARD}"))
            assert "queued v2" in answer_text(answer)
            await world.idle()
            captions = [m["content"] for m in versions_in(world, thread_id).values()]
            assert "· seed 7 ·" in captions[0] and "· seed 7 ·" not in captions[1]
        finally:
            await world.close()

    asyncio.run(scenario())


def test_the_version_picker_shows_a_version_privately_with_its_buttons(world: World) -> None:
    async def scenario() -> None:
        await world.start_bot()
        try:
            thread_id = await open_card(world, count=2)
            header = world.header(thread_id)
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
            # The banner is the viewer's own: the shared header does not show it.
            assert "viewing" not in world.header(thread_id)["content"]
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
            studio = world.runtime.studio
            ada = Actor("discord", "501", "ada", is_chat_admin=True)
            in_thread = Place("discord", str(p.CHANNEL), str(thread_id))
            for _ in range(26):
                await asyncio.to_thread(studio.upload, ada, in_thread, tiny_png())
            await world.idle()
            header = world.header(thread_id)
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
