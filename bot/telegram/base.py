"""Shared steps of the Telegram handlers: run core off the event loop, reply, show versions."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from telegram import Bot, Chat, Message
from telegram.error import BadRequest, TelegramError

from bot.router import CommandRouter
from bot.telegram import render
from bot.telegram.context import PLATFORM, Admins, Places, chat_place
from bot.telegram.keyboards import card_keyboard, suggestion_keyboard, version_keyboard
from bot.telegram.media import caption as media_caption
from bot.telegram.media import method_for, thumbnail
from bot.telegram.photos import DOCUMENT_MAX_BYTES, as_photo, extension, much_lighter
from bot.telegram.targets import message_key
from core.actions import Scope
from core.bindings import ThreadBindings
from core.errors import NotFound
from core.identity import Place
from core.media import MEDIA_TYPES
from core.media_delivery import TELEGRAM_FILE_BYTES, MediaDelivery
from core.previews import TELEGRAM
from core.studio import Outcome, Studio
from core.studio_base import Picture
from core.views import CardView, VersionView

log = logging.getLogger(__name__)
T = TypeVar("T")


class AdapterBase:
    """Holds the studio, the thread bindings, the shared router and the lookups of handlers."""

    def __init__(self, studio: Studio, bindings: ThreadBindings, *, answer_budget: float = 0.8):
        self.studio = studio
        self.bindings = bindings
        self.router = CommandRouter(studio)
        self.places = Places(bindings)
        self.admins = Admins()
        self.answer_budget = answer_budget
        self.media_notes = MediaDelivery(
            studio.storage,
            limit=TELEGRAM_FILE_BYTES,
            platform="Telegram",
            binary=False,
            full_size=False,
        )
        """What a media version's caption says about its file (shrunk, or where it is)."""

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Core is synchronous (database, files): call it on a worker thread."""
        return await asyncio.to_thread(fn, *args, **kwargs)

    async def reply(self, message: Message, outcome: Outcome) -> None:
        """The outcome's text (with suggestion buttons), then its pictures as photos."""
        chunks = render.outcome_chunks(outcome)
        card_id = outcome.about_card
        markup = suggestion_keyboard(outcome.suggestion_actions)
        sent = []
        for index, chunk in enumerate(chunks):
            last = index == len(chunks) - 1
            reply = await message.reply_text(
                chunk, do_quote=True, reply_markup=markup if last else None
            )
            sent.append(message_key(reply.chat.id, reply.message_id))
        for picture in outcome.pictures:
            await self.send_picture(message, picture)
        if card_id:  # a reply to these answers stays in the card's context
            await self.run(self.bindings.note_messages, card_id, PLATFORM, sent)

    async def reply_problem(self, message: Message, text: str) -> None:
        try:
            await message.reply_text(render.problem(text), do_quote=True)
        except TelegramError as exc:
            log.warning("could not tell the user about a problem: %s", exc)

    async def send_picture(self, message: Message, picture: Picture) -> None:
        """A contact sheet (or other picture) as a photo: its Telegram preview (the rule a
        version's photo follows) when that is much lighter, else the original as it is."""
        shown = await self.run(self.studio.preview_image, picture.key, TELEGRAM)
        photo = shown.data
        if not shown.original:
            size = await self.run(self.studio.image_size, picture.key) or 0
            if not much_lighter(len(photo), size):
                data = await self.run(self.studio.read_image, picture.key)
                photo, _shrunk = await self.run(as_photo, data)
        caption = render.clip(picture.caption, render.CAPTION_LIMIT)
        await message.reply_photo(photo=photo, caption=caption, do_quote=True)

    async def send_version(self, message: Message, view: VersionView) -> None:
        """A version as a photo with its keyboard, replying to `message` (a video, audio or 3D
        version as its file when it is within Telegram's 50 MB, else its poster)."""
        if view.media_sha and view.status == "done" and await self._send_media(message, view):
            return
        if not view.image_sha:
            markup = version_keyboard(view)
            await message.reply_text(render.caption(view), reply_markup=markup, do_quote=True)
            return
        shown = await self.run(self.studio.preview_image, view.image_sha, TELEGRAM)
        shrunk = not shown.original
        await message.reply_photo(
            photo=shown.data,
            caption=render.caption(view, preview=shrunk),
            reply_markup=version_keyboard(view, shrunk),
            do_quote=True,
        )

    async def _send_media(self, message: Message, view: VersionView) -> bool:
        """The version's media file by its Bot API method; False when it is missing or too
        large (the poster goes instead)."""
        size = await self.run(self.studio.image_size, view.media_sha)
        if size is None or size > DOCUMENT_MAX_BYTES or not view.media_sha:
            return False
        data = await self.run(self.studio.read_image, view.media_sha)
        method, field, _action = method_for(view.media_kind, view.media_mime)
        extra: dict[str, Any] = {}
        if view.image_sha and method != "sendVoice":
            poster = await self.run(self.studio.read_image, view.image_sha)
            extra["thumbnail"] = await self.run(thumbnail, poster)
        if view.duration_seconds and method != "sendDocument":
            extra["duration"] = round(view.duration_seconds)
        reply = getattr(message, "reply_" + field)
        await reply(
            data,
            filename=f"v{view.number}{MEDIA_TYPES[view.media_mime][1]}",
            caption=media_caption(view),
            reply_markup=version_keyboard(view),
            do_quote=True,
            **extra,
        )
        return True

    async def send_originals(self, message: Message, views: list[VersionView]) -> None:
        """🔍 Full size: each original as a document (bytes from core's storage)."""
        for view in views:
            key = view.media_sha or view.image_sha  # a video, audio or 3D file: the file itself
            data = await self.run(self.studio.read_image, key) if key else b""
            if not data:
                await self.reply_problem(message, f"v{view.number} has no image")
            elif len(data) > DOCUMENT_MAX_BYTES:
                await self.reply_problem(message, f"v{view.number} is larger than Telegram's 50 MB")
            else:
                suffix = MEDIA_TYPES.get(view.media_mime, ("", ""))[1] if view.media_sha else ""
                name = f"card{view.card_id}-v{view.number}" + (suffix or f".{extension(data)}")
                await message.reply_document(document=data, filename=name, do_quote=True)

    async def show_view(self, bot: Bot, chat_id: int, card: CardView) -> bool:
        """A per-user view (◀ ▶, /version): the card's header in this chat shows the
        "viewing vN of M" banner. False when the card has no header here."""
        thread = await self.run(self.places.thread_of_card, chat_id, card.card_id)
        header = await self.run(self.places.header_of, thread)
        if header is None:
            return False
        try:
            await bot.edit_message_text(
                render.header(card), header[0], header[1], reply_markup=card_keyboard(card)
            )
        except BadRequest as exc:
            if "not modified" not in str(exc).lower():
                log.warning("could not show the viewed version on header %s: %s", header, exc)
        return True

    def _shown_as_preview(self, view: VersionView) -> bool:
        """Whether the version's message shows a preview rather than the original (it then
        carries 🔍 Full size): the same rule as the worker's sink."""
        if not view.image_sha:
            return False
        try:
            return not self.studio.preview_image(view.image_sha, TELEGRAM).original
        except NotFound:
            return False

    async def refresh_version(
        self, bot: Bot, chat_id: int, message_id: int, view: VersionView, photo: bool | None
    ) -> None:
        """Edit a posted version message to the current view (`photo` None: try caption first)."""
        shrink = await self.run(self._shown_as_preview, view)
        markup = version_keyboard(view, shrink)
        text = render.caption(view, preview=shrink)
        if view.media_sha and view.status == "done":  # a video, audio or 3D message
            markup = version_keyboard(view)
            text = media_caption(view, await self.run(self.media_notes.note, view))
        try:
            if photo is not False:
                try:
                    await bot.edit_message_caption(
                        chat_id=chat_id,
                        message_id=message_id,
                        caption=text,
                        reply_markup=markup,
                    )
                    return
                except BadRequest as exc:
                    if photo or "no caption" not in str(exc).lower():
                        raise
            if not view.media_sha:
                text = render.caption(view)
            await bot.edit_message_text(
                text, chat_id=chat_id, message_id=message_id, reply_markup=markup
            )
        except BadRequest as exc:
            if "not modified" not in str(exc).lower():
                log.warning("could not refresh version message %s: %s", message_id, exc)

    def place_of_target(self, chat: Chat, action: str, target: int, fallback: Place) -> Place:
        """Where a press acts: the thread of its target (a version's or a card's) in this chat,
        else `fallback`. Core re-checks the target either way. Synchronous: run it with `run`."""
        spec = self.studio.spec(action)
        if spec.scope in (Scope.project, Scope.gallery):  # they act where they were pressed
            return fallback
        if spec.scope == Scope.version:
            thread = self.places.thread_of_version(chat.id, target)
        else:
            thread = self.places.thread_of_card(chat.id, target)
        return chat_place(chat, thread) if thread else fallback
