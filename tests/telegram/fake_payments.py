"""The fake Bot API's Telegram Stars methods: sendInvoice, answerPreCheckoutQuery, refunds.

Checks and texts follow telegram-bot-api's Client.cpp (get_input_message_invoice,
get_labeled_price_parts, process_answer_pre_checkout_query_query,
process_refund_star_payment_query) and the Bot API page on payments in Stars: currency "XTR",
exactly one price, an empty provider token.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from tests.telegram.fake_methods import Files, Params, Refusal, bad, post_message, writable

if TYPE_CHECKING:
    from tests.telegram.fake_api import FakeBotApi

STARS = "XTR"


def _required(params: Params, name: str) -> str:
    value = str(params.get(name) or "")
    if not value:
        raise bad(f'Parameter "{name}" is required')
    return value


def _prices(params: Params) -> list[dict[str, Any]]:
    _required(params, "prices")
    raw = params["prices"]  # form values that are JSON arrive decoded
    try:
        prices = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        raise bad("Can't parse prices JSON object") from None
    if not isinstance(prices, list):
        raise bad("Expected an Array of labeled prices")
    for price in prices:
        if not isinstance(price, dict):
            raise bad("Can't parse labeled price: LabeledPrice must be an Object")
        if not price.get("label"):
            raise bad("Can't parse labeled price: LabeledPrice label must be non-empty")
    if not prices:
        raise bad("There must be at least one price")
    return prices


def send_invoice(api: FakeBotApi, params: Params, files: Files) -> Any:
    chat_id = int(_required(params, "chat_id"))
    title = _required(params, "title")
    description = _required(params, "description")
    payload = _required(params, "payload")
    currency = _required(params, "currency")
    prices = _prices(params)
    writable(api, chat_id)
    if chat_id not in api.chats:
        raise bad("chat not found")
    if currency == STARS:
        # Stars: one price, a positive whole amount, no payment provider.
        if params.get("provider_token"):
            raise bad("PROVIDER_TOKEN_INVALID")
        if len(prices) != 1 or int(prices[0]["amount"]) <= 0:
            raise bad("CURRENCY_TOTAL_AMOUNT_INVALID")
    total = sum(int(p["amount"]) for p in prices)
    invoice = {
        "title": title,
        "description": description,
        "start_parameter": str(params.get("start_parameter") or ""),
        "currency": currency,
        "total_amount": total,
    }
    message = post_message(api, api.chats[chat_id], api.bot_user, params, invoice=invoice)
    api.invoices[payload] = {"chat_id": chat_id, "currency": currency, "total_amount": total}
    return message


def answer_pre_checkout(api: FakeBotApi, params: Params, files: Files) -> Any:
    query_id = str(params.get("pre_checkout_query_id") or "")
    ok = str(params.get("ok")).lower() == "true"
    error = "" if ok else _required(params, "error_message")
    if query_id not in api.pre_checkouts or api.pre_checkouts[query_id] is not None:
        raise bad("QUERY_ID_INVALID")
    api.pre_checkouts[query_id] = (ok, error)
    return True


def refund_star_payment(api: FakeBotApi, params: Params, files: Files) -> Any:
    user_id = int(_required(params, "user_id"))
    charge_id = _required(params, "telegram_payment_charge_id")
    payment = api.star_payments.get(charge_id)
    if payment is None or payment["user_id"] != user_id:
        raise bad("CHARGE_NOT_FOUND")
    if payment["refunded"]:
        raise bad("CHARGE_ALREADY_REFUNDED")
    payment["refunded"] = True
    return True


PAYMENT_METHODS = {
    "sendInvoice": send_invoice,
    "answerPreCheckoutQuery": answer_pre_checkout,
    "refundStarPayment": refund_star_payment,
}
__all__ = ["PAYMENT_METHODS", "Refusal"]
