"""Awaits provider calls on one event-loop thread per process, so no call holds a worker thread.

Why not Dramatiq's async actors: in Dramatiq 2.x an `async def` actor is wrapped by
`dramatiq.asyncio.async_to_sync`, whose `EventLoopThread.run_coroutine` makes the worker thread
that took the message wait on `future.result()` until the coroutine ends. The call is awaited,
but the thread is still held for the whole remote latency, so calls in flight stay at the
worker-thread count. Here the generate actor claims the job, hands the call to this loop and
returns at once; when the call ends, its outcome is finished on a small pool of finisher threads
by the same code that finishes a blocking call (lease check, store, deliveries), while
`workers.heartbeat.LeaseKeeper` keeps the job's lease fresh in between.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Awaitable, Callable, Coroutine
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")
ROOM_CHECK = 0.5  # seconds between looks at a full pool for a shutdown
Closer = Callable[[], Awaitable[None]]


class CallPool:
    """At most `limit` awaited calls at once; each outcome goes to `finishers` threads."""

    def __init__(self, limit: int = 1000, finishers: int = 4):
        self.limit = limit
        self.finisher_count = max(1, finishers)
        self.peak = 0  # the most calls in flight at once since the pool started
        self._room = threading.BoundedSemaphore(limit)
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._calls: set[Future[Any]] = set()
        self._closers: set[Closer] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._finishers: ThreadPoolExecutor | None = None

    def in_flight(self) -> int:
        with self._lock:
            return len(self._calls)

    def submit(
        self,
        call: Callable[[], Coroutine[Any, Any, T]],
        done: Callable[[Future[T]], None],
        closer: Closer | None = None,
    ) -> bool:
        """Await `call()` on the loop, then run `done(future)` on a finisher thread.

        Blocks while the pool is full (the worker thread then takes no more messages); False,
        with nothing started, when the pool stops meanwhile. `closer` runs once as it stops."""
        while not self._room.acquire(timeout=ROOM_CHECK):
            if self._closed.is_set():
                return False
        with self._lock:
            if self._closed.is_set():
                self._room.release()
                return False
            loop, finishers = self._started()
            if closer is not None:
                self._closers.add(closer)
            future = asyncio.run_coroutine_threadsafe(call(), loop)
            self._calls.add(future)
            self.peak = max(self.peak, len(self._calls))
        future.add_done_callback(lambda ended: self._hand_over(finishers, ended, done))
        return True

    def _hand_over(
        self, finishers: ThreadPoolExecutor, ended: Future[T], done: Callable[[Future[T]], None]
    ) -> None:
        """Runs on the loop thread (or the cancelling one): the finishing work goes elsewhere."""
        try:
            finishers.submit(self._finish, ended, done)
        except RuntimeError:  # the pool stopped as the call ended: finish it here
            self._finish(ended, done)

    def _finish(self, ended: Future[T], done: Callable[[Future[T]], None]) -> None:
        try:
            done(ended)
        except Exception:  # noqa: BLE001 - logged; the job's lease lapses and it is retried
            log.exception("finishing a provider call failed")
        finally:
            with self._lock:
                self._calls.discard(ended)
            self._room.release()

    def _started(self) -> tuple[asyncio.AbstractEventLoop, ThreadPoolExecutor]:
        """The running loop and finishers, started on first use (a process that never calls
        a provider never starts them)."""
        if self._loop is None or self._finishers is None:
            loop = asyncio.new_event_loop()
            self._thread = threading.Thread(
                target=loop.run_forever, name="provider-calls", daemon=True
            )
            self._thread.start()
            self._finishers = ThreadPoolExecutor(self.finisher_count, "provider-finish")
            self._loop = loop
        return self._loop, self._finishers

    def stop(self, timeout: float = 5.0) -> None:
        """Cancel the calls still in flight (their jobs were handed back), let their finishers
        see the cancellation, close the clients and the loop. The pool can start again."""
        with self._lock:
            self._closed.set()
            calls = list(self._calls)
            loop, thread, finishers = self._loop, self._thread, self._finishers
            self._loop = self._thread = self._finishers = None
            closers, self._closers = list(self._closers), set()
        for future in calls:
            future.cancel()
        wait(calls, timeout=timeout)
        if finishers is not None:
            finishers.shutdown(wait=True)
        if loop is not None and thread is not None:
            try:
                asyncio.run_coroutine_threadsafe(_wind_down(closers), loop).result(timeout)
            except Exception:  # noqa: BLE001 - sockets are closed with the loop anyway
                log.warning("closing the provider clients failed", exc_info=True)
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout)
            if not thread.is_alive():
                loop.close()
        self._closed.clear()


async def _wind_down(closers: list[Closer]) -> None:
    """Let the cancelled calls end, then close the clients they used on this loop."""
    here = asyncio.current_task()
    ending = [task for task in asyncio.all_tasks() if task is not here]
    await asyncio.gather(*ending, return_exceptions=True)
    await asyncio.gather(*(close() for close in closers), return_exceptions=True)
