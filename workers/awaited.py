"""Hands a claimed job's provider call to the process's call pool and keeps its lease fresh."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from concurrent.futures import Future
from typing import Any, Protocol, runtime_checkable

from core.errors import Busy
from core.ports import GenerationRequest, GenerationResult, ImageProvider, Pending
from workers.call_pool import CallPool
from workers.heartbeat import LeaseKeeper

STOPPED = "the worker is stopping; another one takes over"
Finished = Callable[[Future[GenerationResult | Pending]], None]


class Awaiting:
    """The call goes on in the call pool; its finisher ends the job."""


AWAITING = Awaiting()


@runtime_checkable
class AwaitedProvider(Protocol):
    """A provider whose call can be awaited (Gemini, OpenAI): it holds no thread meanwhile."""

    @property
    def awaitable(self) -> bool: ...

    def generate_async(
        self, request: GenerationRequest
    ) -> Coroutine[Any, Any, GenerationResult | Pending]: ...

    async def aclose(self) -> None: ...


class AwaitedCalls:
    """The call pool and the lease keeper that a GenerationRunner's awaited jobs share."""

    def __init__(self, pool: CallPool, leases: LeaseKeeper):
        self.pool = pool
        self.leases = leases

    def accepts(self, provider: ImageProvider) -> AwaitedProvider | None:
        """The provider, when its calls can be awaited here (not with a blocking transport)."""
        if isinstance(provider, AwaitedProvider) and provider.awaitable:
            return provider
        return None

    def start(
        self,
        job_id: int,
        lease: str,
        provider: AwaitedProvider,
        request: GenerationRequest,
        finished: Finished,
    ) -> None:
        """Await the call in the pool; `finished` ends the job. The lease stays fresh until
        `let_go`. Raises Busy (back to the queue, nothing sent) when the pool is stopping."""
        self.leases.hold(job_id, lease)
        started = self.pool.submit(
            lambda: provider.generate_async(request), finished, closer=provider.aclose
        )
        if not started:
            self.leases.drop(job_id)
            raise Busy(STOPPED, delay=0.0)

    def let_go(self, job_id: int) -> None:
        self.leases.drop(job_id)

    def stop(self, timeout: float) -> None:
        """Cancel the calls in flight (their jobs were handed back) and stop beating leases."""
        self.pool.stop(timeout)
        self.leases.stop()
