"""Keeps each chat adapter running: a crashed adapter is logged and restarted with backoff."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from core.errors import LightboxError

log = logging.getLogger(__name__)

FIRST_DELAY = 1.0  # seconds before the first restart; doubled after each crash
MAX_DELAY = 60.0
HEALTHY_AFTER = 60.0  # an adapter that ran this long starts again from FIRST_DELAY


async def supervise(
    name: str,
    serve: Callable[[], Awaitable[None]],
    stop: asyncio.Event,
    *,
    first_delay: float = FIRST_DELAY,
    max_delay: float = MAX_DELAY,
    healthy_after: float = HEALTHY_AFTER,
) -> int:
    """Run `serve()` until `stop` is set, restarting it when it fails; returns the restarts.

    A configuration error (LightboxError) is not retried: it would fail the same way again.
    """
    loop = asyncio.get_running_loop()
    delay = first_delay
    restarts = 0
    while not stop.is_set():
        started = loop.time()
        try:
            await serve()
        except (asyncio.CancelledError, LightboxError):
            raise
        except Exception as exc:  # noqa: BLE001 - one adapter's failure never ends the process
            if stop.is_set():
                return restarts
            log.error(
                "the %s adapter crashed (%s: %s); restarting in %.1f s",
                name,
                type(exc).__name__,
                exc,
                delay,
                exc_info=exc,
            )
        else:
            if stop.is_set():
                return restarts
            log.warning("the %s adapter stopped by itself; restarting in %.1f s", name, delay)
        if loop.time() - started >= healthy_after:
            delay = first_delay
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), delay)
        delay = min(delay * 2, max_delay)
        restarts += 1
    return restarts
