"""Telegram Stars end to end: /buy → invoice → pre-checkout → payment credited once → refund."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import func, select

from bot.cli import main
from bot.telegram.sink import TelegramSink
from core.models import LedgerEntry
from core.storage import LocalStorage
from tests.conftest import make_settings
from tests.core.credit_fixtures import catalog
from tests.telegram import fake_updates as tg
from tests.telegram.conftest import running
from tests.telegram.fake_api import TOKEN, FakeBotApi
from tests.telegram.helpers import ALICE, BOB, GROUP, last_text, texts
from workers.providers.local import LocalProvider
from workers.runtime import Runtime

PLANS = Path(__file__).resolve().parents[2] / "deploy" / "plans.example.toml"


@pytest.fixture
def shop(db_url: str, tmp_path: Path, fake: FakeBotApi) -> Iterator[Runtime]:
    sink = TelegramSink(TOKEN, fake.url, storage=LocalStorage(tmp_path / "data" / "images"))
    settings = make_settings(db_url, tmp_path / "data", plans_file=PLANS)
    rt = Runtime(
        settings, sinks={"telegram": sink}, catalog=catalog(), providers={"local": LocalProvider()}
    )
    rt.start_worker(threads=2, sweep_interval=None)
    yield rt
    rt.stop()
    sink.close()


def purchases(rt: Runtime) -> int:
    with rt.db.session() as s:
        return s.exec(select(func.count()).where(LedgerEntry.kind == "purchase")).one()


def test_stars_purchase_is_credited_once_and_refunded_by_an_admin(
    fake: FakeBotApi,
    shop: Runtime,
    db_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fake.add_chat(GROUP, "group")

    async def scenario() -> None:
        async with running(fake, shop) as chat:
            await chat.feed(tg.message(fake, GROUP, ALICE, "/project new Shop"))
            await chat.feed(tg.message(fake, GROUP, ALICE, "/imagine a fox --model proonly"))
            assert "available on plans: pro" in last_text(fake)
            await chat.feed(tg.message(fake, GROUP, ALICE, "/buy"))
            assert "small (100 credits for 50 ⭐)" in last_text(fake)
            await chat.feed(tg.message(fake, GROUP, ALICE, "/buy huge"))
            assert 'unknown pack "huge"' in last_text(fake)

            await chat.feed(tg.message(fake, GROUP, ALICE, "/buy small"))
            (invoice,) = fake.calls_of("sendInvoice")
            assert invoice.params["currency"] == "XTR"
            assert invoice.params["prices"] == [{"label": "100 credits", "amount": 50}]
            payload = invoice.params["payload"]

            for sender, total, answer in (
                (ALICE, 40, (False, "the price of 100 credits is now 50 ⭐")),
                (BOB, 50, (False, "this invoice was made for another person")),
                (ALICE, 50, (True, "")),
            ):
                update = tg.pre_checkout(fake, sender, payload, total)
                await chat.feed(update)
                ok, text = fake.pre_checkouts[update["pre_checkout_query"]["id"]] or (None, "")
                assert ok == answer[0] and text.startswith(answer[1])

            paid = tg.payment(fake, GROUP, ALICE, payload, 50, "stxCHARGE1")
            await chat.feed(paid)
            assert "✅ 100 credits added; you have 100 available" in last_text(fake)
            sent = len(texts(fake))
            await chat.feed(tg.payment(fake, GROUP, ALICE, payload, 50, "stxCHARGE1"))  # again
            await chat.feed(tg.message(fake, GROUP, ALICE, "/balance"))
            assert len(texts(fake)) == sent + 1 and "💳 your wallet: 120 available" in last_text(
                fake
            )  # the repeat said nothing; 100 bought + the free plan's 20
            assert purchases(shop) == 1

    asyncio.run(scenario())

    for name in [k for k in os.environ if k.startswith("LIGHTBOX_")]:
        monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LIGHTBOX_DATABASE_URL", db_url.replace("+psycopg", ""))
    monkeypatch.setenv("LIGHTBOX_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("LIGHTBOX_TELEGRAM_TOKEN", TOKEN)
    monkeypatch.setenv("LIGHTBOX_TELEGRAM_BASE_URL", fake.url)
    assert main(["credits", "refund", "stxCHARGE1"]) == 0
    assert "refunded charge stxCHARGE1: 100 credits taken back" in capsys.readouterr().out
    assert fake.star_payments["stxCHARGE1"]["refunded"]
    assert main(["credits", "refund", "stxCHARGE1"]) == 2
    assert "was refunded already" in capsys.readouterr().err
    (call,) = fake.calls_of("refundStarPayment")
    assert call.params == {"user_id": ALICE["id"], "telegram_payment_charge_id": "stxCHARGE1"}
    with shop.db.session() as s:
        refunds = s.exec(select(LedgerEntry.amount).where(LedgerEntry.kind == "refund")).all()
    assert refunds == [-100_000]  # thousandths: the 100 credits, taken back once
