"""Edits by buttons on Discord: 🖌 Edit opens a modal; each answer makes a new version that is
posted into the card thread with its lineage."""

from __future__ import annotations

import asyncio

from tests.discord import payloads as p
from tests.discord.harness import (
    World,
    answer_text,
    custom_ids,
    modal_fields,
    open_card,
    version_id,
    versions_in,
)


def test_edit_button_opens_a_modal_and_each_answer_is_a_new_version(world: World) -> None:
    async def scenario() -> None:
        await world.start_bot()
        try:
            thread_id = await open_card(world, prompt="a cottage in a meadow", count=1)
            steps = [
                (1, "inpaint B2:C3 a red door", "inpaint of v1"),
            ]
            for number, words, made in steps:
                message = versions_in(world, thread_id)[number]
                vid = version_id(message)
                assert f"lbv:editimage:{vid}" in custom_ids(message)
                modal = await world.send(world.press(message, f"lbv:editimage:{vid}"))
                assert modal.body["data"]["custom_id"] == f"lbm:editimage:{vid}"
                assert modal_fields(modal) == {"edit": ""}
                submit = world.submit(p.CHANNEL, f"lbm:editimage:{vid}", words, field="edit")
                answer = await world.send(submit)
                assert f"queued v{number + 1}: {made}" in answer_text(answer)
                await world.idle()
                assert made in versions_in(world, thread_id)[number + 1]["content"]
            assert "1024×1024" in versions_in(world, thread_id)[2]["content"]
            message = versions_in(world, thread_id)[2]
            vid = version_id(message)
            await world.send(world.press(message, f"lbv:editimage:{vid}"))
            info = await world.send(world.submit(p.CHANNEL, f"lbm:editimage:{vid}", "info",
                                                 field="edit"))  # fmt: skip
            assert "v2 = inpaint of v1 ← v1 generated" in answer_text(info)
        finally:
            await world.close()

    asyncio.run(scenario())
