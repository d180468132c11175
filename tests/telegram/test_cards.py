"""Card creation: first contact, one order with nothing orphaned, and the header after /cancel."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.telegram.sink import TelegramSink
from core.ports import GenerationRequest, GenerationResult
from core.storage import LocalStorage
from tests.conftest import make_settings
from tests.telegram import fake_updates as tg
from tests.telegram.conftest import running
from tests.telegram.fake_api import TOKEN, FakeBotApi
from tests.telegram.helpers import (
    ALICE,
    BOB,
    FORUM,
    GROUP,
    header_message,
    last_text,
    texts,
    version_messages,
)
from workers.providers.local import LocalProvider
from workers.runtime import Runtime


class GatedProvider(LocalProvider):
    """The local provider, holding every generation until the test opens the gate."""

    def __init__(self) -> None:
        super().__init__()
        self.started = threading.Event()
        self.gate = threading.Event()

    def generate(self, request: GenerationRequest) -> GenerationResult:
        self.started.set()
        self.gate.wait(30)
        return super().generate(request)


@pytest.fixture
def gated() -> GatedProvider:
    return GatedProvider()


@pytest.fixture
def gated_runtime(
    db_url: str, tmp_path: Path, fake: FakeBotApi, gated: GatedProvider
) -> Iterator[Runtime]:
    sink = TelegramSink(TOKEN, fake.url, storage=LocalStorage(tmp_path / "data" / "images"))
    settings = make_settings(db_url, tmp_path / "data")
    rt = Runtime(settings, sinks={"telegram": sink}, providers={"local": gated})
    rt.start_worker(threads=4, sweep_interval=None)
    yield rt
    gated.gate.set()
    rt.stop()
    sink.close()


def test_first_imagine_in_a_private_chat_creates_the_project(
    fake: FakeBotApi, tg_runtime: Runtime
) -> None:
    fake.add_chat(ALICE["id"], "private", title="Alice")

    async def scenario() -> None:
        async with running(fake, tg_runtime) as chat:
            await chat.feed(tg.message(fake, ALICE["id"], ALICE, "/imagine a paper boat --n 1"))
            await chat.idle()
            answer = next(t for t in texts(fake) if "card #1 “a paper boat” created" in t)
            assert answer.startswith("📁 created your project “Alice's studio”")
            assert len(version_messages(fake, ALICE["id"])) == 1
            await chat.feed(tg.message(fake, ALICE["id"], ALICE, "warmer colours"))
            assert last_text(fake).startswith("🤖"), "the new card is open in a private chat"

    asyncio.run(scenario())


def test_first_imagine_in_a_group_needs_a_chat_admin(fake: FakeBotApi, tg_runtime: Runtime) -> None:
    """A member is told in one line who can; nothing is posted; an admin's first card works."""
    fake.add_chat(FORUM, "supergroup", forum=True)
    fake.admins[FORUM].add(ALICE["id"])

    async def scenario() -> None:
        async with running(fake, tg_runtime) as chat:
            await chat.feed(tg.message(fake, FORUM, BOB, "/imagine a fox --n 1"))
            refusal = last_text(fake)
            assert refusal.startswith("⚠️ no project is set up in this chat yet")
            assert "chat admin" in refusal and "\n" not in refusal
            assert not fake.calls_of("createForumTopic") and not fake.topics
            assert not any("🃏" in t for t in texts(fake))
            await chat.feed(tg.message(fake, FORUM, ALICE, "/imagine a fox --n 1"))
            await chat.idle()
            assert last_text(fake).startswith("📁 created the project “Team studio”")
            assert len(fake.topics) == 1 and len(version_messages(fake, FORUM)) == 1

    asyncio.run(scenario())


def test_a_failed_header_takes_its_topic_back_and_queues_nothing(
    fake: FakeBotApi, tg_runtime: Runtime
) -> None:
    fake.add_chat(FORUM, "supergroup", forum=True)

    async def scenario() -> None:
        async with running(fake, tg_runtime) as chat:
            await chat.feed(tg.message(fake, FORUM, ALICE, "/project new Demo"))
            fake.fail("sendMessage", 400, "Bad Request: not enough rights to send text messages")
            await chat.feed(tg.message(fake, FORUM, ALICE, "/imagine a fox --n 1"))
            await chat.idle()
            assert fake.calls_of("createForumTopic") and fake.calls_of("deleteForumTopic")
            assert not fake.topics, "no orphan topic"
            assert last_text(fake).startswith("⚠️")
            assert not version_messages(fake, FORUM) and not fake.calls_of("sendPhoto")
            # Without the right to make topics, the card gets a reply chain instead, and says so.
            fake.revoke(FORUM, "can_manage_topics")
            await chat.feed(tg.message(fake, FORUM, ALICE, "/imagine a hare --n 1"))
            await chat.idle()
            (posted,) = version_messages(fake, FORUM)
            header = header_message(fake, FORUM, 2)
            assert posted["reply_to_message"]["message_id"] == header["message_id"]
            assert "“Manage Topics” right" in last_text(fake)

    asyncio.run(scenario())


def test_after_cancel_the_header_stops_showing_queued(
    fake: FakeBotApi, gated_runtime: Runtime, gated: GatedProvider
) -> None:
    fake.add_chat(GROUP, "group")

    async def scenario() -> None:
        async with running(fake, gated_runtime) as chat:
            await chat.feed(tg.message(fake, GROUP, ALICE, "/project new Demo"))
            await chat.feed(tg.message(fake, GROUP, ALICE, "/imagine a kite --n 2"))
            assert await asyncio.to_thread(gated.started.wait, 10)
            header = header_message(fake, GROUP)["message_id"]
            await chat.feed(tg.message(fake, GROUP, ALICE, "/cancel", reply_to=header))
            assert "✖️ cancelled 2 generation(s) of card #1" in last_text(fake)
            await chat.idle()  # joins the header refresh core queued
            shown = fake.messages[(GROUP, header)]["text"]
            assert "⏳" not in shown and "🎨" not in shown, shown
            assert "v1: ✖️ cancelled" in shown and "v2: ✖️ cancelled" in shown
            gated.gate.set()

    asyncio.run(scenario())
