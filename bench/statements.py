"""Counts the SQL statements a runtime sends, by pipeline phase (per thread, innermost wins)."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import Engine

P = ParamSpec("P")
R = TypeVar("R")
OTHER = "other"
PHASES = (
    ("command", "the /new command: versions, jobs, hold, enqueue"),
    ("generation", "GenerationRunner.run: claim, prepare, store, finish"),
    ("card change", "settle the card's status, refresh headers"),
    ("delivery", "DeliveryRunner.run: claim, render, post, finish"),
    (OTHER, "anything else (sweep, heartbeats, the queue's own reads)"),
)


class StatementCounter:
    """Listens on an engine while `counting`; `phase(name)` labels the calling thread's work."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.counts: Counter[str] = Counter()
        self._local = threading.local()
        self._lock = threading.Lock()
        self._on = False
        event.listen(engine, "before_cursor_execute", self._seen)

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._seen)

    def _seen(self, *args: Any) -> None:
        if not self._on:
            return
        stack: list[str] = getattr(self._local, "stack", [])
        with self._lock:
            self.counts[stack[-1] if stack else OTHER] += 1

    @contextmanager
    def counting(self) -> Iterator[Counter[str]]:
        """Count from here to the end of the block; the counts of that span."""
        with self._lock:
            self.counts = Counter()
            self._on = True
        try:
            yield self.counts
        finally:
            self._on = False

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        stack: list[str] = self._local.__dict__.setdefault("stack", [])
        stack.append(name)
        try:
            yield
        finally:
            stack.pop()

    def wrap(self, name: str, call: Callable[P, R]) -> Callable[P, R]:
        """`call`, with its statements counted under `name`."""

        def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
            with self.phase(name):
                return call(*args, **kwargs)

        return wrapped
