"""Updates shaped like real Telegram updates; user messages are stored in the fake's chats."""

from __future__ import annotations

import itertools
import time
from typing import Any

from tests.telegram.fake_api import FakeBotApi, Query
from tests.telegram.fake_methods import post_message

_queries = itertools.count(1)


def person(user_id: int, name: str) -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": name, "language_code": "en"}


def message(
    api: FakeBotApi,
    chat_id: int,
    sender: dict[str, Any],
    text: str | None = None,
    *,
    topic: int | None = None,
    reply_to: int | None = None,
    photo: bytes | None = None,
    document: bytes | None = None,
) -> dict[str, Any]:
    """A user's message (text, or a photo or file with `text` as caption) in a chat or topic."""
    params: dict[str, Any] = {}
    if topic is not None:
        params["message_thread_id"] = topic
    if reply_to is not None:
        params["reply_parameters"] = {"message_id": reply_to}
    content: dict[str, Any] = {}
    if photo is not None:
        content["photo"] = api.photo_sizes(photo)
        content["caption"] = text
    elif document is not None:
        stored_file = api.store_file(document, "documents", "png")
        content["document"] = {**stored_file, "file_name": "mine.png", "mime_type": "image/png"}
        content["caption"] = text
    else:
        content["text"] = text
        if text and text.startswith("/"):
            length = len(text.split(maxsplit=1)[0])
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
    with api.lock:
        stored = post_message(api, api.chats[chat_id], sender, params, **content)
    return {"update_id": api.new_update_id(), "message": stored}


def press(
    api: FakeBotApi,
    chat_id: int,
    message_id: int,
    sender: dict[str, Any],
    data: str,
    *,
    age: float = 0.0,
) -> dict[str, Any]:
    """A callback query from a button on a stored message (the data may be forged); `age`:
    seconds the query already waited before the bot got it."""
    query_id = f"q{next(_queries)}"
    with api.lock:
        api.queries[query_id] = Query(time.monotonic() - age)
        shown = api.messages[(chat_id, message_id)]
    return {
        "update_id": api.new_update_id(),
        "callback_query": {
            "id": query_id,
            "from": sender,
            "chat_instance": f"ci{chat_id}",
            "data": data,
            "message": shown,
        },
    }


def reaction(
    api: FakeBotApi,
    chat_id: int,
    message_id: int,
    sender: dict[str, Any],
    old: list[str],
    new: list[str],
) -> dict[str, Any]:
    return {
        "update_id": api.new_update_id(),
        "message_reaction": {
            "chat": api.chats[chat_id],
            "message_id": message_id,
            "user": sender,
            "date": int(time.time()),
            "old_reaction": [{"type": "emoji", "emoji": e} for e in old],
            "new_reaction": [{"type": "emoji", "emoji": e} for e in new],
        },
    }


def pre_checkout(
    api: FakeBotApi, sender: dict[str, Any], payload: str, total: int, currency: str = "XTR"
) -> dict[str, Any]:
    """The buyer pressed Pay on an invoice: the bot must answer within 10 seconds."""
    query_id = f"pcq{next(_queries)}"
    with api.lock:
        api.pre_checkouts[query_id] = None
    return {
        "update_id": api.new_update_id(),
        "pre_checkout_query": {
            "id": query_id,
            "from": sender,
            "currency": currency,
            "total_amount": total,
            "invoice_payload": payload,
        },
    }


def payment(
    api: FakeBotApi,
    chat_id: int,
    sender: dict[str, Any],
    payload: str,
    total: int,
    charge_id: str,
    currency: str = "XTR",
) -> dict[str, Any]:
    """The service message of a successful payment (sent again: the same charge id)."""
    paid = {
        "currency": currency,
        "total_amount": total,
        "invoice_payload": payload,
        "telegram_payment_charge_id": charge_id,
        "provider_payment_charge_id": "",
    }
    with api.lock:
        api.star_payments.setdefault(charge_id, {"user_id": sender["id"], "refunded": False})
        stored = post_message(api, api.chats[chat_id], sender, {}, successful_payment=paid)
    return {"update_id": api.new_update_id(), "message": stored}
