"""Telegram: `--lora` in a message picks LoRA styles (shown in the version caption); a LoRA the
model does not offer is refused by name, with what it allows, and nothing is made. `/lora` shows
the card model's LoRAs as buttons that toggle them on the draft, across a restart, editors only."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.telegram.sink import TelegramSink
from core.catalog import LOCAL_PREVIEW, ModelCatalog, ModelProfile
from core.loras import LoraStyle
from core.models import Card
from core.storage import LocalStorage
from tests.conftest import make_settings
from tests.telegram import fake_updates as tg
from tests.telegram.conftest import running
from tests.telegram.fake_api import TOKEN, FakeBotApi
from tests.telegram.helpers import ALICE, BOB, GROUP, last_sent, texts, version_messages
from workers.providers.local import LocalProvider
from workers.runtime import Runtime

INK = LoraStyle("ink", "Ink wash", "ink_wash", 0.8, 1.2)
GRAIN = LoraStyle("grain", "Film grain", "film_grain")
FORGE = ModelProfile(
    id="forge", label="Forge", provider="a1111", lora=True, loras=(INK, GRAIN), max_loras=2
)


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
            assert (
                'unknown LoRA "inc" for Forge; did you mean ink or grain? allowed: ink (Ink'
                in refusal
            )
            await bot.feed(tg.message(fake, chat, ALICE, "/imagine a kite --lora ink:3"))
            assert "the weight of ink is at most 1.2 on Forge" in texts(fake)[-1]
            await bot.idle()
            assert len(version_messages(fake, chat)) == 1

    asyncio.run(scenario())


def keys(shown: dict) -> list[list[tuple[str, str]]]:
    rows = shown["reply_markup"]["inline_keyboard"]
    return [[(k["text"], k["callback_data"]) for k in row] for row in rows]


def card_loras(runtime: Runtime) -> list[dict]:
    with runtime.db.session() as session:
        card = session.get(Card, 1)
        assert card is not None
        return list(card.loras)


def test_lora_picker_buttons_toggle_the_drafts_loras_after_a_restart(
    fake: FakeBotApi, lora_runtime: Runtime
) -> None:
    fake.add_chat(GROUP, "group")
    say = lambda who, text: tg.message(fake, GROUP, who, text)  # noqa: E731

    async def scenario() -> None:
        async with running(fake, lora_runtime) as bot:
            await bot.feed(say(ALICE, "/project new Demo"))
            await bot.feed(say(BOB, "/project members"))
            await bot.feed(say(ALICE, "/project role Bob viewer"))
            await bot.feed(say(ALICE, "/card new a paper boat"))
            await bot.feed(say(ALICE, "/lora"))
            menu = last_sent(fake)
            assert "🎨 LoRA styles of Forge" in menu["text"]
            assert keys(menu) == [
                [("Ink wash · 0.8", "v1:lora0:1")],
                [("Film grain · 1", "v1:lora1:1")],
                [("✖ No LoRA", "v1:loranone:1")],
            ]
        async with running(fake, lora_runtime) as bot:  # a restart: the buttons still work
            for data in ("v1:lora0:1", "v1:lora1:1"):
                await bot.feed(tg.press(fake, GROUP, menu["message_id"], ALICE, data))
            redrawn = fake.messages[(GROUP, menu["message_id"])]
            assert "🎨 LoRA: ink 0.8 + grain 1" in redrawn["text"]
            assert [row[0][0] for row in keys(redrawn)][:2] == [
                "✓ Ink wash · 0.8",
                "✓ Film grain · 1",
            ]
            await bot.feed(tg.press(fake, GROUP, menu["message_id"], BOB, "v1:loranone:1"))
            alert = fake.calls_of("answerCallbackQuery")[-1].params
            assert alert["show_alert"] is True and "viewer" in alert["text"]
            await bot.feed(tg.press(fake, GROUP, menu["message_id"], ALICE, "v1:lora19:1"))
            assert "out of date" in fake.calls_of("answerCallbackQuery")[-1].params["text"]
            assert card_loras(lora_runtime) == [
                {"name": "ink", "weight": 0.8},
                {"name": "grain", "weight": 1.0},
            ]
            await bot.feed(tg.message(fake, GROUP, ALICE, "/lora ink:3"))
            assert "the weight of ink is at most 1.2 on Forge" in texts(fake)[-1]
            await bot.feed(tg.message(fake, GROUP, ALICE, "/lora ink:0.6"))
            assert card_loras(lora_runtime) == [{"name": "ink", "weight": 0.6}]
            await bot.feed(tg.message(fake, GROUP, ALICE, "/new"))
            await bot.idle()
            [made] = version_messages(fake, GROUP)
            assert "LoRA ink 0.6" in made["caption"]
            await bot.feed(tg.press(fake, GROUP, menu["message_id"], ALICE, "v1:loranone:1"))
            assert card_loras(lora_runtime) == []

    asyncio.run(scenario())
