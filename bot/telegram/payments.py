"""Telegram Stars: /buy sends an invoice, pre-checkout is answered at once, payments credited."""

from __future__ import annotations

import logging

from telegram import LabeledPrice, Message, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.telegram.base import AdapterBase
from bot.telegram.context import actor_of
from core.identity import Actor
from core.payments import STARS

log = logging.getLogger(__name__)


class PaymentHandlers(AdapterBase):
    """Invoices, pre-checkout answers and successful payments; core decides every amount."""

    async def send_order(self, message: Message, actor: Actor, pack_id: str) -> None:
        """/buy <pack>: an invoice in Stars for that pack, bound to the person who asked."""
        order = self.studio.order(actor, pack_id)
        await message.get_bot().send_invoice(
            chat_id=message.chat.id,
            title=order.title,
            description=order.description,
            payload=order.payload,
            currency=STARS,
            prices=[LabeledPrice(order.title, order.pack.stars)],
            message_thread_id=message.message_thread_id if message.is_topic_message else None,
        )

    async def on_pre_checkout(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Answer within Telegram's 10 s: the check reads only the plans (no database)."""
        query = update.pre_checkout_query
        if query is None:
            return
        actor = actor_of(query.from_user, False)
        problem = self.studio.check_order(
            actor, query.invoice_payload, query.currency, query.total_amount
        )
        await query.answer(ok=problem is None, error_message=problem)

    async def on_payment(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Credit the pack once per telegram_payment_charge_id; a repeat says nothing."""
        message = update.message
        if message is None or message.successful_payment is None or message.from_user is None:
            return
        paid = message.successful_payment
        text = await self.run(
            self.studio.paid,
            actor_of(message.from_user, False),
            paid.invoice_payload,
            paid.currency,
            paid.total_amount,
            paid.telegram_payment_charge_id,
        )
        if text is None:
            log.info("payment %s was credited before", paid.telegram_payment_charge_id)
            return
        try:
            await message.reply_text(text, do_quote=True)
        except TelegramError as exc:  # credited; only the confirmation is lost
            log.warning("could not confirm payment %s: %s", paid.telegram_payment_charge_id, exc)
