"""The fake Discord's interaction lifecycle: 3 s first answer, one acknowledgement, 15-minute token,
ephemeral messages only the interaction webhook can touch.

From discord-api-docs (interactions/receiving-and-responding.md): "Interaction tokens are valid for
15 minutes"; the initial response must be sent within 3 seconds or the token is invalidated; JSON
error codes 10062 "Unknown interaction", 40060 "Interaction has already been acknowledged.",
50027 "Invalid Webhook Token", 10015 "Unknown Webhook" (topics/opcodes-and-status-codes.md).
An ephemeral message exists only for its interaction: the bot token's channel routes do not find it.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

DISCORD_EPOCH_MS = 1420070400000
ANSWER_SECONDS = 3.0
TOKEN_SECONDS = 15 * 60.0
EPHEMERAL = 1 << 6
UNKNOWN_INTERACTION = ({"message": "Unknown interaction", "code": 10062}, 404)
ALREADY_ACKNOWLEDGED = (
    {"message": "Interaction has already been acknowledged.", "code": 40060},
    400,
)
INVALID_WEBHOOK_TOKEN = ({"message": "Invalid Webhook Token", "code": 50027}, 401)
UNKNOWN_WEBHOOK = ({"message": "Unknown Webhook", "code": 10015}, 404)
Refusal = tuple[dict[str, Any], int]


def created_at(snowflake: int) -> float:
    """Unix time a snowflake was made (its top 42 bits are ms since the Discord epoch)."""
    return ((snowflake >> 22) + DISCORD_EPOCH_MS) / 1000.0


def snowflake(at: float, serial: int) -> int:
    """A snowflake made at unix time `at` (`serial` fills the low bits)."""
    return (int(at * 1000) - DISCORD_EPOCH_MS) << 22 | (serial & 0x3FFFFF)


@dataclass
class Answered:
    """An acknowledged interaction: when it was created and whether its answer is ephemeral."""

    created: float
    ephemeral: bool


class Interactions:
    """Tokens the bot has answered; `advance` moves the fake's clock for the deadlines."""

    def __init__(self) -> None:
        self.arrived: dict[int, float] = {}
        """When the bot was handed an interaction; the 3 s count from then, not from when the
        test built the payload (Discord counts from creation: the same for a prompt gateway)."""
        self.answered: dict[str, Answered] = {}
        self.ephemeral_messages: set[int] = set()
        self.offset = 0.0
        self._lock = threading.Lock()

    def now(self) -> float:
        return time.time() + self.offset

    def advance(self, seconds: float) -> None:
        """Let `seconds` pass for every deadline (an interaction arrived late, a token aged)."""
        with self._lock:
            self.offset += seconds

    def hand_over(self, interaction_id: str) -> None:
        """The bot gets the interaction now (through the gateway or the test harness)."""
        with self._lock:
            self.arrived[int(interaction_id)] = time.time()

    def respond(self, interaction_id: str, token: str, body: dict[str, Any]) -> Refusal | None:
        """The initial response (`POST /interactions/{id}/{token}/callback`)."""
        created = created_at(int(interaction_id))
        with self._lock:
            if token in self.answered:
                return ALREADY_ACKNOWLEDGED
            if self.now() - self.arrived.get(int(interaction_id), created) > ANSWER_SECONDS:
                return UNKNOWN_INTERACTION
            flags = int((body.get("data") or {}).get("flags") or 0)
            self.answered[token] = Answered(created, bool(flags & EPHEMERAL))
        return None

    def webhook(self, token: str) -> Refusal | None:
        """A follow-up or an edit through the interaction webhook."""
        with self._lock:
            answered = self.answered.get(token)
            if answered is None:
                return UNKNOWN_WEBHOOK
            if self.now() - answered.created > TOKEN_SECONDS:
                return INVALID_WEBHOOK_TOKEN
        return None

    def note_message(self, message: dict[str, Any]) -> None:
        if int(message.get("flags") or 0) & EPHEMERAL:
            with self._lock:
                self.ephemeral_messages.add(int(message["id"]))

    def is_ephemeral(self, message_id: int) -> bool:
        with self._lock:
            return message_id in self.ephemeral_messages
