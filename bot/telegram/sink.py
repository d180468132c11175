"""Worker-side delivery: posts (or edits) a version message in the card's topic or reply chain."""

from __future__ import annotations

import logging
from typing import Any

from bot.telegram import render
from bot.telegram.botapi import (
    BotApi,
    BotApiError,
    ChatMigrated,
    MessageGone,
    NotModified,
    TopicGone,
)
from bot.telegram.keyboards import card_keyboard, version_keyboard
from bot.telegram.media import TelegramMedia
from bot.telegram.photos import extension
from bot.telegram.settings import OFFICIAL_API
from bot.telegram.targets import Target, message_key, parse_message_key, parse_target
from core.errors import Moved, NotFound
from core.media_delivery import TELEGRAM_FILE_BYTES, MediaDelivery, Shrink, is_media
from core.ports import Storage
from core.previews import TELEGRAM, Preview, preview_of
from core.views import CardView, VersionView

log = logging.getLogger(__name__)
PHOTO_MIME = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


class TelegramSink:
    """The DeliverySink for Telegram (synchronous, called from Dramatiq worker threads).

    Every refusal reaches the caller as one of core's remote errors (see `botapi.refusal`): a 429
    is `RetryLater` with `retry_after` (the sink never sleeps on flood limits itself), a lost chat
    is `Permanent`, a deleted message is `Gone`, a group upgraded to a supergroup is `Moved` with
    the target re-keyed to the new chat id. Image bytes come from `storage` by the view's key.
    """

    platform = "telegram"

    def __init__(
        self,
        token: str,
        base_url: str = OFFICIAL_API,
        timeout: float = 30.0,
        *,
        storage: Storage,
        file_limit: int = TELEGRAM_FILE_BYTES,
        shrink: Shrink | None = None,
    ):
        self.api = BotApi(token, base_url, timeout)
        self.storage = storage
        delivery = MediaDelivery(
            storage,
            limit=file_limit,
            platform="Telegram",
            binary=False,
            shrink=shrink,
            full_size=False,
        )
        self.media = TelegramMedia(self.api, storage, delivery)
        """Video, audio and 3D versions (`file_limit`: the Bot API's 50 MB per upload)."""

    def post(self, view: VersionView, target: str, message_id: str | None) -> str:
        place = parse_target(target)
        try:
            if message_id:
                try:
                    self._edit(view, message_id)
                    return message_id
                except MessageGone:
                    log.info("message %s is gone; posting v%s again", message_id, view.version_id)
            try:
                posted = self._send(view, place)
            except TopicGone:
                if place.topic_id is None:
                    raise
                log.info("topic %s is gone; posting v%s in the chat", target, view.version_id)
                posted = self._send(view, Target(place.chat_id))
        except ChatMigrated as exc:
            raise moved(exc, target) from exc
        return message_key(place.chat_id, posted["message_id"])

    def tell(self, platform_user_id: str, text: str) -> None:
        """A private message (a `core.ports.PrivateSink`): the person's private chat with the
        bot has their user id; it exists only once they started the bot (403 otherwise)."""
        text = render.clip(text, render.TEXT_LIMIT)
        self.api.call("sendMessage", {"chat_id": platform_user_id, "text": text})

    def remove(self, target: str, message_id: str) -> None:
        """Take a showcase post down (raises `Gone` when it was deleted already)."""
        chat_id, number = parse_message_key(message_id)
        try:
            self.api.call("deleteMessage", {"chat_id": chat_id, "message_id": number})
        except ChatMigrated as exc:
            raise moved(exc, target) from exc

    def refresh_header(self, view: CardView, target: str, header_message_id: str) -> None:
        """Edit the card header to show progress ("message is not modified" is fine)."""
        chat_id, number = parse_message_key(header_message_id)
        params: dict[str, Any] = {
            "chat_id": chat_id,
            "message_id": number,
            "text": render.header(view),
            "reply_markup": card_keyboard(view).to_dict(),
        }
        try:
            self.api.call("editMessageText", params)
        except NotModified:
            pass
        if view.status == "generating":
            self._chat_action(self._where(parse_target(target)))  # "sending photo…" while it draws

    def close(self) -> None:
        self.api.close()

    def _where(self, place: Target) -> dict[str, Any]:
        where: dict[str, Any] = {"chat_id": place.chat_id}
        if place.topic_id is not None:
            where["message_thread_id"] = place.topic_id
        if place.root_id is not None:
            where["reply_parameters"] = {
                "message_id": place.root_id,
                "allow_sending_without_reply": True,
            }
        return where

    def _send(self, view: VersionView, place: Target) -> dict[str, Any]:
        where = self._where(place)
        if view.status == "done" and is_media(view):
            return self.media.send(view, where)
        shown = self._preview(view)
        if shown is None:
            keyboard = version_keyboard(view).to_dict()
            text = render.clip(render.caption(view), render.TEXT_LIMIT)
            return self.api.call("sendMessage", {**where, "text": text, "reply_markup": keyboard})
        self._chat_action(where)
        full = shown.original
        kind = extension(shown.data)
        name = f"{view.image_sha}.{kind}" if full else f"v{view.number}-preview.{kind}"
        keyboard = version_keyboard(view, preview=not full).to_dict()
        params = {
            **where,
            "caption": render.caption(view, preview=not full),
            "reply_markup": keyboard,
        }
        mime = "application/octet-stream" if full else PHOTO_MIME.get(kind, "image/jpeg")
        photo = (name, shown.data, mime)
        return self.api.call("sendPhoto", params, files={"photo": photo})

    def _edit(self, view: VersionView, message_id: str) -> None:
        chat_id, number = parse_message_key(message_id)
        if view.status == "done" and is_media(view):
            self.media.edit(view, chat_id, number)
            return
        shown = self._preview(view)
        preview = shown is not None and not shown.original
        keyboard = version_keyboard(view, preview).to_dict()
        params: dict[str, Any] = {
            "chat_id": chat_id,
            "message_id": number,
            "reply_markup": keyboard,
        }
        try:
            if view.image_sha:
                text = render.caption(view, preview=preview)
                self.api.call("editMessageCaption", {**params, "caption": text})
            else:
                text = render.clip(render.caption(view), render.TEXT_LIMIT)
                self.api.call("editMessageText", {**params, "text": text})
        except NotModified:
            pass  # the message already shows this version

    def _preview(self, view: VersionView) -> Preview | None:
        """What Telegram is sent of the version's image: a photo-sized preview made once per
        image, or the original when it already suits (None: no image, or none stored)."""
        if not view.image_sha:
            return None
        try:
            return preview_of(self.storage, view.image_sha, TELEGRAM)
        except NotFound:
            return None

    def _chat_action(self, where: dict[str, Any]) -> None:
        action = {k: v for k, v in where.items() if k != "reply_parameters"}
        try:
            self.api.call("sendChatAction", {**action, "action": "upload_photo"})
        except BotApiError as exc:
            log.debug("sendChatAction failed: %s", exc)


def moved(exc: ChatMigrated, target: str) -> Moved:
    """The target's key in the supergroup the group became (same topic or reply root)."""
    place = parse_target(target)
    new = Target(exc.new_chat_id, place.topic_id, place.root_id)
    return Moved(f"{exc} (now chat {exc.new_chat_id})", new.key)
