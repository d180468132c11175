"""Archive on Discord: /archive list and restore subcommands; a whole project archived from the
answer's button (owners only), undone from the next answer's button, deleted from a button:
its thread messages come down from the fake REST API and its chat is let go."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.discord import payloads as p
from tests.discord.harness import World, answer_text, open_card

CONFIRM = {"name": "confirm", "type": 5, "value": True}


def _buttons(call: Any) -> list[str]:
    body = call.body.get("data") or call.body
    return [c["custom_id"] for row in body.get("components", []) for c in row["components"]]


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # the core tests run both
def test_archive_list_restore_and_a_whole_project_from_buttons(world: World) -> None:
    async def scenario() -> None:
        await world.start_bot()
        try:
            thread_id = await open_card(world, "a red fox in snow", 2)

            async def say(name: str, *options: dict[str, Any], sub: str | None = None, **kw: Any):  # noqa: ANN202
                return await world.send(world.command(name, *options, sub=sub, **kw))

            async def press(call: Any, custom_id: str, user_id: int = 501, admin: bool = True):  # noqa: ANN202
                message = p.message(
                    9200, p.CHANNEL, answer_text(call), call.body.get("data") or call.body, []
                )
                return await world.send(
                    world.press(message, custom_id, user_id=user_id, admin=admin)
                )

            # /archive <kind>, /archive list, /archive restore <number>
            await say("archive", p.option("name", "#1"), CONFIRM, sub="card")
            listed = answer_text(await say("archive", sub="list"))
            assert "#1 card: card #1 “a red fox in snow”" in listed
            assert "is back" in answer_text(
                await say("archive", p.option("number", 1), sub="restore")
            )
            assert "nothing archived" in answer_text(await say("archive", sub="list"))
            await world.idle()
            assert len(world.fake.thread_messages(thread_id)) == 2

            # A prompt naming a character: its answer offers 👤 Use Mara; the press places her.
            mara = p.option("name", "Mara")
            await say("character", mara, p.option("description", "red scarf"), sub="new")
            await say("character", mara, p.option("count", 1), sub="portrait")
            await world.idle()
            await say("character", mara, p.option("version", 1), sub="use")
            made = await say("imagine", p.option("prompt", "mara on the pier"))
            [offer] = [i for i in _buttons(made) if i.startswith("lbv:withnamed:")]
            placed = await press(made, offer)
            assert "👤 Mara now with card" in answer_text(placed)
            await world.idle()

            # A member who is not an owner cannot archive the project.
            await say("feed", user_id=502, admin=False)  # joins as an editor
            refused = await say("project", sub="archive", user_id=502, admin=False)
            assert "at least owner" in answer_text(refused)
            asked = await say("project", sub="archive")
            assert "Confirm with /project archive 1 confirm" in answer_text(asked)
            assert _buttons(asked) == ["lbv:projarchive:1"]
            not_owner = await press(asked, "lbv:projarchive:1", user_id=502, admin=False)
            assert "at least owner" in answer_text(not_owner)
            done = await press(asked, "lbv:projarchive:1")
            assert 'archived project "Demo"' in answer_text(done)
            assert _buttons(done) == ["lbv:projundo:1"]
            await world.idle()
            assert world.fake.thread_messages(thread_id) == []
            assert 'project "Demo" is archived' in answer_text(await say("feed"))
            back = await press(done, "lbv:projundo:1")
            assert '"Demo" is back' in answer_text(back)
            await world.idle()
            assert len(world.fake.thread_messages(thread_id)) == 2

            await say("project", CONFIRM, sub="archive")
            await world.idle()
            asked = await say("project", sub="delete")
            assert _buttons(asked) == ["lbv:projdelete:1"]
            gone = await press(asked, "lbv:projdelete:1")
            assert 'deleted project "Demo"' in answer_text(gone)
            assert "no project is selected" in answer_text(await say("feed"))
        finally:
            await world.close()

    asyncio.run(scenario())
