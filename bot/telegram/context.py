"""Who and where an update comes from: Actor, Place and the card thread of a replied-to message."""

from __future__ import annotations

import time

from telegram import Bot, Chat, Message, User
from telegram.error import TelegramError

from bot.telegram.targets import message_key, parse_message_key
from core.bindings import ThreadBindings
from core.identity import Actor, Place

PLATFORM = "telegram"
ADMIN_STATUSES = ("creator", "administrator")


def actor_of(user: User, is_admin: bool) -> Actor:
    return Actor(
        platform=PLATFORM, user_id=str(user.id), name=user.full_name, is_chat_admin=is_admin
    )


def chat_place(chat: Chat, thread: str | None = None) -> Place:
    """The chat (or one card thread in it); a private chat is one person's own."""
    private = chat.type == Chat.PRIVATE
    return Place(platform=PLATFORM, chat_id=str(chat.id), thread_id=thread, private=private)


class Places:
    """Resolves a message's card context through core's thread bindings."""

    def __init__(self, bindings: ThreadBindings):
        self.bindings = bindings

    def thread_of_message(self, chat_id: int, message_id: int) -> str | None:
        """The thread key of the card this message belongs to (header, version or reply)."""
        key = message_key(chat_id, message_id)
        return self.bindings.thread_of_message(PLATFORM, str(chat_id), key)

    def thread_of_card(self, chat_id: int, card_id: int) -> str | None:
        """The card's thread key in this chat (None: unknown card or not shown in this chat)."""
        return self.bindings.thread_of_card(card_id, PLATFORM, str(chat_id))

    def thread_of_version(self, chat_id: int, version_id: int) -> str | None:
        """The thread key of a version's card in this chat (None: unknown id or other chat)."""
        return self.bindings.thread_of_version(PLATFORM, str(chat_id), version_id)

    def place_of(self, message: Message, *, include_self: bool = False) -> Place:
        """Topic messages are in the topic's context; replies in the replied-to card's context.

        `include_self` also looks the message itself up (a pressed version message or header).
        """
        chat_id = message.chat.id
        thread = None
        if message.is_topic_message and message.message_thread_id:
            thread = f"{chat_id}:{message.message_thread_id}"
        else:
            if include_self:
                thread = self.thread_of_message(chat_id, message.message_id)
            reply = message.reply_to_message
            if thread is None and reply is not None:
                thread = self.thread_of_message(chat_id, reply.message_id)
        return chat_place(message.chat, thread)

    def header_of(self, thread: str | None) -> tuple[int, int] | None:
        """(chat id, message id) of the card header in this thread, once posted."""
        header = self.bindings.header_of(PLATFORM, thread)
        return parse_message_key(header) if header else None

    def version_of_message(self, chat_id: int, message_id: int) -> int | None:
        return self.bindings.version_of_message(PLATFORM, message_key(chat_id, message_id))


class Admins:
    """Whether a user administers a chat (getChatMember), cached for a few minutes."""

    def __init__(self, ttl_seconds: float = 300.0):
        self.ttl = ttl_seconds
        self.cache: dict[tuple[int, int], tuple[float, bool]] = {}

    async def is_admin(self, bot: Bot, chat: Chat, user: User) -> bool:
        if chat.type == Chat.PRIVATE:
            return True
        key = (chat.id, user.id)
        hit = self.cache.get(key)
        now = time.monotonic()
        if hit and now - hit[0] < self.ttl:
            return hit[1]
        try:
            member = await bot.get_chat_member(chat.id, user.id)
            admin = member.status in ADMIN_STATUSES
        except TelegramError:
            admin = False
        self.cache[key] = (now, admin)
        return admin
