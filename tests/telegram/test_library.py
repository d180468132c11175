"""The library cycle on Telegram: /design, /character, a photo added to a scene with a caption,
then /imagine --scene --with — the reply names the assembled context."""

from __future__ import annotations

import asyncio

from tests.telegram import fake_updates as tg
from tests.telegram.conftest import running
from tests.telegram.fake_api import FakeBotApi
from tests.telegram.helpers import ALICE, GROUP, last_text, png, texts
from workers.runtime import Runtime


def test_design_character_scene_and_imagine_in_a_group(
    fake: FakeBotApi, tg_runtime: Runtime
) -> None:
    fake.add_chat(GROUP, "group")

    async def scenario() -> None:
        async with running(fake, tg_runtime) as chat:

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
            await chat.feed(
                tg.message(
                    fake, GROUP, ALICE, "/imagine Mara on the pier --scene Harbour --with Mara"
                )
            )
            await chat.idle()
            made = next(t for t in texts(fake) if "Mara on the pier" in t and "created" in t)
            assert "context: Mara (image, description), Harbour (1 shot)" in made
            assert "refs in order: Mara, Harbour 1" in made

    asyncio.run(scenario())
