"""Updates arriving for real: long polling on the fake's getUpdates, and the webhook server."""

from __future__ import annotations

import asyncio
import socket
import uuid
from typing import Any

import aiohttp
import pytest
import redis

from bot.telegram.app import ALLOWED_UPDATES, build_application
from bot.telegram.runner import serve_telegram, token_of
from bot.telegram.settings import TelegramSettings
from bot.telegram.webhook import SECRET_HEADER, serve_webhook
from core.errors import LightboxError
from tests.telegram import fake_updates as tg
from tests.telegram.fake_api import TOKEN, FakeBotApi
from tests.telegram.helpers import ALICE, GROUP, texts, until
from workers.runtime import Runtime


def answered_help(fake: FakeBotApi) -> bool:
    return any("Lightbox commands" in text for text in texts(fake))


def test_long_polling_end_to_end(
    fake: FakeBotApi, tg_runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The entry point `lightbox run` calls, configured by the settings' Telegram section (read
    once from the environment), polling the fake."""
    fake.add_chat(GROUP, "group")
    monkeypatch.setenv("LIGHTBOX_TELEGRAM_BASE_URL", fake.url)
    monkeypatch.delenv("LIGHTBOX_TELEGRAM_WEBHOOK_URL", raising=False)
    section = TelegramSettings(_env_file=None)  # type: ignore[call-arg]
    assert section.base_url == fake.url
    settings = tg_runtime.settings.model_copy(update={"telegram_token": TOKEN, "telegram": section})

    async def scenario() -> None:
        stop = asyncio.Event()
        polling = asyncio.create_task(serve_telegram(settings, tg_runtime, stop))
        fake.push_update(tg.message(fake, GROUP, ALICE, "/help"))
        await until(lambda: answered_help(fake))
        stop.set()
        await polling
        assert fake.commands, "setMyCommands on start"
        polls = fake.calls_of("getUpdates")
        assert fake.calls_of("deleteWebhook") and len(polls) >= 2
        assert polls[0].params["allowed_updates"] == ALLOWED_UPDATES
        assert int(polls[-1].params["offset"]) > 0  # the update was confirmed

    asyncio.run(scenario())


def test_webhook_checks_the_secret_token(fake: FakeBotApi, tg_runtime: Runtime) -> None:
    fake.add_chat(GROUP, "group")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = TelegramSettings(
        webhook_url="https://lightbox.example/tg-hook",
        webhook_secret="s3cret",
        webhook_listen="127.0.0.1",
        webhook_port=port,
        _env_file=None,  # type: ignore[call-arg]
    )

    async def scenario() -> None:
        app = build_application(TOKEN, tg_runtime.studio, tg_runtime.bindings, base_url=fake.url)
        stop = asyncio.Event()
        server = asyncio.create_task(serve_webhook(app, settings, stop))
        await until(lambda: fake.webhook is not None)
        assert fake.webhook == {
            "url": "https://lightbox.example/tg-hook",
            "secret_token": "s3cret",
            "allowed_updates": ALLOWED_UPDATES,
        }
        url = f"http://127.0.0.1:{port}/tg-hook"
        update = tg.message(fake, GROUP, ALICE, "/help")
        async with aiohttp.ClientSession() as http:
            for attempt in range(100):
                try:
                    async with http.post(url, json=update, headers={SECRET_HEADER: "wrong"}) as r:
                        assert r.status == 403
                    break
                except aiohttp.ClientConnectorError:
                    await asyncio.sleep(0.02 * (attempt < 99))
            async with http.post(url, json=update) as r:
                assert r.status == 403
            async with http.post(url, json=update, headers={SECRET_HEADER: "s3cret"}) as r:
                assert r.status == 200
        await until(lambda: answered_help(fake))
        assert sum("Lightbox commands" in t for t in texts(fake)) == 1
        stop.set()
        await server

    asyncio.run(scenario())


def test_webhook_needs_a_secret_and_polling_needs_a_token(tg_runtime: Runtime) -> None:
    settings = TelegramSettings(webhook_url="https://lightbox.example", _env_file=None)  # type: ignore[call-arg]
    app = build_application(
        TOKEN, tg_runtime.studio, tg_runtime.bindings, base_url="http://127.0.0.1:9"
    )
    with pytest.raises(LightboxError, match="WEBHOOK_SECRET"):
        asyncio.run(serve_webhook(app, settings, asyncio.Event()))
    with pytest.raises(LightboxError, match="LIGHTBOX_TELEGRAM_TOKEN"):
        token_of(tg_runtime.settings, TelegramSettings(_env_file=None))  # type: ignore[call-arg]


def test_an_update_reaching_two_bot_processes_is_handled_once(
    fake: FakeBotApi, tg_runtime: Runtime
) -> None:
    """Behind a load balancer Telegram's retry of an update may reach another bot process: both
    processes share Redis, and the update is answered 200 everywhere but handled once."""
    from aiohttp.test_utils import TestServer

    from bot.telegram.webhook import webhook_app
    from core.seen_updates import RedisSeen
    from tests.conftest import REDIS_URL

    fake.add_chat(GROUP, "group")
    namespace = f"test-seen-{uuid.uuid4().hex[:8]}"

    async def scenario() -> None:
        apps = [
            build_application(TOKEN, tg_runtime.studio, tg_runtime.bindings, base_url=fake.url)
            for _ in range(2)
        ]
        seen = [RedisSeen(REDIS_URL, namespace) for _ in apps]
        servers = [
            TestServer(webhook_app(app, "s3cret", "/hook", one))
            for app, one in zip(apps, seen, strict=True)
        ]
        update = tg.message(fake, GROUP, ALICE, "/help")
        other = tg.message(fake, GROUP, ALICE, "/help")
        queued: list[int] = []  # what each process handed to its application to handle
        try:
            for app, server in zip(apps, servers, strict=True):
                await app.initialize()
                await app.start()
                await server.start_server()
                put = app.update_queue.put

                async def counted(item: object, put: Any = put) -> None:
                    queued.append(getattr(item, "update_id", -1))
                    await put(item)

                app.update_queue.put = counted
            async with aiohttp.ClientSession(headers={SECRET_HEADER: "s3cret"}) as http:
                for server in (*servers, servers[0]):  # both processes, then a retry on the first
                    async with http.post(server.make_url("/hook"), json=update) as r:
                        assert r.status == 200
                async with http.post(servers[1].make_url("/hook"), json=other) as r:
                    assert r.status == 200  # a new update is handled as usual
            # Every POST was answered: what was queued is final (a duplicate never is).
            assert sorted(queued) == sorted([update["update_id"], other["update_id"]])
            await until(lambda: sum("Lightbox commands" in t for t in texts(fake)) >= 2)
        finally:
            for app, server, one in zip(apps, servers, seen, strict=True):
                await server.close()
                if app.running:
                    await app.stop()
                await app.shutdown()
                await one.close()
            drop = redis.Redis.from_url(REDIS_URL)
            drop.delete(*drop.keys(f"{namespace}:*") or ["-"])
            drop.close()

    asyncio.run(scenario())


def test_one_process_remembers_updates_in_memory_and_bounded() -> None:
    from core.seen_updates import MemorySeen

    async def scenario() -> list[bool]:
        seen = MemorySeen(keep=2)
        keys = ["a", "a", "b", "c", "a", "c"]  # "a" is forgotten once two newer keys came
        return [await seen.first(key) for key in keys]

    assert asyncio.run(scenario()) == [True, False, True, True, True, False]
