"""Content-addressed image storage in a local directory (the embedded default), with thumbnails."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from sqlmodel import Session, col, select

from core.db import on_rollback
from core.errors import BadInput, NotFound
from core.images import DEFAULT_LIMITS, CheckedImage, ImageLimits, inspect_image, recheck
from core.media import MEDIA_EXTENSIONS, StoredMedia, check_media, extension, kind_of
from core.models import Element, Ref, SceneShot, SheetCache, Version
from core.ports import StoredImage
from core.thumbnails import SHA256, check_key, check_name, check_size, render_thumbnail

_EXTENSIONS = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/webp": ".webp",
    "image/gif": ".gif",
}
_ORDER = (*_EXTENSIONS.values(), *sorted(MEDIA_EXTENSIONS))  # images first: most lookups
_SUFFIXES = frozenset(_ORDER)


def _write_atomically(target: Path, data: bytes, *, durable: bool = True) -> None:
    """Write to a hidden temp file next to `target`, then rename it into place; `durable`
    fsyncs it first (a derived file is not: after a power cut it may be empty, and an empty
    one counts as missing, so it is rendered again)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), 0o644)  # mkstemp makes 0600 files; images are not secret
            fh.write(data)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


class LocalStorage:
    """Stores each image once as `<root>/<sha[:2]>/<sha>.<ext>`; thumbnails under `thumbs/`."""

    def __init__(self, root: Path | str, limits: ImageLimits = DEFAULT_LIMITS) -> None:
        self.root = Path(root)
        self.limits = limits
        self.root.mkdir(parents=True, exist_ok=True)

    def _folder(self, sha256: str) -> Path:
        return self.root / check_key(sha256)[:2]

    def _find(self, sha256: str) -> Path | None:
        folder = self._folder(sha256)
        for ext in _ORDER:
            candidate = folder / f"{sha256}{ext}"
            if candidate.is_file():
                return candidate
        return None

    def put_image(self, data: bytes | CheckedImage, *, max_bytes: int | None = None) -> StoredImage:
        """Validate `data` as an image, store it once, return its address (raises BadInput);
        an image already checked is held to the limits without a second decode."""
        limits = self.limits if max_bytes is None else replace(self.limits, max_bytes=max_bytes)
        if isinstance(data, CheckedImage):
            info, data = recheck(data, limits), data.data
        else:
            info = inspect_image(data, limits)
        ext = _EXTENSIONS.get(info.mime)
        if ext is None:
            raise BadInput(f"{info.format} images cannot be stored")
        sha = hashlib.sha256(data).hexdigest()
        self._keep(self._folder(sha) / f"{sha}{ext}", data)
        return StoredImage(
            sha256=sha, width=info.width, height=info.height, mime=info.mime, size_bytes=len(data)
        )

    def put_media(self, data: bytes, *, mime: str | None = None) -> StoredMedia:
        """Check `data` is a video, audio or 3D file, store it once (raises BadInput)."""
        found = check_media(data, mime=mime)
        sha = hashlib.sha256(data).hexdigest()
        self._keep(self._folder(sha) / f"{sha}{extension(found)}", data)
        return StoredMedia(sha256=sha, kind=kind_of(found), mime=found, size_bytes=len(data))

    def _keep(self, target: Path, data: bytes) -> None:
        """Write `target` unless it is there; a rollback removes a file it wrote."""
        if target.is_file():
            # Someone relies on it again: a rollback of whoever wrote it must now keep it.
            with contextlib.suppress(OSError):
                os.utime(target)
        else:
            _write_atomically(target, data)
            written = target.stat().st_mtime_ns
            on_rollback(lambda: _discard_unless_reused(target, written))

    def exists(self, sha256: str) -> bool:
        try:
            return self._find(sha256) is not None
        except NotFound:
            return False

    def path(self, sha256: str) -> str:
        """The filesystem path of the original; raises NotFound if it is not stored.
        Only this backend has one: callers outside storage use `read`, `url` or `locate`."""
        found = self._find(sha256)
        if found is None:
            raise NotFound(f"no stored image {sha256}")
        return str(found)

    def read(self, sha256: str) -> bytes:
        return Path(self.path(sha256)).read_bytes()

    def size(self, sha256: str) -> int:
        return Path(self.path(sha256)).stat().st_size

    def url(self, sha256: str, *, expires_seconds: int | None = None) -> str | None:
        """None: a local folder has no URL of its own (a web process serves `read`)."""
        check_key(sha256)
        return None

    def locate(self, sha256: str) -> str:
        return self.path(sha256)

    def collect_orphans(
        self, referenced: set[str], *, older_than: float, only: set[str] | None = None
    ) -> list[str]:
        """Remove originals no row references, stored more than `older_than` seconds ago.

        Catches what a rollback could not undo (a process killed between writing a file and
        committing its row). The age check spares uploads whose transaction is still open, and
        `put_image` refreshes a reused file's age, so a file someone just relied on stays.
        `only` limits it to those files (what a delete let go).
        """
        removed: list[str] = []
        cutoff = time.time() - older_than
        for path in self.root.glob("??/*"):
            sha = path.stem
            if not SHA256.fullmatch(sha) or sha in referenced or path.suffix not in _SUFFIXES:
                continue
            if only is not None and sha not in only:
                continue
            with contextlib.suppress(OSError):
                if path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed.append(sha)
                    for thumb in self.root.glob(f"thumbs/*/{sha}*"):
                        thumb.unlink(missing_ok=True)
        return removed

    def thumbnail(self, sha256: str, size: int = 256) -> bytes:
        return Path(self.thumbnail_path(sha256, size)).read_bytes()

    def thumbnail_path(self, sha256: str, size: int = 256) -> str:
        """The thumbnail's file (see `thumbnail`), rendered once and then reused."""
        check_size(size)
        original = Path(self.path(sha256))
        target = self.root / "thumbs" / str(size) / f"{sha256}.webp"
        if target.is_file():
            return str(target)
        _write_atomically(target, render_thumbnail(original.read_bytes(), size, self.limits))
        return str(target)

    def derived(self, sha256: str, name: str, render: Callable[[bytes], bytes]) -> bytes:
        """See `Storage.derived`: kept as `thumbs/<name>/<sha>` (no extension: any format)."""
        target = self._derived_path(sha256, name)
        with contextlib.suppress(FileNotFoundError):
            kept = target.read_bytes()
            if kept:  # empty: cut short by a crash before it reached the disk
                return kept
        data = render(self.read(sha256))
        _write_atomically(target, data, durable=False)
        return data

    def put_derived(self, sha256: str, name: str, data: bytes) -> None:
        """See `Storage.put_derived`: written as `derived` would keep it, without reading the
        original back."""
        if not data:
            raise BadInput("a derived file cannot be empty")
        _write_atomically(self._derived_path(sha256, name), data, durable=False)

    def _derived_path(self, sha256: str, name: str) -> Path:
        return self.root / "thumbs" / check_name(name) / check_key(sha256)


def referenced_images(session: Session) -> set[str]:
    """Every sha a version (its image, media file or mask), a ref, a scene shot, an element or a
    cached contact sheet points at."""
    shas = set(session.exec(select(Version.image_sha).where(col(Version.image_sha).is_not(None))))
    shas |= set(session.exec(select(Version.media_sha).where(col(Version.media_sha).is_not(None))))
    masks = set(session.exec(select(Version.mask_sha).where(col(Version.mask_sha).is_not(None))))
    shots = set(session.exec(select(SceneShot.image_sha)))
    elements = set(session.exec(select(Element.image_sha)))
    sheets = set(session.exec(select(SheetCache.image_sha)))
    kept = shas | masks | elements | set(session.exec(select(Ref.image_sha)))
    return {s for s in kept if s} | shots | sheets


def _discard_unless_reused(target: Path, written_ns: int) -> None:
    """Remove a file whose transaction rolled back, unless another upload touched it since,
    with the thumbnails and previews made of it (`<root>/thumbs/<name>/<sha>…`)."""
    with contextlib.suppress(OSError):
        if target.stat().st_mtime_ns == written_ns:
            target.unlink()
            for derived in target.parent.parent.glob(f"thumbs/*/{target.stem}*"):
                derived.unlink(missing_ok=True)
