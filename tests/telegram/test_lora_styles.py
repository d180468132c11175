"""Telegram: `--lora` in a message picks LoRA styles (shown in the version caption); a LoRA the
model does not offer is refused by name, with what it allows, and nothing is made."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.telegram.sink import TelegramSink
from core.catalog import LOCAL_PREVIEW, ModelCatalog, ModelProfile
from core.loras import LoraStyle
from core.storage import LocalStorage
from tests.conftest import make_settings
from tests.telegram import fake_updates as tg
from tests.telegram.conftest import running
from tests.telegram.fake_api import TOKEN, FakeBotApi
from tests.telegram.helpers import ALICE, texts, version_messages
from workers.providers.local import LocalProvider
from workers.runtime import Runtime

INK = LoraStyle("ink", "Ink wash", "ink_wash", 0.8, 1.2)
FORGE = ModelProfile(id="forge", label="Forge", provider="a1111", lora=True, loras=(INK,))


@pytest.fixture
def lora_runtime(db_url: str, tmp_path: Path, fake: FakeBotApi) -> Iterator[Runtime]:
    sink = TelegramSink(TOKEN, fake.url, storage=LocalStorage(tmp_path / "data" / "images"))
    catalog = ModelCatalog(profiles={"local": LOCAL_PREVIEW, "forge": FORGE}, default="forge")
    rt = Runtime(
        make_settings(db_url, tmp_path / "data"),
        sinks={"telegram": sink},
        catalog=catalog,
        providers={"local": LocalProvider(), "a1111": LocalProvider()},  # type: ignore[dict-item]
    )
    rt.start_worker(threads=2, sweep_interval=None)
    yield rt
    rt.stop()
    sink.close()


def test_lora_flag_in_a_message_and_its_refusal(fake: FakeBotApi, lora_runtime: Runtime) -> None:
    chat = ALICE["id"]
    fake.add_chat(chat, "private", title="Alice")

    async def scenario() -> None:
        async with running(fake, lora_runtime) as bot:
            await bot.feed(tg.message(fake, chat, ALICE, "/imagine a paper boat --lora ink:0.5"))
            await bot.idle()
            [shown] = version_messages(fake, chat)
            assert "LoRA ink 0.5" in shown["caption"]
            await bot.feed(tg.message(fake, chat, ALICE, "/imagine a kite --lora inc:0.5"))
            refusal = texts(fake)[-1]
            assert 'unknown LoRA "inc" for Forge; did you mean ink? allowed: ink (Ink' in refusal
            await bot.feed(tg.message(fake, chat, ALICE, "/imagine a kite --lora ink:3"))
            assert "the weight of ink is at most 1.2 on Forge" in texts(fake)[-1]
            await bot.idle()
            assert len(version_messages(fake, chat)) == 1

    asyncio.run(scenario())
