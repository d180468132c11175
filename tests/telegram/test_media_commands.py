"""Video, voice and 3D on Telegram: /voice and 🎬 Animate under an image version queue media
versions that are posted into the chat; the command menu lists the kinds configured."""

from __future__ import annotations

import asyncio

from tests.telegram import fake_updates as tg
from tests.telegram.conftest import running
from tests.telegram.fake_api import FakeBotApi
from tests.telegram.helpers import ALICE, GROUP, button, last_text, version_messages
from workers.runtime import Runtime


def posted_captions(fake: FakeBotApi) -> list[str]:
    """Every caption the bot sent, whatever the method (photo, video, audio, document)."""
    with fake.lock:
        return [str(c.params.get("caption", "")) for c in fake.calls if c.params.get("caption")]


def test_voice_line_and_animate_button_in_a_group(fake: FakeBotApi, tg_runtime: Runtime) -> None:
    fake.add_chat(GROUP, "group")

    async def scenario() -> None:
        async with running(fake, tg_runtime) as chat:
            [menu] = fake.calls_of("setMyCommands")
            assert {"video", "animate", "music", "voice", "3d"} <= {
                c["command"] for c in menu.params["commands"]
            }
            await chat.feed(tg.message(fake, GROUP, ALICE, "/project new Demo"))
            await chat.feed(tg.message(fake, GROUP, ALICE, "/voice Ahoy --voice robot"))
            assert 'unknown voice "robot"' in last_text(fake)
            await chat.feed(tg.message(fake, GROUP, ALICE, "/voice Ahoy, harbour pilot"))
            assert "🗣 card #1" in last_text(fake) and "voice narrator" in last_text(fake)
            await chat.feed(tg.message(fake, GROUP, ALICE, "/imagine a cottage --ar 16:9"))
            await chat.idle()
            [shown] = [  # card #2's image (the voice card's v1 may be posted with a poster)
                m for m in version_messages(fake, GROUP) if "local preview ·" in m["caption"]
            ]
            pressed = button(shown, "animate")
            await chat.feed(tg.press(fake, GROUP, shown["message_id"], ALICE, pressed))
            await chat.idle()
            captions = posted_captions(fake)
            assert any("v1 of 1 · 🗣 voice" in c for c in captions)
            assert any("v2 of 2 · 🎬 video · 2.0 s · animate of v1" in c for c in captions)

    asyncio.run(scenario())
