"""Opening media bytes with PyAV, so that undecodable files become BadInput naming the problem."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager

import av
import av.container

from core.errors import BadInput


@contextmanager
def opened(data: bytes, what: str) -> Iterator[av.container.InputContainer]:
    """An input container over `data`; `what` ("video", "audio") names the file in errors."""
    if not data:
        raise BadInput(f"the {what} file is empty")
    try:
        container = av.open(io.BytesIO(data), mode="r")
    except (av.FFmpegError, ValueError, OSError) as exc:
        raise BadInput(f"the {what} file cannot be read ({_reason(exc)})") from None
    try:
        yield container
    except (av.FFmpegError, ValueError, OSError) as exc:
        raise BadInput(f"the {what} file cannot be decoded ({_reason(exc)})") from None
    finally:
        container.close()


def _reason(exc: Exception) -> str:
    text = getattr(exc, "strerror", None) or str(exc)
    return text.strip().rstrip(".") or type(exc).__name__
