"""Discord app purchases: an entitlement credits its pack once (gateway event or interaction),
the consumable is consumed on Discord, and a subscription SKU assigns its plan."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import discord  # noqa: F401  (loads discord before its payload types)
import pytest
from discord.types.sku import Entitlement as EntitlementCreateEvent

from bot.discord.sink import DiscordSink
from core import credits, ledger
from core.models import PlanAssignment
from core.storage import LocalStorage
from tests.conftest import make_settings
from tests.discord import payloads as p
from tests.discord.fake_discord import FakeDiscord
from tests.discord.fake_entitlements import APPLICATION_SUBSCRIPTION, entitlement
from tests.discord.harness import World
from tests.waiting import settle_until
from workers.runtime import Runtime

EXAMPLE = Path(__file__).resolve().parents[2] / "deploy" / "plans.example.toml"
PACK_SKU, PLAN_SKU = 1088510058284990888, 1088510058284990889


@pytest.fixture
def shop_world(fake: FakeDiscord, db_url: str, tmp_path: Path) -> Iterator[World]:
    sink = DiscordSink(p.TOKEN, fake.base, storage=LocalStorage(tmp_path / "data" / "images"))
    settings = make_settings(db_url, tmp_path / "data", plans_file=EXAMPLE)
    runtime = Runtime(settings, sinks={"discord": sink})
    yield World(fake, runtime)
    runtime.stop()
    sink.close()


def test_an_entitlement_is_credited_once_and_consumed(shop_world: World) -> None:
    world, fake = shop_world, shop_world.fake

    def balance() -> int:
        with world.runtime.db.session() as session:
            owner_kind, owner_id = credits.find_owner(session, "discord:501")
            wallet = ledger.wallet_of(session, owner_kind, owner_id)
            return ledger.balance_of(session, wallet).balance

    def consumed() -> list[str]:
        return [c.path for c in fake.find("POST", r"/applications/\d+/entitlements/\d+/consume")]

    async def scenario() -> None:
        bot = await world.start_bot()

        def gateway(payload: dict[str, Any]) -> None:  # the gateway's ENTITLEMENT_CREATE
            bot._connection.parse_entitlement_create(cast(EntitlementCreateEvent, payload))

        try:
            bought = fake.entitlements.grant(entitlement(9001, PACK_SKU, 501))
            gateway(bought)
            await settle_until(consumed, "the consumable consumed")
            gateway(bought)  # Discord repeats an event
            command = world.command("balance") | {"entitlements": [bought]}
            await world.send(command)  # the interaction carries it too
            await world.idle()
            assert balance() == ledger.to_milli(100)
            assert consumed() == [f"/applications/{p.APP}/entitlements/9001/consume"]
            assert fake.entitlements.known["9001"]["consumed"] is True
            subscribed = entitlement(9002, PLAN_SKU, 501, APPLICATION_SUBSCRIPTION)
            gateway(fake.entitlements.grant(subscribed))

            def on_pro() -> bool:
                with world.runtime.db.session() as session:
                    found = session.get(PlanAssignment, ("user", "discord:501"))
                    return found is not None and found.plan == "pro"

            await settle_until(on_pro, "the subscriber on the pro plan")
            assert len(consumed()) == 1 and balance() == ledger.to_milli(100)
        finally:
            await world.close()

    asyncio.run(scenario())
