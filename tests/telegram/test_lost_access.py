"""Lost access on Telegram: the delivery fails once, and the owner is told once, in private."""

from __future__ import annotations

import io
import logging

import pytest
from sqlmodel import select

from bot.doctor import run_doctor
from bot.router import CommandRouter
from bot.telegram.botapi import LostChatAccess
from core.errors import LostAccess
from core.identity import Actor, Place
from core.models import Delivery, LostChat
from tests.telegram.fake_api import FakeBotApi
from tests.telegram.helpers import GROUP, version_messages
from workers.owner_notice import OwnerNotice
from workers.runtime import Runtime
from workers.sweep import Sweeper

ALICE = Actor("telegram", "1001", "Alice", is_chat_admin=True)
ALICE_CHAT = 1001  # a person's private chat with the bot has their user id


def place(chat_id: int) -> Place:
    return Place("telegram", str(chat_id))


def idle(rt: Runtime) -> None:
    assert rt.wait_idle(["telegram"], 30.0), "deliveries did not finish"


def deliveries(rt: Runtime) -> list[Delivery]:
    with rt.db.session() as session:
        return list(session.exec(select(Delivery).order_by(Delivery.id)).all())


def lost_rows(rt: Runtime) -> list[LostChat]:
    with rt.db.session() as session:
        return list(session.exec(select(LostChat)).all())


def private_notes(fake: FakeBotApi, user_id: int) -> list[str]:
    """The lost-access notices the bot posted in a person's private chat."""
    with fake.lock:
        texts = [
            str(m.get("text", "")) for (chat, _), m in fake.messages.items() if chat == user_id
        ]
    return [text for text in texts if "lost access" in text]


@pytest.fixture
def studio(fake: FakeBotApi, tg_runtime: Runtime) -> CommandRouter:
    """Alice owns "Demo" in GROUP (one version delivered) and has started the bot."""
    fake.add_chat(GROUP, "group")
    fake.add_chat(ALICE_CHAT, "private", title="Alice")
    router = CommandRouter(tg_runtime.studio)
    router.handle(ALICE, place(GROUP), "/project new Demo")
    router.handle(ALICE, place(GROUP), "/imagine a quiet harbour --n 1")
    idle(tg_runtime)
    assert len(version_messages(fake, GROUP)) == 1
    return router


def test_a_kicked_bot_tells_the_owner_once_in_private(
    fake: FakeBotApi, tg_runtime: Runtime, studio: CommandRouter
) -> None:
    fake.kick(GROUP)
    studio.handle(ALICE, place(GROUP), "/new")
    studio.handle(ALICE, place(GROUP), "/new")
    idle(tg_runtime)
    failed = [d for d in deliveries(tg_runtime) if d.state == "failed"]
    assert len(failed) == 2 and all("lost access (kicked)" in (d.error or "") for d in failed)
    assert len(fake.calls_of("sendPhoto")) == 1 + 2, "one refused call each, never retried"
    [note] = private_notes(fake, ALICE_CHAT)
    assert f"Telegram chat {GROUP} (kicked)" in note and "“Demo”" in note
    assert "/project use Demo" in note
    [row] = lost_rows(tg_runtime)
    assert (row.chat_id, row.reason) == (str(GROUP), "kicked")
    assert row.told == "telegram private message to user 1001"
    doctor = io.StringIO()
    assert run_doctor(tg_runtime.settings, doctor) == 0
    [line] = [x for x in doctor.getvalue().splitlines() if x.startswith("! lost access")]
    assert f"Telegram chat {GROUP} (kicked)" in line and "“Demo”" in line
    assert "owner told by telegram private message to user 1001" in line
    sweep = Sweeper(tg_runtime.db, tg_runtime.queues, stale_seconds=0.0, lost_after_seconds=0.0)
    assert sweep.sweep().deliveries == []

    # Another process meets the same refusal: the row says it was told already.
    other = OwnerNotice(tg_runtime.db, tg_runtime.sinks)
    refused = LostChatAccess(403, "Forbidden: bot was kicked from the group chat")
    assert not other.lost(failed[-1], refused)
    assert len(private_notes(fake, ALICE_CHAT)) == 1


def test_access_given_back_then_lost_again_is_told_again(
    fake: FakeBotApi, tg_runtime: Runtime, studio: CommandRouter
) -> None:
    fake.kick(GROUP)
    studio.handle(ALICE, place(GROUP), "/new")
    idle(tg_runtime)
    fake.kicked.discard(GROUP)  # an admin added the bot back
    studio.handle(ALICE, place(GROUP), "/new")
    idle(tg_runtime)
    assert deliveries(tg_runtime)[-1].state == "sent" and lost_rows(tg_runtime) == []
    fake.kick(GROUP)
    studio.handle(ALICE, place(GROUP), "/new")
    idle(tg_runtime)
    assert len(private_notes(fake, ALICE_CHAT)) == 2


def test_a_user_who_blocked_the_bot_is_noted_in_the_log(
    fake: FakeBotApi,
    tg_runtime: Runtime,
    studio: CommandRouter,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Her own chat is the lost one: no private message can reach her, the log says it once."""
    studio.handle(ALICE, place(ALICE_CHAT), "/project use Demo")
    studio.handle(ALICE, place(ALICE_CHAT), "/imagine a lantern --n 1")
    idle(tg_runtime)
    fake.kick(ALICE_CHAT)  # in a private chat: she blocked the bot
    with caplog.at_level(logging.WARNING, logger="workers.owner_notice"):
        studio.handle(ALICE, place(ALICE_CHAT), "/new")
        studio.handle(ALICE, place(ALICE_CHAT), "/new")
        idle(tg_runtime)
    failed = [d for d in deliveries(tg_runtime) if d.state == "failed"]
    assert len(failed) == 2 and all("lost access (blocked)" in (d.error or "") for d in failed)
    told = [r.getMessage() for r in caplog.records if "owner notice" in r.getMessage()]
    assert len(told) == 1 and f"Telegram chat {ALICE_CHAT} (blocked)" in told[0]
    [row] = lost_rows(tg_runtime)
    assert (row.reason, row.told) == ("blocked", "log")
    assert private_notes(fake, ALICE_CHAT) == []
    assert isinstance(LostChatAccess(403, "Forbidden: bot was blocked by the user"), LostAccess)
