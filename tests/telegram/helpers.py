"""Reading the fake's record: version messages, buttons, replies."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from PIL import Image

from tests.telegram.fake_api import FakeBotApi
from tests.telegram.fake_updates import person
from tests.waiting import settle_until

ALICE = person(1001, "Alice")
BOB = person(1002, "Bob")
FORUM = -1001000000001
GROUP = -2000000002
OTHER = -1001000000003


def version_messages(fake: FakeBotApi, chat_id: int) -> list[dict[str, Any]]:
    """The bot's photo messages in a chat, in posting order."""
    with fake.lock:
        found = [
            m
            for (chat, _), m in fake.messages.items()
            if chat == chat_id and "photo" in m and m["from"]["id"] == fake.bot_user["id"]
        ]
    return sorted(found, key=lambda m: m["message_id"])


def version_message(fake: FakeBotApi, chat_id: int, number: int) -> dict[str, Any]:
    for shown in version_messages(fake, chat_id):
        if f"v{number} of" in shown.get("caption", ""):
            return shown
    raise AssertionError(f"no message for v{number} in {chat_id}")


def button(shown: dict[str, Any], action: str) -> str:
    for row in shown["reply_markup"]["inline_keyboard"]:
        for key in row:
            if key["callback_data"].split(":")[1] == action:
                return key["callback_data"]
    raise AssertionError(f"no {action} button on message {shown['message_id']}")


def texts(fake: FakeBotApi) -> list[str]:
    return [str(c.params.get("text", "")) for c in fake.calls_of("sendMessage")]


def last_text(fake: FakeBotApi) -> str:
    sent = texts(fake)
    assert sent, "the bot sent no message"
    return sent[-1]


def last_sent(fake: FakeBotApi) -> dict[str, Any]:
    """The last message the bot sent (as stored)."""
    with fake.lock:
        mine = [m for m in fake.messages.values() if m["from"]["id"] == fake.bot_user["id"]]
    return max(mine, key=lambda m: m["message_id"])


def header_message(fake: FakeBotApi, chat_id: int, card_id: int = 1) -> dict[str, Any]:
    """The card header the bot posted in a chat (its first message naming the card)."""
    mark = f"🃏 card #{card_id} "
    with fake.lock:
        found = [
            m
            for (chat, _), m in fake.messages.items()
            if chat == chat_id and mark in str(m.get("text", ""))
        ]
    assert found, f"no header of card #{card_id} in {chat_id}"
    return min(found, key=lambda m: m["message_id"])


async def until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Wait for a condition another thread makes true (a worker's edit), or fail."""
    await settle_until(condition, "a condition", timeout)


def png(size: tuple[int, int] = (320, 240)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (20, 120, 200)).save(out, format="PNG")
    return out.getvalue()
