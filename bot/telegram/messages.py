"""Messages: commands with the shared grammar, card creation, ForceReply names, uploads, chat."""

from __future__ import annotations

import logging

from telegram import Bot, Chat, Document, Message, PhotoSize, Update
from telegram.ext import ContextTypes

from bot.commands import split_command
from bot.telegram.cards import CardThreads
from bot.telegram.context import actor_of, chat_place
from bot.telegram.keyboards import Press
from bot.telegram.payments import PaymentHandlers
from bot.telegram.questions import answered_press
from core.errors import BadInput, LightboxError
from core.identity import Actor

log = logging.getLogger(__name__)
DOWNLOAD_LIMIT = 20 * 1000 * 1000
SHOWS_VERSIONS = ("version", "open", "gallery", "character")
TAKES_FILE = ("upload", "ref", "scene", "character", "element")


class MessageHandlers(CardThreads, PaymentHandlers):
    """Handles message updates (text, and photos or image documents with a caption)."""

    async def on_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.message
        if message is None or message.from_user is None or message.from_user.is_bot:
            return
        text = (message.text or message.caption or "").strip()
        try:
            await self._dispatch(message, text, context)
        except LightboxError as exc:
            await self.reply_problem(message, str(exc))
        except Exception:
            log.exception("telegram message failed: %r", text[:200])
            await self.reply_problem(message, "internal error; the command was not completed")

    async def _dispatch(
        self, message: Message, text: str, context: ContextTypes.DEFAULT_TYPE
    ) -> None:
        bot = context.bot
        question = message.reply_to_message
        if question is not None and question.from_user and question.from_user.id == bot.id:
            press = answered_press(question.text)
            if press is not None and text and not text.startswith("/"):
                await self._complete_press(message, press, text, bot)
                return
        command = split_command(text)
        if command is not None and not self._addressed_to_me(text, bot.username):
            return
        user = message.from_user
        assert user is not None
        actor = actor_of(user, await self.admins.is_admin(bot, message.chat, user))
        if command is None:
            await self._chat(message, actor, text)
            return
        name, args = command
        sub, _, rest = args.partition(" ")
        if name == "buy" and args:
            await self.send_order(message, actor, args)
            return
        if name == "imagine" or (name == "card" and sub.lower() == "new"):
            prompt = args if name == "imagine" else rest
            await self.create_card(message, actor, prompt, bot, generate=name == "imagine")
            return
        place = await self.run(self.places.place_of, message)
        attachment = await self._attachment(message) if name in TAKES_FILE else None
        outcome = await self.run(self.router.handle, actor, place, text, attachment)
        await self.reply(message, outcome)
        if outcome.card is not None and outcome.card.viewed_version_id is not None:
            await self.show_view(bot, message.chat.id, outcome.card)  # the per-user banner
        if name in SHOWS_VERSIONS:
            for view in outcome.versions:
                await self.send_version(message, view)

    def _addressed_to_me(self, text: str, username: str | None) -> bool:
        head = text.split(maxsplit=1)[0]
        _, at, addressee = head.partition("@")
        return not at or bool(username) and addressee.lower() == (username or "").lower()

    async def _chat(self, message: Message, actor: Actor, text: str) -> None:
        """Plain text goes to the card chat, in a card's context (or in a private chat)."""
        if not text or message.photo or message.document:
            return
        place = await self.run(self.places.place_of, message)
        if place.thread_id is None and message.chat.type != Chat.PRIVATE:
            return
        outcome = await self.run(self.router.handle, actor, place, text)
        await self.reply(message, outcome)

    async def _complete_press(self, message: Message, press: Press, answer: str, bot: Bot) -> None:
        """The reply to a ForceReply question completes that press (core re-checks it)."""
        user = message.from_user
        assert user is not None
        actor = actor_of(user, await self.admins.is_admin(bot, message.chat, user))
        fallback = chat_place(message.chat)
        place = await self.run(
            self.place_of_target, message.chat, press.action, press.target, fallback
        )
        outcome = await self.run(
            self.studio.press, actor, place, press.action, press.target, answer
        )
        await self.reply(message, outcome)

    async def _attachment(self, message: Message) -> bytes | None:
        """The photo (largest size) or image document sent with the command, downloaded."""
        item: PhotoSize | Document
        if message.photo:
            item = message.photo[-1]
        elif message.document and (message.document.mime_type or "").startswith("image/"):
            item = message.document
        else:
            return None
        if item.file_size and item.file_size > DOWNLOAD_LIMIT:
            raise BadInput("Telegram lets bots download files up to 20 MB; send a smaller image")
        file = await item.get_file()
        return bytes(await file.download_as_bytearray())
