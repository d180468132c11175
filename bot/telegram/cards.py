"""New cards: refuse early, create the card, give it a thread (a forum topic, else a reply chain
on its header), bind it, then queue its versions — nothing orphaned when a step fails."""

from __future__ import annotations

import logging
from collections.abc import Awaitable

from telegram import Bot, Message
from telegram.error import TelegramError

from bot.telegram import render
from bot.telegram.base import AdapterBase
from bot.telegram.context import PLATFORM, chat_place
from bot.telegram.keyboards import card_keyboard
from bot.telegram.targets import Target, message_key
from core.identity import Actor
from core.prompt_params import parse_prompt
from core.studio import Outcome
from core.views import CardView

log = logging.getLogger(__name__)
NO_TOPIC = (
    "ℹ️ I could not open a forum topic for this card, so it lives in this reply chain; "
    "an admin can give me the “Manage Topics” right to get one topic per card."
)


class CardThreads(AdapterBase):
    """/imagine and /card new, in the same order as every platform."""

    async def create_card(
        self, message: Message, actor: Actor, prompt: str, bot: Bot, *, generate: bool
    ) -> None:
        """Bad flags, or no right to a project here, refuse before anything is posted; the
        thread is bound before versions are queued, so every delivery goes there."""
        chat = message.chat
        params = parse_prompt(prompt, models=self.studio.catalog.ids())
        created = await self.run(self.studio.new_card, actor, chat_place(chat), params)
        card = created.card
        assert card is not None
        target, header = await self._open_thread(message, bot, card)
        lines = [created.text]
        offers = []
        if generate:
            where = chat_place(chat, target.key)
            queued = await self.run(self.studio.new_version, actor, where, card_id=card.card_id)
            lines.append(queued.text)
            offers = queued.buttons  # 👤 Use <name>, when the prompt names one
        if target.topic_id is not None:  # answered where it was asked, pointing at the topic
            lines.append(f"→ topic “{card.title}”")
        elif chat.is_forum:
            lines.append(NO_TOPIC)
        answered = header if target.topic_id is None else message
        await self.reply(answered, Outcome("\n".join(lines), card_id=card.card_id, buttons=offers))

    async def _open_thread(
        self, message: Message, bot: Bot, card: CardView
    ) -> tuple[Target, Message]:
        """The card's topic with its header in a forum, else its header rooting a reply chain;
        bound in core. A failed step takes back what was posted."""
        chat = message.chat
        topic = await self._topic(bot, chat.id, card) if chat.is_forum else None
        if topic is not None:
            target = Target(chat.id, topic_id=topic)
            try:
                header = await bot.send_message(
                    chat.id,
                    render.header(card),
                    message_thread_id=topic,
                    reply_markup=card_keyboard(card),
                )
                await self._bind(card, target, header)
            except BaseException:
                await _best_effort(bot.delete_forum_topic(chat.id, topic), "topic")
                raise
            return target, header
        header = await message.reply_text(
            render.header(card), reply_markup=card_keyboard(card), do_quote=True
        )
        target = Target(chat.id, root_id=header.message_id)
        try:
            await self._bind(card, target, header)
        except BaseException:
            await _best_effort(header.delete(), "header")
            raise
        return target, header

    async def _bind(self, card: CardView, target: Target, header: Message) -> None:
        key = message_key(header.chat.id, header.message_id)
        await self.run(self.bindings.bind_thread, card.card_id, PLATFORM, target.key, key)

    async def _topic(self, bot: Bot, chat_id: int, card: CardView) -> int | None:
        """A forum topic named after the card (None: no right to make one; a reply chain then)."""
        try:
            topic = await bot.create_forum_topic(chat_id, name=render.topic_name(card.title))
        except TelegramError as exc:
            log.info("no forum topic in %s (%s); using a reply chain", chat_id, exc)
            return None
        return topic.message_thread_id


async def _best_effort(step: Awaitable[object], what: str) -> None:
    try:
        await step
    except TelegramError as exc:
        log.warning("could not take back the new card's %s: %s", what, exc)
