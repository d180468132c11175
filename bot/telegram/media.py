"""Video, audio and 3D versions on Telegram: sendVideo / sendAudio / sendVoice / sendDocument."""

from __future__ import annotations

import io
import logging
from typing import Any

from PIL import Image, ImageOps

from bot.telegram import render
from bot.telegram.botapi import BotApi, BotApiError, NotModified
from bot.telegram.keyboards import version_keyboard
from bot.telegram.photos import as_photo
from core.errors import NotFound
from core.media import AUDIO, VIDEO
from core.media_delivery import MediaDelivery, MediaOut, icon
from core.ports import Storage
from core.views import VersionView

log = logging.getLogger(__name__)
THUMB_SIDE = 320  # "width and height should not exceed 320" (Bot API, thumbnail)
THUMB_BYTES = 200 * 1000  # "less than 200 kB"
VOICE_TYPES = {"audio/ogg"}  # Opus in Ogg: a voice message
MUSIC_TYPES = {"audio/mpeg", "audio/mp4"}  # sendAudio: "must be in the .MP3 or .M4A format"
VIDEO_TYPES = {"video/mp4"}  # sendVideo: "Telegram clients support MPEG4 videos"
PERFORMER = "Lightbox"


def thumbnail(poster: bytes) -> bytes:
    """A JPEG of at most 320×320 px and under 200 kB, as the Bot API wants thumbnails."""
    with Image.open(io.BytesIO(poster)) as img:
        picture = ImageOps.exif_transpose(img).convert("RGB")
    picture.thumbnail((THUMB_SIDE, THUMB_SIDE))
    for quality in (85, 70, 50, 30):
        out = io.BytesIO()
        picture.save(out, "JPEG", quality=quality, optimize=True)
        if out.tell() < THUMB_BYTES:
            break
    return out.getvalue()


def method_of(out: MediaOut) -> tuple[str, str, str]:
    """(Bot API method, file parameter, chat action) for a file of this kind and type."""
    return method_for(out.kind, out.mime)


def method_for(kind: str, mime: str) -> tuple[str, str, str]:
    """`method_of` by media kind and MIME type."""
    if kind == VIDEO and mime in VIDEO_TYPES:
        return "sendVideo", "video", "upload_video"
    if kind == AUDIO and mime in VOICE_TYPES:
        return "sendVoice", "voice", "upload_voice"
    if kind == AUDIO and mime in MUSIC_TYPES:
        return "sendAudio", "audio", "upload_document"
    return "sendDocument", "document", "upload_document"  # WAV, FLAC, WebM, GLB


class TelegramMedia:
    """Posts and edits media version messages through `api`, files from `storage`."""

    def __init__(self, api: BotApi, storage: Storage, delivery: MediaDelivery):
        self.api = api
        self.storage = storage
        self.delivery = delivery

    def send(self, view: VersionView, where: dict[str, Any]) -> dict[str, Any]:
        """One message: the file with caption and buttons, or the poster with a note."""
        out = self.delivery.prepare(view)
        keyboard = version_keyboard(view).to_dict()
        params = {**where, "caption": caption(view, out.note), "reply_markup": keyboard}
        poster = self._poster(view)
        if out.data is None:
            if poster is None:
                text = render.clip(caption(view, out.note), render.TEXT_LIMIT)
                return self.api.call(
                    "sendMessage", {**where, "text": text, "reply_markup": keyboard}
                )
            photo, _preview = as_photo(poster)
            files = {"photo": (f"v{view.number}-poster.jpg", photo, "image/jpeg")}
            return self.api.call("sendPhoto", params, files=files)
        method, field, action = method_of(out)
        self._chat_action(where, action)
        files = {field: (out.filename, out.data, out.mime)}
        if poster is not None and method != "sendVoice":
            files["thumbnail"] = ("thumb.jpg", thumbnail(poster), "image/jpeg")
        return self.api.call(method, params | self._details(view, out, method), files=files)

    def edit(self, view: VersionView, chat_id: int, number: int) -> None:
        """The caption and buttons of the posted message; a text message (posted before the
        file was there) gets the file with editMessageMedia."""
        keyboard = version_keyboard(view).to_dict()
        params = {"chat_id": chat_id, "message_id": number, "reply_markup": keyboard}
        text = caption(view, self.delivery.note(view))
        try:
            self.api.call("editMessageCaption", {**params, "caption": text})
            return
        except NotModified:
            return
        except BotApiError as exc:
            if "no caption" not in exc.description:
                raise
        try:
            self._replace_text(view, params)
        except NotModified:
            pass

    def _replace_text(self, view: VersionView, params: dict[str, Any]) -> None:
        """editMessageMedia "can replace a text with a media": the file (or the poster)."""
        out = self.delivery.prepare(view)
        poster = self._poster(view)
        media: dict[str, Any] = {"caption": caption(view, out.note), "media": "attach://file"}
        files: dict[str, tuple[str, bytes, str]] = {}
        if out.data is None:
            if poster is None:  # nothing to show but words: the text says why
                text = render.clip(caption(view, out.note), render.TEXT_LIMIT)
                self.api.call("editMessageText", {**params, "text": text})
                return
            photo, _preview = as_photo(poster)
            files["file"] = (f"v{view.number}-poster.jpg", photo, "image/jpeg")
            self.api.call("editMessageMedia", {**params, "media": media | {"type": "photo"}}, files)
            return
        method, _field, _action = method_of(out)
        # No InputMediaVoice: a voice line replacing a text shows as an audio message.
        media["type"] = {"sendVideo": "video", "sendAudio": "audio", "sendVoice": "audio"}.get(
            method, "document"
        )
        files["file"] = (out.filename, out.data, out.mime)
        if poster is not None:
            files["thumb"] = ("thumb.jpg", thumbnail(poster), "image/jpeg")
            media["thumbnail"] = "attach://thumb"
        details = self._details(view, out, "sendAudio" if method == "sendVoice" else method)
        media |= {k: v for k, v in details.items() if v is not None}  # JSON: no nulls
        self.api.call("editMessageMedia", {**params, "media": media}, files)

    def _details(self, view: VersionView, out: MediaOut, method: str) -> dict[str, Any]:
        seconds = round(view.duration_seconds) if view.duration_seconds else None
        if method == "sendVideo":
            details: dict[str, Any] = {"duration": seconds, "supports_streaming": True}
            if not out.shrunk and view.width > 0 and view.height > 0:
                details |= {"width": view.width, "height": view.height}
            return details
        if method == "sendAudio":
            return {"duration": seconds, "title": view.card_title[:64], "performer": PERFORMER}
        if method == "sendVoice":
            return {"duration": seconds}
        return {}

    def _poster(self, view: VersionView) -> bytes | None:
        if not view.image_sha:
            return None
        try:
            return self.storage.read(view.image_sha)
        except NotFound:
            return None

    def _chat_action(self, where: dict[str, Any], action: str) -> None:
        chat = {k: v for k, v in where.items() if k != "reply_parameters"}
        try:
            self.api.call("sendChatAction", {**chat, "action": action})
        except BotApiError as exc:
            log.debug("sendChatAction failed: %s", exc)


def caption(view: VersionView, note: str = "") -> str:
    """“🎬 title” then core's caption line, then why the file is shrunk or not here (kept
    whole: a link must not be cut)."""
    head = f"{icon(view)} {view.card_title}\n{view.caption}"
    if not note:
        return render.clip(head, render.CAPTION_LIMIT)
    return render.clip(head, max(1, render.CAPTION_LIMIT - len(note) - 1)) + "\n" + note
