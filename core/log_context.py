"""Log lines naming the job, delivery or card they are about, as text or as JSON."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, TextIO

IDS: ContextVar[dict[str, Any] | None] = ContextVar("lightbox_log_ids", default=None)
FORMATS = ("text", "json")
TEXT_FORMAT = "%(levelname)s %(name)s: %(message)s%(ids)s"


@contextmanager
def log_ids(**ids: Any) -> Iterator[None]:
    """Every line logged inside (in this thread or task) names these ids, e.g. job=12."""
    current = IDS.get() or {}
    token = IDS.set(current | {k: v for k, v in ids.items() if v is not None})
    try:
        yield
    finally:
        IDS.reset(token)


class IdsFilter(logging.Filter):
    """Puts the current ids on each record: `record.lightbox_ids` and the text suffix `ids`."""

    def filter(self, record: logging.LogRecord) -> bool:
        ids = IDS.get() or {}
        record.lightbox_ids = ids
        words = " ".join(f"{key}={value}" for key, value in ids.items())
        record.ids = f" [{words}]" if words else ""
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, the ids, and the traceback."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            **getattr(record, "lightbox_ids", {}),
        }
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def configure_logging(
    fmt: str = "text", level: int = logging.WARNING, stream: TextIO | None = None
) -> None:
    """The root logger writes to `stream` (stderr) in `fmt` ("text" or "json"), with ids."""
    handler = logging.StreamHandler(stream)
    handler.addFilter(IdsFilter())
    handler.setFormatter(JsonFormatter() if fmt == "json" else logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
