"""Delivery into the terminal: version messages printed as they finish."""

from __future__ import annotations

import itertools
import threading
from typing import TextIO

from bot.console.render import version_text
from core.ports import Storage
from core.views import VersionView


class ConsoleSink:
    """The console's DeliverySink; message ids are a running counter."""

    platform = "console"

    def __init__(self, out: TextIO, lock: threading.Lock, storage: Storage):
        self.out = out
        self.storage = storage
        self.lock = lock
        self._ids = itertools.count(1)

    def post(self, view: VersionView, target: str, message_id: str | None) -> str:
        with self.lock:
            self.out.write(version_text(view, self.storage.locate) + "\n")
            self.out.flush()
        return message_id or f"console-{next(self._ids)}"

    def remove(self, target: str, message_id: str) -> None:
        with self.lock:
            self.out.write(f"🗑  {message_id} taken down from the showcase\n")
            self.out.flush()
