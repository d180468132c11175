"""The 🖌 Edit menu by inline keyboards on Telegram: Inpaint → pick B2, C3 on the grid → Done →
prompt (ForceReply), and a one-tap Upscale ×2 — each a new version posted in the chat."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.telegram import fake_updates as tg
from tests.telegram.conftest import Chat, running
from tests.telegram.fake_api import FakeBotApi
from tests.telegram.helpers import ALICE, GROUP, button, last_sent, version_message
from workers.runtime import Runtime


def keyed(fake: FakeBotApi, action: str) -> dict[str, Any]:
    """The bot's latest message with a button for `action` (a menu, a picker, a preview)."""
    with fake.lock:
        mine = [m for m in fake.messages.values() if m["from"]["id"] == fake.bot_user["id"]]
    for message in sorted(mine, key=lambda m: -m["message_id"]):
        keys = (message.get("reply_markup") or {}).get("inline_keyboard", [])
        if any(k["callback_data"].split(":")[1] == action for row in keys for k in row):
            return message
    raise AssertionError(f"no message with a {action} button")


async def tap(chat: Chat, fake: FakeBotApi, action: str) -> dict[str, Any]:
    """Press `action` on the latest message offering it; the pressed message (as stored now)."""
    message = keyed(fake, action)
    await chat.feed(tg.press(fake, GROUP, message["message_id"], ALICE, button(message, action)))
    with fake.lock:
        return fake.messages[(GROUP, message["message_id"])]


def test_inpaint_by_picked_cells_and_upscale_by_one_tap(
    fake: FakeBotApi, tg_runtime: Runtime
) -> None:
    fake.add_chat(GROUP, "group")

    async def scenario() -> None:
        async with running(fake, tg_runtime) as chat:
            await chat.feed(tg.message(fake, GROUP, ALICE, "/project new Demo"))
            await chat.feed(tg.message(fake, GROUP, ALICE, "/imagine a cottage --ar 16:9"))
            await chat.idle()
            v1 = version_message(fake, GROUP, 1)
            await chat.feed(tg.press(fake, GROUP, v1["message_id"], ALICE, button(v1, "editimage")))
            assert "🖌 Edit v1: pick an operation" in keyed(fake, "inpaintcells")["text"]

            await tap(chat, fake, "inpaintcells")
            grid = keyed(fake, "cellb2")
            rows = [len(r) for r in grid["reply_markup"]["inline_keyboard"]]
            assert rows == [4, 4, 4, 4, 2]
            assert "v1 grid" in last_sent(fake).get("caption", "")  # the A1–D4 overlay photo
            await tap(chat, fake, "cellsdone")
            refused = fake.calls_of("answerCallbackQuery")[-1].params
            assert "no cells picked" in refused["text"] and refused.get("show_alert")
            await tap(chat, fake, "cellb2")
            grid = await tap(chat, fake, "cellc3")
            assert "pick the cells to redraw: B2,C3" in grid["text"]
            keys = [k["text"] for row in grid["reply_markup"]["inline_keyboard"] for k in row]
            assert "✓ B2" in keys and "✓ C3" in keys and "B3" in keys

            await tap(chat, fake, "cellsdone")
            assert "region B2,C3" in last_sent(fake).get("caption", "")  # the highlighted preview
            await tap(chat, fake, "cellsprompt")
            question = last_sent(fake)
            await chat.feed(
                tg.message(fake, GROUP, ALICE, "a red door", reply_to=question["message_id"])
            )
            await chat.idle()
            assert "inpaint of v1" in version_message(fake, GROUP, 2)["caption"]

            v2 = version_message(fake, GROUP, 2)
            await chat.feed(tg.press(fake, GROUP, v2["message_id"], ALICE, button(v2, "editimage")))
            await tap(chat, fake, "upscale2")
            await chat.idle()
            assert "upscale of v2" in version_message(fake, GROUP, 3)["caption"]

    asyncio.run(scenario())
