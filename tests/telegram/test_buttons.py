"""Buttons: they survive a restart, forged data is refused with an answer, answers come first."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from bot.telegram.app import Lightbox
from tests.telegram import fake_updates as tg
from tests.telegram.conftest import Chat, running
from tests.telegram.fake_api import FakeBotApi
from tests.telegram.helpers import (
    ALICE,
    BOB,
    FORUM,
    GROUP,
    OTHER,
    button,
    header_message,
    last_sent,
    last_text,
    version_message,
    version_messages,
)
from workers.runtime import Runtime


async def card_with_versions(
    chat: Chat, fake: FakeBotApi, chat_id: int, who: dict[str, Any] = ALICE
) -> None:
    await chat.feed(tg.message(fake, chat_id, who, f"/project new P{chat_id}"))
    await chat.feed(tg.message(fake, chat_id, who, "/imagine a lighthouse at dusk --n 1"))
    await chat.idle()


def review_of(runtime: Runtime, version_id: int) -> str:
    return runtime.presenter.version_view(version_id).review


def test_keyboard_from_before_a_restart_still_works(fake: FakeBotApi, tg_runtime: Runtime) -> None:
    fake.add_chat(GROUP, "group")

    async def scenario() -> None:
        async with running(fake, tg_runtime) as chat:
            await card_with_versions(chat, fake, GROUP)
        v1 = version_message(fake, GROUP, 1)
        restarted = Runtime(tg_runtime.settings)  # a new process: only the database is shared
        try:
            async with running(fake, restarted) as chat:
                await chat.feed(
                    tg.press(fake, GROUP, v1["message_id"], ALICE, button(v1, "approve"))
                )
                await chat.feed(tg.press(fake, GROUP, v1["message_id"], ALICE, button(v1, "fork")))
                question = last_sent(fake)
                await chat.feed(
                    tg.message(fake, GROUP, ALICE, "dawn", reply_to=question["message_id"])
                )
        finally:
            restarted.stop()
        assert "✅ approved" in fake.messages[(GROUP, v1["message_id"])]["caption"]
        assert "direction “dawn” forked from v1" in last_text(fake)

    asyncio.run(scenario())


def test_forged_callback_data_is_refused_and_changes_nothing(
    fake: FakeBotApi, tg_runtime: Runtime
) -> None:
    fake.add_chat(GROUP, "group")
    fake.add_chat(OTHER, "supergroup")

    async def scenario() -> None:
        async with running(fake, tg_runtime) as chat:
            await card_with_versions(chat, fake, GROUP)
            await card_with_versions(chat, fake, OTHER, who=BOB)
            mine = version_message(fake, GROUP, 1)
            theirs = version_message(fake, OTHER, 1)
            their_id = int(button(theirs, "approve").split(":")[2])
            before = len(fake.calls_of("sendMessage"))
            forged = [f"v1:approve:{their_id}", f"v1:fork:{their_id}", f"v1:full:{their_id}"]
            forged += ["v1:nuke:1"]  # a well-formed id no action carries: core says so
            garbage = [
                "nuke",
                "v1:Nuke:1",
                "v1:approve:abc",
                "v1:approve:0",
                "v9:approve:1",
                "v1:approve:" + "9" * 60,
                "v1:approve:1:2",
            ]
            for data in forged + garbage:
                await chat.feed(tg.press(fake, GROUP, mine["message_id"], ALICE, data))
            answers = fake.calls_of("answerCallbackQuery")[-len(forged + garbage) :]
            assert all(a.params["show_alert"] is True for a in answers)
            assert all(
                "no version" in a.params["text"] or "not" in a.params["text"]
                for a in answers[: len(forged) - 1]
            )
            assert 'unknown button "nuke"' in answers[len(forged) - 1].params["text"]
            assert all("not valid" in a.params["text"] for a in answers[len(forged) :])
            assert len(fake.calls_of("sendMessage")) == before, "no question, no document"
            assert not fake.calls_of("sendDocument")
            assert review_of(tg_runtime, their_id) == "none"
            assert "approved" not in fake.messages[(OTHER, theirs["message_id"])]["caption"]

    asyncio.run(scenario())


def test_viewer_press_is_refused_with_an_alert(fake: FakeBotApi, tg_runtime: Runtime) -> None:
    fake.add_chat(GROUP, "group")
    fake.admins[GROUP].add(ALICE["id"])

    async def scenario() -> None:
        async with running(fake, tg_runtime) as chat:
            await card_with_versions(chat, fake, GROUP)
            await chat.feed(tg.message(fake, GROUP, BOB, "/project members"))
            await chat.feed(tg.message(fake, GROUP, ALICE, "/project role Bob viewer"))
            v1 = version_message(fake, GROUP, 1)
            await chat.feed(tg.press(fake, GROUP, v1["message_id"], BOB, button(v1, "approve")))
            answer = fake.calls_of("answerCallbackQuery")[-1]
            assert answer.params["show_alert"] is True and "viewer" in answer.params["text"]
            assert "approved" not in fake.messages[(GROUP, v1["message_id"])]["caption"]

    asyncio.run(scenario())


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_callback_is_answered_before_slow_work(fake: FakeBotApi, tg_runtime: Runtime) -> None:
    fake.add_chat(GROUP, "group")
    finished: list[float] = []

    async def scenario() -> None:
        async with running(fake, tg_runtime, answer_budget=0.2) as chat:
            await card_with_versions(chat, fake, GROUP)
            lightbox: Lightbox = chat.app.bot_data["lightbox"]
            press = lightbox.studio.press

            def slow_press(*args, **kwargs):  # type: ignore[no-untyped-def]
                time.sleep(1.0)  # a slow provider, database or lock
                try:
                    return press(*args, **kwargs)
                finally:
                    finished.append(time.monotonic())

            lightbox.studio.press = slow_press  # type: ignore[method-assign]
            v1 = version_message(fake, GROUP, 1)
            fed = time.monotonic()
            try:
                await chat.feed(
                    tg.press(fake, GROUP, v1["message_id"], ALICE, button(v1, "approve"))
                )
            finally:
                del lightbox.studio.press  # the runtime's studio is shared
            answer = fake.calls_of("answerCallbackQuery")[-1]
            assert answer.at - fed < 0.6 and answer.at < finished[0]
            assert answer.params["text"] == "⏳ working…"
            assert "✅ approved" in fake.messages[(GROUP, v1["message_id"])]["caption"]

    asyncio.run(scenario())


def test_card_header_buttons_edit_save_and_generate(fake: FakeBotApi, tg_runtime: Runtime) -> None:
    """✏️ Edit prompt asks with the draft from the database; the reply edits it and core
    refreshes the header; 💾 Save; ✨ Generate on the header's card (another card: refused)."""
    fake.add_chat(FORUM, "supergroup", forum=True)
    fake.add_chat(OTHER, "group")

    async def scenario() -> None:
        async with running(fake, tg_runtime) as chat:
            await card_with_versions(chat, fake, OTHER, who=BOB)
            await chat.feed(tg.message(fake, FORUM, ALICE, "/project new Demo"))
            await chat.feed(tg.message(fake, FORUM, ALICE, "/imagine a red fox --n 1"))
            await chat.idle()
            topic = next(t for (c, t) in fake.topics if c == FORUM)
            header = header_message(fake, FORUM, 2)
            assert [
                [k["text"] for k in row] for row in header["reply_markup"]["inline_keyboard"]
            ] == [["✨ Generate", "✏️ Edit prompt", "💾 Save"]]  # ↶ Revert after a save
            hid = header["message_id"]
            await chat.feed(tg.press(fake, FORUM, hid, ALICE, button(header, "edit")))
            question = last_sent(fake)
            assert "now: <code>a red fox</code>" in fake.calls_of("sendMessage")[-1].params["text"]
            assert question["text"].endswith("⟨edit 2⟩")
            await chat.feed(
                tg.message(
                    fake,
                    FORUM,
                    ALICE,
                    "a red fox at night",
                    topic=topic,
                    reply_to=question["message_id"],
                )
            )
            assert "draft autosaved" in last_text(fake)
            await chat.idle()  # joins core's header refresh
            assert "prompt: a red fox at night" in fake.messages[(FORUM, hid)]["text"]
            await chat.feed(tg.press(fake, FORUM, hid, ALICE, button(header, "save")))
            assert "💾 saved" in last_text(fake)
            await chat.idle()
            keyboard = fake.messages[(FORUM, hid)]["reply_markup"]["inline_keyboard"]
            assert ["↶ Revert to saved"] in [[k["text"] for k in row] for row in keyboard]
            await chat.feed(tg.press(fake, FORUM, hid, ALICE, "v1:generate:1"))  # Bob's card
            answer = fake.calls_of("answerCallbackQuery")[-1]
            assert answer.params["show_alert"] is True and "no card" in answer.params["text"]
            await chat.feed(tg.press(fake, FORUM, hid, ALICE, button(header, "generate")))
            assert "queued v2 of card #2" in last_text(fake)
            await chat.idle()
            assert len(version_messages(fake, FORUM)) == 2
            assert len(version_messages(fake, OTHER)) == 1

    asyncio.run(scenario())
