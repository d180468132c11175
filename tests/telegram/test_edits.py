"""Edits by buttons on Telegram: 🖌 Edit → ✍️ In words under a version asks what to do; each
answer makes a new version posted with its lineage; the region preview and info come back in
the chat."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.telegram import fake_updates as tg
from tests.telegram.conftest import Chat, running
from tests.telegram.fake_api import FakeBotApi
from tests.telegram.helpers import ALICE, GROUP, button, last_sent, last_text, version_message
from workers.runtime import Runtime


def test_edit_button_cycle_in_a_group(fake: FakeBotApi, tg_runtime: Runtime) -> None:
    fake.add_chat(GROUP, "group")

    async def scenario() -> None:
        async with running(fake, tg_runtime) as chat:
            await chat.feed(tg.message(fake, GROUP, ALICE, "/project new Demo"))
            await chat.feed(tg.message(fake, GROUP, ALICE, "/imagine a cottage --ar 16:9"))
            await chat.idle()
            steps = [
                (1, "inpaint B2:C3 a red door", "inpaint of v1", "1024×576"),
                (2, "collage v1 v2", "collage of v1, v2", "1072×584"),
            ]
            for number, words, made, size in steps:
                shown = version_message(fake, GROUP, number)
                question = await in_words(chat, fake, shown)
                assert "inpaint B2:C3 a red door" in question["text"]  # the example asked
                reply = tg.message(fake, GROUP, ALICE, words, reply_to=question["message_id"])
                await chat.feed(reply)
                await chat.idle()
                posted = version_message(fake, GROUP, number + 1)
                assert made in posted["caption"] and size in posted["caption"]
            question = await in_words(chat, fake, version_message(fake, GROUP, 3))
            await chat.feed(tg.message(fake, GROUP, ALICE, "info", reply_to=question["message_id"]))
            assert "lineage: v3 = collage of v1, v2 ← v1 generated" in last_text(fake)
        photos = fake.calls_of("sendPhoto")
        assert any("region B2:C3" in str(c.params.get("caption", "")) for c in photos)

    asyncio.run(scenario())


async def in_words(chat: Chat, fake: FakeBotApi, shown: dict[str, Any]) -> dict[str, Any]:
    """🖌 Edit under a version, then ✍️ In words on its menu: the question asked."""
    await chat.feed(tg.press(fake, GROUP, shown["message_id"], ALICE, button(shown, "editimage")))
    menu = last_sent(fake)
    await chat.feed(tg.press(fake, GROUP, menu["message_id"], ALICE, button(menu, "editwords")))
    return last_sent(fake)
