"""The key cycle through real discord.py objects, the fake REST API and the worker-side sink."""

from __future__ import annotations

import asyncio

from core.models import Ref, Version
from tests.discord import payloads as p
from tests.discord.harness import (
    World,
    answer_text,
    custom_ids,
    is_ephemeral,
    open_card,
    version_id,
    versions_in,
)


def ref_names(world: World, vid: int) -> list[str]:
    with world.runtime.db.session() as session:
        version = session.get(Version, vid)
        assert version is not None
        return [session.get(Ref, ref_id).name for ref_id in version.ref_ids]  # type: ignore[union-attr]


def test_imagine_posts_versions_into_a_thread(world: World) -> None:
    async def scenario() -> None:
        await world.start_bot()
        try:
            [sync] = world.fake.find("PUT", rf"/applications/{p.APP}/guilds/{p.GUILD}/commands")
            names = {command["name"] for command in sync.body}
            assert names >= {"imagine", "card", "project", "ref", "feed", "upload", "refine"}
            payload = world.command("project", p.option("name", "Demo"), sub="new")
            answer = await world.send(payload)
            assert "created" in answer_text(answer) and is_ephemeral(answer)
            imagine = world.command(
                "imagine", p.option("prompt", "a red fox --seed 7"), p.option("aspect", "16:9")
            )
            answer = await world.send(imagine)
            [deferral] = world.callbacks(imagine)
            assert deferral.body["type"] == 5 and deferral.body["data"]["flags"] == 64
            [header] = world.fake.find("POST", rf"/channels/{p.CHANNEL}/messages")
            assert "a red fox" in header.body["content"]
            [thread] = world.fake.find("POST", rf"/channels/{p.CHANNEL}/messages/\d+/threads")
            assert thread.body["name"] == "a red fox"
            thread_id = int(thread.path.split("/")[4])
            assert f"<#{thread_id}>" in answer_text(answer)
            await world.idle()
            posts = world.fake.find("POST", rf"/channels/{thread_id}/messages")
            assert len(posts) == 1
            [(field, filename, data)] = posts[0].files
            assert field == "files[0]" and filename == "v1.png" and data[:4] == b"\x89PNG"
            assert "v1 of 1" in posts[0].body["content"] and "16:9" not in answer_text(answer)
            [message] = world.fake.thread_messages(thread_id)
            ids = custom_ids(message)
            vid = int(ids[0].rsplit(":", 1)[1])
            actions = ["approve", "reject", "favorite", "new", "fork", "saveref", "restore"]
            more = ["prompt", "editimage", "designdefault", "publish", "animate", "to3d"]
            assert ids == [f"lbv:{a}:{vid}" for a in actions + more]
            assert [len(row["components"]) for row in message["components"]] == [5, 5, 3]
        finally:
            await world.close()

    asyncio.run(scenario())


def test_key_cycle_by_buttons_and_modals(world: World) -> None:
    async def scenario() -> None:
        await world.start_bot()
        try:
            thread_id = await open_card(world)
            found = versions_in(world, thread_id)
            v1, v2 = found[1], found[2]
            v1_id, v2_id = version_id(v1), version_id(v2)

            approve = world.press(v1, f"lbv:approve:{v1_id}")
            answer = await world.send(approve)
            assert world.callbacks(approve)[0].body["type"] == 5
            assert "v1 ✅ approved" in answer_text(answer) and is_ephemeral(answer)
            [edit] = world.fake.find("PATCH", rf"/channels/{thread_id}/messages/{v1['id']}")
            assert "✅ approved" in edit.body["content"]
            view = world.runtime.presenter.version_view(v1_id)
            assert view.review == "approved"

            saveref = world.press(v1, f"lbv:saveref:{v1_id}")
            modal = await world.send(saveref)
            assert modal.body["type"] == 9
            assert modal.body["data"]["custom_id"] == f"lbm:saveref:{v1_id}"
            answer = await world.send(world.submit(thread_id, f"lbm:saveref:{v1_id}", "fox"))
            assert "saved as object ref “fox”" in answer_text(answer)

            modal = await world.send(world.press(v2, f"lbv:fork:{v2_id}"))
            assert modal.body["data"]["custom_id"] == f"lbm:fork:{v2_id}"
            answer = await world.send(world.submit(thread_id, f"lbm:fork:{v2_id}", "profile"))
            assert "direction “profile” forked from v2" in answer_text(answer)

            answer = await world.send(world.press(v1, f"lbv:new:{v1_id}"))
            assert "queued v3–v4" in answer_text(answer), answer_text(answer)
            await world.idle()
            v3 = versions_in(world, thread_id)[3]
            posts = world.fake.find("POST", rf"/channels/{thread_id}/messages")
            assert len(posts) == 4 and all(len(c.files) == 1 for c in posts)
            assert ref_names(world, version_id(v3)) == ["fox"]

            answer = await world.send(world.press(v1, f"lbv:restore:{v1_id}"))
            assert "restored the prompt and settings of v1" in answer_text(answer)

            answer = await world.send(world.press(v2, f"lbv:prompt:{v2_id}"))
            assert "a red fox in snow" in answer_text(answer) and is_ephemeral(answer)
        finally:
            await world.close()

    asyncio.run(scenario())


def test_a_button_survives_a_restart(world: World) -> None:
    async def scenario() -> None:
        await world.start_bot()
        try:
            thread_id = await open_card(world, count=1)
            [message] = world.fake.thread_messages(thread_id)
            vid = version_id(message)
            await world.restart_bot()
            answer = await world.send(world.press(message, f"lbv:approve:{vid}"))
            assert "v1 ✅ approved" in answer_text(answer)
            assert world.runtime.presenter.version_view(vid).review == "approved"
            modal = await world.send(world.press(message, f"lbv:saveref:{vid}"))
            await world.restart_bot()
            submit = world.submit(thread_id, modal.body["data"]["custom_id"], "hero")
            assert "saved as object ref “hero”" in answer_text(await world.send(submit))
        finally:
            await world.close()

    asyncio.run(scenario())


def test_a_failed_refresh_does_not_hide_that_the_action_happened(world: World) -> None:
    async def scenario() -> None:
        await world.start_bot()
        try:
            thread_id = await open_card(world, count=1)
            [message] = world.fake.thread_messages(thread_id)
            world.fake.channels[thread_id]["thread_metadata"]["archived"] = True
            answer = await world.send(world.press(message, f"lbv:approve:{version_id(message)}"))
            assert "v1 ✅ approved" in answer_text(answer)
            assert world.fake.find("PATCH", rf"/channels/{thread_id}/messages/{message['id']}")
        finally:
            await world.close()

    asyncio.run(scenario())


def test_workers_refresh_the_card_header_with_progress(world: World) -> None:
    async def scenario() -> None:
        await world.start_bot()
        try:
            thread_id = await open_card(world, count=2)
            await world.idle()  # joins the header refreshes the workers queued
            edits = world.fake.find("PATCH", rf"/channels/{p.CHANNEL}/messages/{thread_id}")
            assert edits, "the header was never refreshed by the workers"
            final = world.header(thread_id)["content"]
            assert "v1: ✅ done" in final and "v2: ✅ done" in final
        finally:
            await world.close()

    asyncio.run(scenario())
