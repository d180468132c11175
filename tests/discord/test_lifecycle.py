"""Discord's interaction lifecycle, enforced by the fake: 3 s to acknowledge, one acknowledgement,
a 15-minute token, ephemeral messages out of the bot token's reach."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest

from tests.discord import payloads as p
from tests.discord.harness import (
    World,
    answer_text,
    custom_ids,
    open_card,
    version_id,
    versions_in,
)
from tests.waiting import settle_until

LATE = 4.0  # seconds an interaction reached the bot after it was created (the limit is 3)
TOKEN_AGED = 16 * 60.0


def approve_id(message: dict[str, Any]) -> str:
    return next(i for i in custom_ids(message) if i.startswith("lbv:approve:"))


def review(world: World, message: dict[str, Any]) -> str:
    return world.runtime.presenter.version_view(version_id(message)).review


def webhook_posts(world: World, payload: dict[str, Any]) -> list[Any]:
    return world.fake.find("POST", rf"/webhooks/\d+/{payload['token']}")


def test_a_press_is_acknowledged_before_core_works_and_an_expired_token_is_let_go(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The deferral goes out while core is still busy; when core takes longer than the token
    lives, the one follow-up is refused (50027) and the bot neither retries nor crashes — the
    approval itself stands."""

    async def scenario() -> None:
        await world.start_bot()
        try:
            thread_id = await open_card(world, count=1)
            [v1] = versions_in(world, thread_id).values()
            studio = world.runtime.studio
            entered, release = threading.Event(), threading.Event()
            real_press = studio.press

            def held_press(*args: Any, **kwargs: Any) -> Any:
                entered.set()
                assert release.wait(30)
                return real_press(*args, **kwargs)

            monkeypatch.setattr(studio, "press", held_press)
            pressed = world.press(v1, approve_id(v1))
            assert world.bot is not None
            world.bot._connection.parse_interaction_create(pressed)
            await settle_until(lambda: world.callbacks(pressed), "the deferral")
            assert await asyncio.to_thread(entered.wait, 10), "core was reached after deferring"
            [deferral] = world.callbacks(pressed)
            assert deferral.body["type"] == 5 and not webhook_posts(world, pressed)
            world.fake.interactions.advance(TOKEN_AGED)
            release.set()
            await settle_until(lambda: webhook_posts(world, pressed), "the follow-up")
            world.fake.interactions.advance(-TOKEN_AGED)
            answered = await world.send(world.command("help"))  # the bot is still answering
            assert answer_text(answered)
            assert len(webhook_posts(world, pressed)) == 1, "a refused follow-up is not retried"
            assert review(world, v1) == "approved"
        finally:
            await world.close()

    asyncio.run(scenario())


def test_late_and_replayed_interactions_are_not_acted_on_and_private_answers_stay_private(
    world: World,
) -> None:
    """A press that reached the bot after 3 s is refused (10062): nothing happens. A replayed
    press is refused as already acknowledged (40060): it acts once. A button on a private
    (ephemeral) answer acts without the bot token ever touching that message."""

    async def scenario() -> None:
        await world.start_bot()
        assert world.bot is not None
        try:
            thread_id = await open_card(world, count=2)
            v1, v2 = versions_in(world, thread_id)[1], versions_in(world, thread_id)[2]
            late = world.press(v1, approve_id(v1))
            world.fake.interactions.advance(LATE)
            world.bot._connection.parse_interaction_create(late)
            await settle_until(lambda: world.callbacks(late), "the late deferral")
            world.fake.interactions.advance(-LATE)
            fresh = world.press(v2, approve_id(v2))
            assert "approved" in answer_text(await world.send(fresh))
            world.bot._connection.parse_interaction_create(fresh)  # the same event again
            await settle_until(lambda: len(world.callbacks(fresh)) == 2, "the replay's deferral")
            # Privately view v1 and approve it there (an ephemeral message).
            pick = world.press(world.header(thread_id), "lbs:view")
            pick["data"] = {"custom_id": "lbs:view", "component_type": 3, "values": ["1"]}
            await world.send(pick)
            shown = world.fake.messages[max(world.fake.messages)]
            assert shown["flags"] & 64
            assert review(world, v1) == "none", "the late press changed nothing"
            private = world.press(dict(shown, channel_id=str(p.CHANNEL)), approve_id(shown))
            assert "approved" in answer_text(await world.send(private))
            assert len(world.callbacks(late)) == 1 and not webhook_posts(world, late)
            assert len(webhook_posts(world, fresh)) == 1, "the replay did not act again"
            assert review(world, v1) == review(world, v2) == "approved"
            assert not world.fake.find("PATCH", rf"/channels/\d+/messages/{shown['id']}")
            assert world.fake.violations.forgive() == [
                f"interaction {fresh['id']} acknowledged twice"
            ]
        finally:
            await world.close()

    asyncio.run(scenario())
