"""What a fake found wrong with the requests it got, judged against the official spec."""

from __future__ import annotations

import threading


class Violations:
    """Requests the real service would refuse or partly ignore, in arrival order."""

    def __init__(self, service: str):
        self.service = service
        self._found: list[str] = []
        self._lock = threading.Lock()

    def add(self, *notes: str) -> None:
        with self._lock:
            self._found.extend(notes)

    def forgive(self) -> list[str]:
        """The violations so far (a test that sent them on purpose), cleared."""
        with self._lock:
            found, self._found = self._found, []
        return found

    def check(self) -> None:
        """Fail when any request broke the contract (each fake's fixture calls it last)."""
        with self._lock:
            found = list(self._found)
        assert not found, f"{self.service} would refuse or ignore:\n" + "\n".join(found)
