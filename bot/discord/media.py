"""Video, audio and 3D versions on Discord: the file as an attachment Discord plays inline."""

from __future__ import annotations

from typing import Any

from bot.discord.previews import Upload, suffix_of
from bot.discord.render import button_rows, version_content, with_full_size
from core.errors import NotFound
from core.media import MEDIA_TYPES, MODEL3D
from core.media_delivery import MediaDelivery
from core.ports import Storage
from core.previews import DISCORD, preview_of
from core.views import VersionView

MEDIA_MIME = {ext: mime for mime, (_kind, ext) in MEDIA_TYPES.items()}
"""Content type by file extension (".mp4" → video/mp4): Discord picks its player by both."""


def media_mime(filename: str) -> str | None:
    """The content type of a media attachment's name (None: not a media file)."""
    if "." not in filename:
        return None
    return MEDIA_MIME.get("." + filename.rsplit(".", 1)[-1].lower())


class DiscordMedia:
    """The message for a media version: its file (a shrunk video when the original is over the
    per-file `limit`), a 3D model's poster beside it, or the poster with a note and a link."""

    def __init__(self, storage: Storage, delivery: MediaDelivery):
        self.storage = storage
        self.delivery = delivery

    def message(self, view: VersionView) -> tuple[dict[str, Any], list[Upload]]:
        """The payload (content, buttons) and the files to attach."""
        out = self.delivery.prepare(view)
        uploads: list[Upload] = []
        if out.data is not None:
            uploads.append(Upload(out.filename, out.data))
        if out.data is None or out.kind == MODEL3D:  # a 3D model cannot show itself
            poster = self._poster(view)
            if poster is not None:
                uploads.insert(0, poster)
        full = out.shrunk or (out.linked and out.size > 0)
        return self._payload(view, out.note, full), uploads

    def edit(self, view: VersionView) -> dict[str, Any]:
        """The payload for editing the posted message (its attachments stay)."""
        note = self.delivery.note(view)
        try:
            full = self.storage.size(view.media_sha or "") > self.delivery.limit
        except NotFound:
            full = False
        return self._payload(view, note, full)

    def _payload(self, view: VersionView, note: str, full: bool) -> dict[str, Any]:
        actions = with_full_size(view.actions, view.version_id) if full else view.actions
        return {
            "content": version_content(view, note),
            "components": button_rows(actions),
            "allowed_mentions": {"parse": []},
        }

    def _poster(self, view: VersionView) -> Upload | None:
        """The poster as an inline image within the upload limit (None: nothing stored)."""
        if not view.image_sha:
            return None
        try:
            shown = preview_of(self.storage, view.image_sha, DISCORD.within(self.delivery.limit))
        except NotFound:
            return None
        name = f"v{view.number}-poster{suffix_of(shown.data)}"
        return Upload(name, shown.data, preview=not shown.original)
