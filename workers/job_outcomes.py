"""What one run of a generation job leads to, and the provider shape that a remote queue has."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from core.ports import GenerationResult, Pending


@runtime_checkable
class RemoteQueue(Protocol):
    """A provider whose jobs wait in a remote queue (core.ports.PollingProvider, by type)."""

    def poll(self, handle: str) -> GenerationResult | Pending: ...

    def cancel(self, handle: str) -> None: ...


@dataclass(frozen=True)
class JobResult:
    """What the actor does next: deliver these, retry after a delay, or nothing."""

    deliveries: list[tuple[int, str]]
    retry_after: float | None = None
    card_id: int | None = None
    job_id: int | None = None
    """The job to send again after `retry_after` when it is not the one the message named."""


NOTHING = JobResult(deliveries=[])
