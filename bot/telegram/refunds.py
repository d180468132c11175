"""refundStarPayment for an admin's refund of a Telegram Stars purchase (no database here)."""

from __future__ import annotations

import asyncio

from telegram import Bot
from telegram.error import BadRequest, TelegramError

from core.errors import LightboxError


async def _refund(token: str, base_url: str, user_id: int, charge_id: str) -> str:
    root = base_url.rstrip("/")
    async with Bot(token, base_url=f"{root}/bot", base_file_url=f"{root}/file/bot") as bot:
        try:
            await bot.refund_star_payment(user_id, charge_id)
        except BadRequest as exc:
            if "CHARGE_ALREADY_REFUNDED" in exc.message:
                return "Telegram had refunded it already"
            raise LightboxError(f"Telegram refused the refund: {exc.message}") from None
        except TelegramError as exc:
            raise LightboxError(f"Telegram did not answer the refund: {exc}") from None
    return ""


def refund_star_payment(token: str, base_url: str, user_id: int, charge_id: str) -> str:
    """Ask the Bot API to return the Stars: "" when it did, else a note (a repeat is done too)."""
    return asyncio.run(_refund(token, base_url, user_id, charge_id))
