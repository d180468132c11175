"""Thread keys and message keys: how Telegram places are written in core's thread bindings.

- `"<chat id>"` — the chat itself (a card created before it had a header);
- `"<chat id>:<topic id>"` — a forum topic (`message_thread_id`);
- `"<chat id>:r<message id>"` — a reply chain rooted at the card's header message.

Posted messages are keyed `"<chat id>:<message id>"` (message ids are per chat).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    """Where a card's messages go."""

    chat_id: int
    topic_id: int | None = None
    root_id: int | None = None

    @property
    def key(self) -> str:
        if self.topic_id is not None:
            return f"{self.chat_id}:{self.topic_id}"
        if self.root_id is not None:
            return f"{self.chat_id}:r{self.root_id}"
        return str(self.chat_id)


def parse_target(key: str) -> Target:
    """The target a thread key names (ValueError for keys this adapter never wrote)."""
    chat, _, rest = key.partition(":")
    if not rest:
        return Target(int(chat))
    if rest.startswith("r"):
        return Target(int(chat), root_id=int(rest[1:]))
    return Target(int(chat), topic_id=int(rest))


def message_key(chat_id: int | str, message_id: int | str) -> str:
    return f"{chat_id}:{message_id}"


def parse_message_key(key: str) -> tuple[int, int]:
    chat, _, message = key.rpartition(":")
    return int(chat), int(message)
