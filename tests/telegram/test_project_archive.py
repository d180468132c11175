"""A whole project archived on Telegram from the inline keyboard (owners only), undone from the
next answer's key, then deleted: its version messages come down (deleteMessage on the fake) and
the group is let go; /archive list and restore answer as on the console."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.telegram import fake_updates as tg
from tests.telegram.conftest import running
from tests.telegram.fake_api import FakeBotApi
from tests.telegram.helpers import (
    ALICE,
    BOB,
    GROUP,
    button,
    last_text,
    until,
    version_messages,
)
from workers.runtime import Runtime


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # the core tests run both
def test_project_archive_undo_and_delete_from_keys(fake: FakeBotApi, tg_runtime: Runtime) -> None:
    fake.add_chat(GROUP, "group")

    async def scenario() -> None:
        async with running(fake, tg_runtime) as chat:

            def posts() -> int:  # the fox card's version posts (a /feed sheet is a photo too)
                shown = version_messages(fake, GROUP)
                return len([m for m in shown if "a red fox in snow\nv1 of" in m["caption"]])

            async def say(text: str, who: dict[str, Any] = ALICE) -> str:
                await chat.feed(tg.message(fake, GROUP, who, text))
                return last_text(fake)

            async def press(action: str, who: dict[str, Any] = ALICE) -> str:
                """Press `action` on the latest bot message that carries it."""
                with fake.lock:
                    keyed = [
                        m
                        for m in fake.messages.values()
                        if f":{action}:" in str(m.get("reply_markup", ""))
                    ]
                shown = max(keyed, key=lambda m: m["message_id"])
                data = button(shown, action)
                await chat.feed(tg.press(fake, GROUP, shown["message_id"], who, data))
                await chat.idle()
                return last_text(fake)

            await say("/project new Demo")
            await say("/imagine a red fox in snow")
            await chat.idle()
            assert len(version_messages(fake, GROUP)) == 1
            await say("/archive card #1 confirm")
            await chat.idle()  # its post is down before the restore
            assert "#1 card: card #1" in await say("/archive list")
            assert "is back" in await say("/archive restore 1")
            await chat.idle()
            await until(lambda: posts() == 1)

            # A prompt naming a character: its answer offers 👤 Use Mara; the key places her.
            await say("/character new Mara: red scarf")
            await say("/character portrait Mara")
            await chat.idle()
            await say("/character use Mara v1")
            assert "press 👤 Use Mara" in await say("/imagine mara on the pier")
            assert "👤 Mara now with card" in await press("withnamed")

            await say("/feed", who=BOB)  # Bob joins as an editor
            assert "at least owner" in await say("/project archive", who=BOB)
            asked = await say("/project archive")
            assert "Confirm with /project archive 1 confirm" in asked
            await press("projarchive", who=BOB)
            refused = fake.calls_of("answerCallbackQuery")[-1].params
            assert refused["show_alert"] is True and "at least owner" in refused["text"]
            assert 'archived project "Demo"' in await press("projarchive")
            await until(lambda: posts() == 0)  # deleteMessage on the fake
            assert 'project "Demo" is archived' in await say("/feed", who=BOB)
            assert '"Demo" is back' in await press("projundo")
            await until(lambda: posts() == 1)

            await say("/project archive Demo confirm")
            await chat.idle()
            assert "Confirm with /project delete 1 confirm" in await say("/project delete")
            assert 'deleted project "Demo"' in await press("projdelete")
            assert "no project is selected" in await say("/feed")

    asyncio.run(scenario())
