"""The one way tests wait: for a condition another thread or process makes true, never a time."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

POLL_SECONDS = 0.02


def wait_until(condition: Callable[[], object], what: str, timeout: float = 30.0) -> None:
    """Return as soon as `condition()` is truthy; fail naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout:g}s waiting for {what}")
        time.sleep(POLL_SECONDS)


async def settle_until(condition: Callable[[], object], what: str, timeout: float = 10.0) -> None:
    """`wait_until` for async tests: the event loop keeps running while we wait."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() >= deadline:
            raise AssertionError(f"timed out after {timeout:g}s waiting for {what}")
        await asyncio.sleep(POLL_SECONDS)
