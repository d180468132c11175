"""Lost access on Discord: the delivery fails once, and the owner gets one DM per channel."""

from __future__ import annotations

import asyncio
import logging

import pytest
from sqlmodel import select

from core.models import Delivery, LostChat
from tests.discord import payloads as p
from tests.discord.fake_dms import dms_to
from tests.discord.harness import World, open_card, version_id, versions_in

OWNER = 501  # the harness's default user: made the project, so its owner


def deliveries(world: World) -> list[Delivery]:
    with world.runtime.db.session() as session:
        return list(session.exec(select(Delivery).order_by(Delivery.id)).all())


def lost_rows(world: World) -> list[LostChat]:
    with world.runtime.db.session() as session:
        return list(session.exec(select(LostChat)).all())


async def new_versions_after_losing_the_channel(world: World, presses: int) -> int:
    """A card with v1 in a thread of CHANNEL; then the bot loses the channel and people press
    🔁 New Version `presses` times. Returns the thread id."""
    thread_id = await open_card(world, count=1)
    v1 = versions_in(world, thread_id)[1]
    world.fake.no_access |= {p.CHANNEL, thread_id}  # removed from the channel and its threads
    for _ in range(presses):
        await world.send(world.press(v1, f"lbv:new:{version_id(v1)}"))
    await world.idle()
    return thread_id


def test_a_lost_channel_fails_its_posts_and_dms_the_owner_once(world: World) -> None:
    async def scenario() -> None:
        await world.start_bot()
        try:
            thread_id = await new_versions_after_losing_the_channel(world, presses=2)
        finally:
            await world.close()
        failed = [d for d in deliveries(world) if d.state == "failed"]
        assert len(failed) == 2
        assert all("lost access (missing access)" in (d.error or "") for d in failed)
        assert len(world.fake.find("POST", rf"/channels/{thread_id}/messages")) == 1 + 2
        [dm] = dms_to(world.fake, OWNER)
        assert f"Discord chat {p.CHANNEL} (missing access)" in dm["content"]
        assert "“Demo”" in dm["content"]
        [row] = lost_rows(world)
        assert (row.chat_id, row.reason) == (str(p.CHANNEL), "missing access")
        assert row.told == f"discord private message to user {OWNER}"

    asyncio.run(scenario())


def test_an_owner_who_takes_no_dms_is_told_in_the_log(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    world.fake.closed_dms.add(OWNER)

    async def scenario() -> None:
        await world.start_bot()
        try:
            with caplog.at_level(logging.WARNING, logger="workers.owner_notice"):
                await new_versions_after_losing_the_channel(world, presses=1)
        finally:
            await world.close()

    asyncio.run(scenario())
    told = [r.getMessage() for r in caplog.records if "owner notice" in r.getMessage()]
    assert len(told) == 1 and f"Discord chat {p.CHANNEL} (missing access)" in told[0]
    assert dms_to(world.fake, OWNER) == []
    [row] = lost_rows(world)
    assert row.told == "log"
