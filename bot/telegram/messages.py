"""Messages: commands with the shared grammar, card creation, ForceReply names, uploads, chat."""

from __future__ import annotations

import logging

from telegram import Bot, Chat, Message, Update
from telegram.ext import ContextTypes

from bot.commands import split_command
from bot.telegram.cards import CardThreads
from bot.telegram.context import PLATFORM, actor_of
from bot.telegram.keyboards import Press, answered_press
from core.errors import BadInput, LightboxError
from core.identity import Actor, Place
from core.studio import Outcome

log = logging.getLogger(__name__)
DOWNLOAD_LIMIT = 20 * 1000 * 1000
SHOWS_VERSIONS = ("version", "open")
REFRESH_HEADER = ("version", "prompt", "save", "restore", "new")
TAKES_FILE = ("upload", "ref")


class MessageHandlers(CardThreads):
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
                await self._complete_name(message, press, text, bot)
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
        if name == "imagine" or (name == "card" and args.lower().startswith("new")):
            await self._create_card(message, actor, text, bot)
            return
        place = await self.run(self.places.place_of, message)
        attachment = await self._attachment(message) if name in TAKES_FILE else None
        outcome = await self.run(self.router.handle, actor, place, text, attachment)
        await self.reply(message, outcome)
        if name in REFRESH_HEADER:
            await self._refresh_header_of(bot, place, outcome)
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

    async def _complete_name(self, message: Message, press: Press, name: str, bot: Bot) -> None:
        """The reply to a Fork / Save as Ref question completes that press."""
        user = message.from_user
        assert user is not None
        actor = actor_of(user, await self.admins.is_admin(bot, message.chat, user))
        chat_id = message.chat.id
        if press.action == "edit":
            thread = await self.run(self.places.thread_of_card, chat_id, press.target)
            place = Place(PLATFORM, str(chat_id), thread)
            outcome = await self.run(self.router.handle, actor, place, f"/prompt {name}")
            await self._refresh_header_of(bot, place, outcome)
        else:
            thread = await self.run(self.places.thread_of_version, chat_id, press.target)
            place = Place(PLATFORM, str(chat_id), thread)
            outcome = await self.run(
                self.router.press, actor, place, press.action, press.target, name
            )
        await self.reply(message, outcome)

    async def _refresh_header_of(self, bot: Bot, place: Place, outcome: Outcome) -> None:
        header = await self.run(self.places.header_of, place.thread_id)
        if header is not None and outcome.card is not None:
            await self.refresh_header(bot, header[0], header[1], outcome.card)

    async def _attachment(self, message: Message) -> bytes | None:
        """The photo (largest size) or image document sent with the command, downloaded."""
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
