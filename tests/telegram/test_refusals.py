"""Telegram refusals through the worker path: each fake rule fires and Lightbox ends right."""

from __future__ import annotations

import logging

import pytest
from sqlmodel import select

from bot.router import CommandRouter
from core.identity import Actor, Place
from core.models import CardThread, ChatBinding, Delivery
from tests.telegram.fake_api import FakeBotApi
from tests.telegram.fake_methods import DELETE_WINDOW
from tests.telegram.helpers import GROUP, OTHER, version_messages
from workers.runtime import Runtime
from workers.sweep import Sweeper

ALICE = Actor("telegram", "1001", "Alice", is_chat_admin=True)
SUPERGROUP = -1001000000777


def place(chat_id: int) -> Place:
    return Place("telegram", str(chat_id))


def deliveries(rt: Runtime) -> list[Delivery]:
    with rt.db.session() as session:
        return list(session.exec(select(Delivery).order_by(Delivery.id)).all())


def idle(rt: Runtime) -> None:
    assert rt.wait_idle(["telegram"], 30.0), "deliveries did not finish"


def resurrected(rt: Runtime) -> list[int]:
    """What a sweep that considers every row lost would send again."""
    return Sweeper(rt.db, rt.queues, stale_seconds=0.0, lost_after_seconds=0.0).sweep().deliveries


@pytest.fixture
def studio(fake: FakeBotApi, tg_runtime: Runtime) -> CommandRouter:
    """A project in GROUP with one delivered version, and a showcase chat OTHER."""
    fake.add_chat(GROUP, "group")
    fake.add_chat(OTHER, "supergroup")
    router = CommandRouter(tg_runtime.studio)
    router.handle(ALICE, place(GROUP), "/project new Demo")
    router.handle(ALICE, place(OTHER), "/project use Demo")
    router.handle(ALICE, place(OTHER), "/project showcase here")
    router.handle(ALICE, place(GROUP), "/imagine a quiet harbour --n 1")
    idle(tg_runtime)
    assert len(version_messages(fake, GROUP)) == 1
    return router


def showcase_post(fake: FakeBotApi, router: CommandRouter, rt: Runtime) -> dict:
    router.handle(ALICE, place(GROUP), "/approve v1")
    idle(rt)
    [posted] = version_messages(fake, OTHER)
    return posted


def test_a_take_down_of_a_deleted_showcase_post_is_done(
    fake: FakeBotApi, tg_runtime: Runtime, studio: CommandRouter
) -> None:
    posted = showcase_post(fake, studio, tg_runtime)
    del fake.messages[(OTHER, posted["message_id"])]  # a moderator deleted it
    studio.handle(ALICE, place(GROUP), "/reject v1")
    idle(tg_runtime)
    [refused] = fake.calls_of("deleteMessage")
    assert refused.params["message_id"] == posted["message_id"]
    showcase = [d for d in deliveries(tg_runtime) if d.kind == "showcase"]
    assert [d.state for d in showcase] == ["removed"]
    assert resurrected(tg_runtime) == []


def test_an_undeletable_post_fails_once_with_its_reason(
    fake: FakeBotApi, tg_runtime: Runtime, studio: CommandRouter
) -> None:
    posted = showcase_post(fake, studio, tg_runtime)
    posted["date"] -= DELETE_WINDOW + 3600  # 49 hours old: bots may no longer delete it
    studio.handle(ALICE, place(GROUP), "/reject v1")
    idle(tg_runtime)
    assert len(fake.calls_of("deleteMessage")) == 1, "never retried"
    [showcase] = [d for d in deliveries(tg_runtime) if d.kind == "showcase"]
    assert showcase.state == "failed" and "message can't be deleted" in (showcase.error or "")
    assert showcase.message_id, "the post is still up: its id is kept"
    assert resurrected(tg_runtime) == []


def test_a_kicked_bot_fails_the_delivery_once_and_says_so_once(
    fake: FakeBotApi,
    tg_runtime: Runtime,
    studio: CommandRouter,
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake.kick(GROUP)
    with caplog.at_level(logging.WARNING, logger="workers.delivery"):
        studio.handle(ALICE, place(GROUP), "/new")
        studio.handle(ALICE, place(GROUP), "/new")
        idle(tg_runtime)
    kicked = [d for d in deliveries(tg_runtime) if d.state == "failed"]
    assert len(kicked) == 2
    assert all("Forbidden: bot was kicked from the group chat" in (d.error or "") for d in kicked)
    assert len(fake.calls_of("sendPhoto")) == 1 + 2, "one refused call per delivery, no retry"
    told = [r for r in caplog.records if "failed for good" in r.getMessage()]
    assert len(told) == 1, "the lost chat is reported once"
    assert resurrected(tg_runtime) == []


def test_a_group_upgraded_to_a_supergroup_is_re_keyed_and_retried(
    fake: FakeBotApi, tg_runtime: Runtime, studio: CommandRouter
) -> None:
    fake.migrate(GROUP, SUPERGROUP)
    studio.handle(ALICE, place(GROUP), "/new")
    idle(tg_runtime)
    [moved] = version_messages(fake, SUPERGROUP)
    assert "v2 of 2" in moved["caption"]
    refused = [c for c in fake.calls_of("sendPhoto") if c.params["chat_id"] == GROUP]
    assert len(refused) == 2, "v1 before the upgrade, v2 refused once with migrate_to_chat_id"
    with tg_runtime.db.session() as session:
        targets = session.exec(select(CardThread.target)).all()
        bound = session.exec(select(ChatBinding.chat_id)).all()
    assert all(t.startswith(str(SUPERGROUP)) for t in targets)
    assert str(SUPERGROUP) in bound and str(GROUP) not in bound
    bindings = tg_runtime.bindings
    assert bindings.thread_of_card(1, "telegram", str(SUPERGROUP)) == targets[0]
    assert bindings.thread_of_card(1, "telegram", str(GROUP)) is None
    # the people now write in the supergroup: same project, same card
    assert "v3" in studio.handle(ALICE, place(SUPERGROUP), "/new").text
    idle(tg_runtime)
    assert len(version_messages(fake, SUPERGROUP)) == 2


def test_a_flood_wait_is_honoured_and_retries_are_bounded(
    fake: FakeBotApi, tg_runtime: Runtime, studio: CommandRouter
) -> None:
    fake.fail("sendPhoto", 429, "Too Many Requests: retry after 1", retry_after=1)
    studio.handle(ALICE, place(GROUP), "/new")
    idle(tg_runtime)
    first, second = fake.calls_of("sendPhoto")[-2:]
    assert second.at - first.at >= 1.0, "sent again only after retry_after"
    tg_runtime.deliveries.max_attempts = 2
    for _ in range(3):
        fake.fail("sendPhoto", 429, "Too Many Requests: retry after 1", retry_after=1)
    studio.handle(ALICE, place(GROUP), "/new")
    idle(tg_runtime)
    last = deliveries(tg_runtime)[-1]
    assert last.state == "failed" and "gave up after 2 attempts" in (last.error or "")
    assert resurrected(tg_runtime) == []
