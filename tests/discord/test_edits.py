"""Edits by buttons on Discord: 🖌 Edit → ✍️ In words opens a modal; each answer makes a new
version that is posted into the card thread with its lineage."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.discord import payloads as p
from tests.discord.harness import (
    Call,
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
                modal = await in_words(world, message, vid)
                assert modal.body["data"]["custom_id"] == f"lbm:editwords:{vid}"
                assert modal_fields(modal) == {"edit": ""}
                submit = world.submit(p.CHANNEL, f"lbm:editwords:{vid}", words, field="edit")
                answer = await world.send(submit)
                assert f"queued v{number + 1}: {made}" in answer_text(answer)
                await world.idle()
                assert made in versions_in(world, thread_id)[number + 1]["content"]
            assert "1024×1024" in versions_in(world, thread_id)[2]["content"]
            message = versions_in(world, thread_id)[2]
            vid = version_id(message)
            await in_words(world, message, vid)
            info = await world.send(world.submit(p.CHANNEL, f"lbm:editwords:{vid}", "info",
                                                 field="edit"))  # fmt: skip
            assert "v2 = inpaint of v1 ← v1 generated" in answer_text(info)
        finally:
            await world.close()

    asyncio.run(scenario())


async def in_words(world: World, message: dict[str, Any], vid: int) -> Call:
    """🖌 Edit on a version, then ✍️ In words on the menu it answers with: the modal."""
    menu = await world.send(world.press(message, f"lbv:editimage:{vid}"))
    shown = p.message(9000, p.CHANNEL, answer_text(menu), menu.body, [])
    return await world.send(world.press(shown, f"lbv:editwords:{vid}"))
