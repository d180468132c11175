"""A Telegram handler that fails is logged with the update's ids and dropped; the next one runs."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from telegram import Update
from telegram.ext import TypeHandler

from bot.telegram.sink import TelegramSink
from core.storage import LocalStorage
from tests.conftest import make_settings, wipe
from tests.telegram import fake_updates as tg
from tests.telegram.conftest import running
from tests.telegram.fake_api import TOKEN, FakeBotApi
from tests.telegram.helpers import ALICE, GROUP
from workers.runtime import Runtime


def posted_help(fake: FakeBotApi) -> int:
    """Help answers the fake accepted (refused calls are recorded too, but never stored)."""
    with fake.lock:
        return sum("Lightbox commands" in m.get("text", "") for m in fake.messages.values())


@pytest.fixture
def telegram(migrated: dict[str, str], tmp_path: Path) -> Iterator[tuple[FakeBotApi, Runtime]]:
    wipe(migrated["sqlite"])
    fake = FakeBotApi().start()
    fake.add_chat(GROUP, "group")
    sink = TelegramSink(TOKEN, fake.url, storage=LocalStorage(tmp_path / "data" / "images"))
    rt = Runtime(make_settings(migrated["sqlite"], tmp_path / "data"), sinks={"telegram": sink})
    try:
        yield fake, rt
    finally:
        rt.stop()
        sink.close()
        fake.stop()


def test_an_exception_that_leaves_a_handler_is_logged_with_ids_and_dropped(
    telegram: tuple[FakeBotApi, Runtime], caplog: pytest.LogCaptureFixture
) -> None:
    fake, rt = telegram
    broken = tg.message(fake, GROUP, ALICE, "/help")
    working = tg.message(fake, GROUP, ALICE, "/help")

    async def explode(update: object, context: object) -> None:
        if isinstance(update, Update) and update.update_id == broken["update_id"]:
            raise RuntimeError("a handler bug")

    async def scenario() -> None:
        async with running(fake, rt) as chat:
            # A handler of its own group, beside Lightbox's: a bug in it fails this update only.
            chat.app.add_handler(TypeHandler(Update, explode), group=-1)
            await chat.feed(broken)
            await chat.feed(working)

    with caplog.at_level(logging.ERROR, logger="bot.telegram.app"):
        asyncio.run(scenario())
    [failure] = [r.getMessage() for r in caplog.records if "update failed" in r.getMessage()]
    assert f"update_id={broken['update_id']}" in failure and "a handler bug" in failure
    assert f"chat_id={GROUP}" in failure and f"user_id={ALICE['id']}" in failure
    assert "/help" not in failure  # ids, never the user's text
    assert posted_help(fake) == 2  # Lightbox's own handler still answered both


def test_a_platform_error_in_one_update_is_dropped_and_the_next_is_served(
    telegram: tuple[FakeBotApi, Runtime],
) -> None:
    fake, rt = telegram

    async def scenario() -> None:
        async with running(fake, rt) as chat:
            fake.fail("sendMessage", 500, "Internal Server Error")
            fake.fail("sendMessage", 500, "Internal Server Error")
            await chat.feed(tg.message(fake, GROUP, ALICE, "/help"))
            await chat.feed(tg.message(fake, GROUP, ALICE, "/help"))

    asyncio.run(scenario())
    assert posted_help(fake) == 1  # the first answer was refused; the second went out
