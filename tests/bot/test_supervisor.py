"""The adapter supervisor: crashes are restarted with growing delays; stop ends it promptly."""

from __future__ import annotations

import asyncio

import pytest

from bot.supervisor import supervise
from core.errors import LightboxError
from tests.waiting import settle_until


def test_a_crashing_adapter_is_restarted_with_backoff_until_it_runs() -> None:
    async def scenario() -> tuple[int, list[float]]:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        starts: list[float] = []

        async def serve() -> None:
            starts.append(loop.time())
            if len(starts) <= 3:
                raise ConnectionError("platform down")
            await stop.wait()  # healthy now: serves until stopped

        task = asyncio.create_task(supervise("fake", serve, stop, first_delay=0.05))
        await settle_until(lambda: len(starts) >= 4, "the fourth start")
        stop.set()
        return await asyncio.wait_for(task, 2), starts

    restarts, starts = asyncio.run(scenario())
    assert restarts == 3
    gaps = [later - earlier for earlier, later in zip(starts, starts[1:], strict=False)]
    assert gaps[0] >= 0.05 and gaps[1] >= 0.1 and gaps[2] >= 0.2


def test_stop_interrupts_the_backoff_wait() -> None:
    async def scenario() -> int:
        stop = asyncio.Event()

        crashed = asyncio.Event()

        async def serve() -> None:
            crashed.set()
            raise ConnectionError("platform down")

        task = asyncio.create_task(supervise("fake", serve, stop, first_delay=30))
        await crashed.wait()  # the supervisor is now in its 30 s backoff wait
        stop.set()
        return await asyncio.wait_for(task, 2)

    assert asyncio.run(scenario()) == 1


def test_a_configuration_error_is_not_retried() -> None:
    async def serve() -> None:
        raise LightboxError("LIGHTBOX_DISCORD_TOKEN is not set")

    with pytest.raises(LightboxError):
        asyncio.run(supervise("fake", serve, asyncio.Event(), first_delay=0.01))
