"""What a chat gets for a video, audio or 3D version: the file, a shrunk video, or a link."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from core.errors import NotFound
from core.media import AUDIO, ICONS, IMAGE, MODEL3D, VIDEO, extension
from core.ports import Storage
from core.views import VersionView

DISCORD_FILE_BYTES = 10 * 1024 * 1024  # per file for bots (discord-api-docs, since Jan 2025)
TELEGRAM_FILE_BYTES = 50 * 1000 * 1000  # sendVideo/sendAudio/sendVoice/sendDocument uploads
LINK_SECONDS = 7 * 24 * 3600  # the longest a presigned S3 link may live (SigV4)
REMEMBERED = 64  # notes kept per process, so an edit need not read the file again

WORDS = {VIDEO: "video", AUDIO: "audio clip", MODEL3D: "3D model"}

Shrink = Callable[[bytes, int], "bytes | None"]


@dataclass(frozen=True)
class MediaOut:
    """What to send for a media version.

    `data` is the file to attach (the original, or a shrunk video), None when it cannot go
    (too large, or missing from storage): then the poster goes with `note` saying why and where
    the original is. `note` also says when a video was shrunk."""

    kind: str
    mime: str
    filename: str
    data: bytes | None
    size: int = 0
    """The original's size in bytes (0: missing)."""
    shrunk: bool = False
    note: str = ""

    @property
    def linked(self) -> bool:
        return self.data is None


class _CannotShrink(Exception):
    """The video does not fit the limit however it is re-encoded (nothing is kept)."""


def icon(view: VersionView) -> str:
    """What the version is at a glance: the presenter's mark (🗣 for a voice line), else by kind."""
    return view.icon or ICONS.get(view.media_kind, ICONS[IMAGE])


def is_media(view: VersionView) -> bool:
    """A finished version whose output is a video, audio or 3D file (not an image)."""
    return view.media_kind != IMAGE and bool(view.media_sha)


def size_text(size: int, binary: bool) -> str:
    """ "10 MiB" (Discord counts in MiB) or "50 MB" (Telegram counts in MB); kB below that."""
    step = 1024 if binary else 1000
    value, unit = size / step**2, "MiB" if binary else "MB"
    if value < 1:
        value, unit = size / step, "KiB" if binary else "kB"
    return f"{value:.1f}".removesuffix(".0") + f" {unit}"


def default_shrink(data: bytes, max_bytes: int) -> bytes | None:
    """PyAV's re-encode (core.video_files), imported when first needed."""
    from core.video_files import shrink_video

    return shrink_video(data, max_bytes)


class MediaDelivery:
    """Decides, for one platform's per-file `limit`, what goes for a media version.

    Within the limit: the original. A video over it: `shrink` to fit (an MP4), with a note that
    🔍 Full size has the original. Audio, 3D, or a video that cannot shrink enough: nothing
    attached, a note with the size, the limit and a link to the original (`storage.url`, valid
    for `link_seconds`) or, for a store without URLs, where to get it. Never silently dropped.
    """

    def __init__(
        self,
        storage: Storage,
        *,
        limit: int,
        platform: str,
        binary: bool,
        shrink: Shrink | None = None,
        full_size: bool = True,
        link_seconds: int = LINK_SECONDS,
    ):
        self.storage = storage
        self.limit = limit
        self.platform = platform
        self.binary = binary
        self.shrink = shrink or default_shrink
        self.full_size = full_size
        """Whether 🔍 Full size can send a file larger than `limit` here (Discord: boosted
        servers allow more; Telegram: no, documents have the same 50 MB)."""
        self.link_seconds = link_seconds
        self._notes: OrderedDict[tuple[str, int], str] = OrderedDict()
        self._lock = threading.Lock()

    def prepare(self, view: VersionView) -> MediaOut:
        """The file (or the note instead of it) for `view`, a media version."""
        sha = view.media_sha or ""
        mime = view.media_mime
        name = f"v{view.number}{extension(mime)}"
        word = WORDS.get(view.media_kind, "file")
        try:
            size = self.storage.size(sha)
        except NotFound:
            note = f"(the {word} file is missing from storage)"
            return MediaOut(view.media_kind, mime, name, None, 0, note=note)
        if size <= self.limit:
            return MediaOut(view.media_kind, mime, name, self.storage.read(sha), size)
        if view.media_kind == VIDEO:
            smaller = self._shrunk(sha)
            if smaller is not None:
                note = self._remember(sha, self._shrunk_note(sha))
                stem = f"v{view.number}-shrunk.mp4"
                return MediaOut(VIDEO, "video/mp4", stem, smaller, size, shrunk=True, note=note)
        note = self._remember(sha, self._link_note(sha, word, size))
        return MediaOut(view.media_kind, mime, name, None, size, note=note)

    def note(self, view: VersionView) -> str:
        """The note `prepare` gave (for an edit of the posted message), without re-encoding
        when this process decided it before."""
        sha = view.media_sha or ""
        with self._lock:
            known = self._notes.get((sha, self.limit))
        if known is not None:
            return known
        try:
            if self.storage.size(sha) <= self.limit:
                return ""
        except NotFound:
            pass
        return self.prepare(view).note

    def _shrunk(self, sha: str) -> bytes | None:
        """The video re-encoded under the limit, made once and kept beside the original (every
        process and restart reuses it); None when it cannot shrink that far."""

        def render(original: bytes) -> bytes:
            smaller = self.shrink(original, self.limit)
            if smaller is None or len(smaller) > self.limit:
                raise _CannotShrink
            return smaller

        try:
            return self.storage.derived(sha, f"shrunk-{self.limit}", render)
        except _CannotShrink:
            return None

    def _shrunk_note(self, sha: str) -> str:
        limit = size_text(self.limit, self.binary)
        where = "🔍 Full size for the original" if self.full_size else self._elsewhere(sha)
        return f"(shrunk to fit {self.platform}'s {limit}; {where})"

    def _link_note(self, sha: str, word: str, size: int) -> str:
        limit = size_text(self.limit, self.binary)
        text = (
            f"(the {word} is {size_text(size, self.binary)}, more than {self.platform} "
            f"takes here ({limit})"
        )
        return f"{text}; {self._elsewhere(sha)})"

    def _elsewhere(self, sha: str = "") -> str:
        """Where the original is: a link when the store has URLs, else how to get it."""
        url = self.storage.url(sha, expires_seconds=self.link_seconds) if sha else None
        if url:
            days = max(1, self.link_seconds // 86400)
            return f"the original (link valid {days} days): {url}"
        if self.full_size:
            return "🔍 Full size tries to send the original"
        return "the original stays in Lightbox's storage: open the card in the Lightbox console"

    def _remember(self, sha: str, note: str) -> str:
        with self._lock:
            self._notes[(sha, self.limit)] = note
            self._notes.move_to_end((sha, self.limit))
            while len(self._notes) > REMEMBERED:
                self._notes.popitem(last=False)
        return note
