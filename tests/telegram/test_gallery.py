"""The gallery on Telegram: /feed gallery sends the sheet as a photo (within sendPhoto's limits)
with numbered tile keys five to a row; pressing a number posts that version."""

from __future__ import annotations

import asyncio
import io

from PIL import Image

from core.sheet_limits import TELEGRAM
from tests.telegram import fake_updates as tg
from tests.telegram.conftest import running
from tests.telegram.fake_api import FakeBotApi
from tests.telegram.helpers import ALICE, GROUP, last_sent, version_messages
from workers.runtime import Runtime


def test_gallery_sheet_and_tiles_in_a_group(fake: FakeBotApi, tg_runtime: Runtime) -> None:
    fake.add_chat(GROUP, "group")

    async def scenario() -> None:
        async with running(fake, tg_runtime) as chat:
            assert {"gallery", "scene", "character", "design"} <= {
                c["command"] for c in fake.commands
            }
            await chat.feed(tg.message(fake, GROUP, ALICE, "/project new Demo"))
            await chat.feed(tg.message(fake, GROUP, ALICE, "/imagine a red fox in snow --n 2"))
            await chat.idle()
            posted = len(version_messages(fake, GROUP))
            await chat.feed(tg.message(fake, GROUP, ALICE, "/feed gallery"))
            [listing] = [
                c for c in fake.calls_of("sendMessage") if "gallery (all)" in str(c.params["text"])
            ]
            keys = listing.params["reply_markup"]["inline_keyboard"]
            assert [[k["text"] for k in row] for row in keys] == [["1", "2"], ["🗂 Cards view"]]
            sheet = fake.calls_of("sendPhoto")[-1]
            data = sheet.files["photo"]
            with Image.open(io.BytesIO(data)) as image:
                assert TELEGRAM.allows(image.width, image.height, len(data))
            shown = last_sent(fake)
            assert "photo" in shown and "gallery (all)" in shown["caption"]
            text_message = next(
                m for m in fake.messages.values() if "gallery (all)" in str(m.get("text", ""))
            )
            tile_two = keys[0][1]["callback_data"]
            await chat.feed(tg.press(fake, GROUP, text_message["message_id"], ALICE, tile_two))
            assert len(version_messages(fake, GROUP)) == posted + 2  # the sheet, then v1
            assert "v1 of 2" in version_messages(fake, GROUP)[-1]["caption"]

    asyncio.run(scenario())
