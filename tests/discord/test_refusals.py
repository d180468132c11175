"""Discord refusals through the worker path: each fake rule fires and Lightbox ends right."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import select

from bot.discord.sink import DiscordSink
from bot.router import CommandRouter
from core.identity import Actor, Place
from core.models import Delivery
from core.views import VersionView
from tests.discord import payloads as p
from tests.discord.fake_discord import FakeDiscord
from tests.discord.harness import World
from workers.runtime import Runtime
from workers.sweep import Sweeper

ANN = Actor("discord", "501", "Ann", is_chat_admin=True)
THREAD = 1300000000000000077
SHOWCASE = 1300000000000000088


def place(channel_id: int) -> Place:
    return Place("discord", str(channel_id))


def deliveries(rt: Runtime) -> list[Delivery]:
    with rt.db.session() as session:
        return list(session.exec(select(Delivery).order_by(Delivery.id)).all())


def idle(rt: Runtime) -> None:
    assert rt.wait_idle(["discord"], 30.0), "deliveries did not finish"


def resurrected(rt: Runtime) -> list[int]:
    """What a sweep that considers every row lost would send again."""
    return Sweeper(rt.db, rt.queues, stale_seconds=0.0, lost_after_seconds=0.0).sweep().deliveries


def posts_to(fake: FakeDiscord, channel_id: int) -> list[Any]:
    return fake.find("POST", rf"/channels/{channel_id}/messages")


@pytest.fixture
def studio(world: World) -> CommandRouter:
    """A project whose card lives in THREAD (v1 delivered), with a showcase channel."""
    fake, rt = world.fake, world.runtime
    fake.channels[THREAD] = p.thread_channel(THREAD, p.CHANNEL, "a fox")
    fake.channels[SHOWCASE] = p.text_channel(SHOWCASE)
    router = CommandRouter(rt.studio)
    router.handle(ANN, place(THREAD), "/project new Demo")
    router.handle(ANN, place(SHOWCASE), "/project use Demo")
    router.handle(ANN, place(SHOWCASE), "/project showcase here")
    router.handle(ANN, place(THREAD), "/imagine a red fox --n 1")
    idle(rt)
    assert len(fake.thread_messages(THREAD)) == 1
    return router


@pytest.mark.parametrize(
    ("refuse", "reason"),
    [
        (lambda fake: fake.no_access.add(THREAD), "50001"),
        (lambda fake: fake.forbidden.add(THREAD), "50013"),
        (lambda fake: fake.channels.pop(THREAD), "10003"),
    ],
    ids=["missing-access", "missing-permissions", "unknown-channel"],
)
def test_a_lost_channel_fails_the_delivery_once(
    world: World, studio: CommandRouter, refuse: Any, reason: str
) -> None:
    refuse(world.fake)
    studio.handle(ANN, place(THREAD), "/new")
    idle(world.runtime)
    last = deliveries(world.runtime)[-1]
    assert last.state == "failed" and reason in (last.error or "")
    assert (last.error or "").startswith("lost access (")  # the owner is told (see lost_access)
    assert len(posts_to(world.fake, THREAD)) == 2, "one refused POST, never retried"
    assert resurrected(world.runtime) == []


def test_a_locked_archived_thread_is_permanent(world: World, studio: CommandRouter) -> None:
    world.fake.lock_thread(THREAD)
    studio.handle(ANN, place(THREAD), "/new")
    idle(world.runtime)
    last = deliveries(world.runtime)[-1]
    assert last.state == "failed" and "archived and locked" in (last.error or "")
    [unarchive] = world.fake.find("PATCH", rf"/channels/{THREAD}")
    assert unarchive.body == {"archived": False}
    assert len(posts_to(world.fake, THREAD)) == 2 and resurrected(world.runtime) == []


def test_a_deleted_showcase_post_taken_down_is_done(world: World, studio: CommandRouter) -> None:
    studio.handle(ANN, place(THREAD), "/approve v1")
    idle(world.runtime)
    [shown] = world.fake.thread_messages(SHOWCASE)
    del world.fake.messages[int(shown["id"])]  # a moderator deleted it
    studio.handle(ANN, place(THREAD), "/reject v1")
    idle(world.runtime)
    assert len(world.fake.find("DELETE", rf"/channels/{SHOWCASE}/messages/\d+")) == 1
    showcase = [d for d in deliveries(world.runtime) if d.kind == "showcase"]
    assert [d.state for d in showcase] == ["removed"]


def test_a_showcase_post_is_its_own_message(world: World, studio: CommandRouter) -> None:
    """Nonces are per author: one per delivery, or the showcase post returns the thread's."""
    studio.handle(ANN, place(THREAD), "/approve v1")
    idle(world.runtime)
    assert len(world.fake.thread_messages(SHOWCASE)) == 1
    assert len(world.fake.thread_messages(THREAD)) == 1
    nonces = [c.body["nonce"] for c in world.fake.find("POST", r"/channels/\d+/messages")]
    assert len(set(nonces)) == len(nonces) == 2


def test_a_post_repeated_after_a_kill_returns_the_first_message(
    world: World, studio: CommandRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    rt = world.runtime
    sink = rt.sinks["discord"]
    assert isinstance(sink, DiscordSink)
    post_keyed = sink.post_keyed
    killed: list[str] = []

    def dies_after_posting(view: VersionView, target: str, mid: str | None, key: str) -> str:
        posted = post_keyed(view, target, mid, key)
        if not killed:
            killed.append(posted)
            raise ConnectionResetError("worker killed before recording the message id")
        return posted

    monkeypatch.setattr(sink, "post_keyed", dies_after_posting)
    studio.handle(ANN, place(THREAD), "/new")
    idle(rt)
    assert len(posts_to(world.fake, THREAD)) == 3, "v1, then v2 twice"
    assert len(world.fake.thread_messages(THREAD)) == 2, "no duplicate of v2"
    assert deliveries(rt)[-1].message_id == killed[0]
