"""The library on Telegram, in a group: /design, /character, a photo into a scene, /imagine
--scene --with naming its context; then /feed gallery sends the sheet as a photo (within
sendPhoto's limits) with numbered keys five to a row, and pressing a number posts that version."""

from __future__ import annotations

import asyncio
import io

from PIL import Image

from core.sheet_limits import TELEGRAM
from tests.telegram import fake_updates as tg
from tests.telegram.conftest import running
from tests.telegram.fake_api import FakeBotApi
from tests.telegram.helpers import ALICE, GROUP, last_sent, last_text, png, texts, version_messages
from workers.runtime import Runtime


def test_library_cycle_and_gallery_in_a_group(fake: FakeBotApi, tg_runtime: Runtime) -> None:
    fake.add_chat(GROUP, "group")

    async def scenario() -> None:
        async with running(fake, tg_runtime) as chat:
            assert {"gallery", "scene", "character", "design", "element", "link"} <= {
                c["command"] for c in fake.commands
            }

            async def say(text: str, photo: bytes | None = None) -> str:
                await chat.feed(tg.message(fake, GROUP, ALICE, text, photo=photo))
                return last_text(fake)

            await say("/project new Demo")
            assert "seed: fixed 7" in await say("/design set --seed 7 --no blurry")
            assert "character Mara created" in await say("/character new Mara: red scarf")
            await say("/character portrait Mara --n 2")
            await chat.idle()
            assert "v2 is Mara's canonical portrait" in await say("/character use Mara v2")
            await say("/scene new Harbour")
            added = await say("/scene add Harbour", photo=png((1280, 720)))
            assert "upload 1280×720 is shot 1 of “Harbour”" in added
            await say("/imagine Mara on the pier --scene Harbour --with Mara")
            await chat.idle()
            made = next(t for t in texts(fake) if "Mara on the pier" in t and "created" in t)
            assert "context: Mara (image, description), Harbour (1 shot)" in made
            assert "refs in order: Mara, Harbour 1" in made

            posted = len(version_messages(fake, GROUP))
            await say("/feed gallery")
            [listing] = [
                c for c in fake.calls_of("sendMessage") if "gallery (all)" in str(c.params["text"])
            ]
            keys = listing.params["reply_markup"]["inline_keyboard"]
            assert [[k["text"] for k in row] for row in keys] == [["1", "2", "3"], ["🗂 Cards view"]]
            sheet = fake.calls_of("sendPhoto")[-1]
            data = sheet.files["photo"]
            with Image.open(io.BytesIO(data)) as image:
                assert TELEGRAM.allows(image.width, image.height, len(data))
            shown = last_sent(fake)
            assert "photo" in shown and "gallery (all)" in shown["caption"]
            text_message = next(
                m for m in fake.messages.values() if "gallery (all)" in str(m.get("text", ""))
            )
            tile_two = keys[0][1]["callback_data"]  # Mara's v2, the second newest
            await chat.feed(tg.press(fake, GROUP, text_message["message_id"], ALICE, tile_two))
            assert len(version_messages(fake, GROUP)) == posted + 2  # the sheet, then v2
            assert "v2 of 2" in version_messages(fake, GROUP)[-1]["caption"]

    asyncio.run(scenario())
