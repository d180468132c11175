"""Telegram fixtures: the fake Bot API, a runtime delivering through TelegramSink, the app."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from telegram import Update
from telegram.ext import Application

from bot.telegram.app import build_application, register_commands
from bot.telegram.sink import TelegramSink
from core.storage import LocalStorage
from tests.conftest import make_settings
from tests.telegram.fake_api import TOKEN, FakeBotApi
from workers.runtime import Runtime

HERE = Path(__file__).parent
AIOHTTP_MULTIPART = "ignore:unread_data.. is deprecated:DeprecationWarning"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """aiohttp's own multipart reader (used by the fake server) warns about its internals."""
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.filterwarnings(AIOHTTP_MULTIPART))


@pytest.fixture
def fake() -> Iterator[FakeBotApi]:
    api = FakeBotApi().start()
    yield api
    api.stop()
    # Every call the bot made was checked against the Bot API description as it arrived.
    api.violations.check()


@pytest.fixture
def tg_runtime(db_url: str, tmp_path: Path, fake: FakeBotApi) -> Iterator[Runtime]:
    sink = TelegramSink(TOKEN, fake.url, storage=LocalStorage(tmp_path / "data" / "images"))
    rt = Runtime(make_settings(db_url, tmp_path / "data"), sinks={"telegram": sink})
    rt.start_worker(threads=4, sweep_interval=None)
    yield rt
    rt.stop()
    sink.close()


class Chat:
    """A running Application fed with updates; waits for the worker's deliveries."""

    def __init__(self, app: Application, runtime: Runtime):
        self.app = app
        self.runtime = runtime

    async def feed(self, data: dict[str, Any]) -> None:
        await self.app.process_update(Update.de_json(data, self.app.bot))

    async def idle(self) -> None:
        done = await asyncio.to_thread(self.runtime.wait_idle, ["telegram"], 30.0)
        assert done, "jobs or deliveries did not finish"


@asynccontextmanager
async def running(
    fake: FakeBotApi, runtime: Runtime, *, answer_budget: float = 5.0
) -> AsyncIterator[Chat]:
    """A started Application. Its answer budget is generous (the product's is 0.8 s): these
    tests read core's own answer, which a loaded test machine may deliver later than 0.8 s; the
    budget's fallback ("working…") is tested with small budgets of its own."""
    app = build_application(
        TOKEN, runtime.studio, runtime.bindings, base_url=fake.url, answer_budget=answer_budget
    )
    async with app:
        await register_commands(app)
        yield Chat(app, runtime)
