"""Content-addressed image storage in a local directory, with cached WebP thumbnails."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from PIL import Image
from sqlmodel import Session, col, select

from core.db import on_rollback
from core.errors import BadInput, NotFound
from core.images import DEFAULT_LIMITS, ImageLimits, first_frame_rgb, inspect_image
from core.models import Element, Ref, SceneShot, SheetCache, Version
from core.ports import StoredImage

_EXTENSIONS = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/webp": ".webp",
    "image/gif": ".gif",
}
_SHA256 = re.compile(r"[0-9a-f]{64}")
_SUFFIXES = frozenset(_EXTENSIONS.values())
_MAX_THUMB = 4096


def _write_atomically(target: Path, data: bytes) -> None:
    """Write to a hidden temp file next to `target`, then rename it into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), 0o644)  # mkstemp makes 0600 files; images are not secret
            fh.write(data)
            fh.flush()
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
        if not isinstance(sha256, str) or not _SHA256.fullmatch(sha256):
            raise NotFound(f"no stored image {sha256!r}")
        return self.root / sha256[:2]

    def _find(self, sha256: str) -> Path | None:
        folder = self._folder(sha256)
        for ext in _EXTENSIONS.values():
            candidate = folder / f"{sha256}{ext}"
            if candidate.is_file():
                return candidate
        return None

    def put_image(self, data: bytes, *, max_bytes: int | None = None) -> StoredImage:
        """Validate `data` as an image, store it once, return its address (raises BadInput)."""
        limits = self.limits if max_bytes is None else replace(self.limits, max_bytes=max_bytes)
        info = inspect_image(data, limits)
        ext = _EXTENSIONS.get(info.mime)
        if ext is None:
            raise BadInput(f"{info.format} images cannot be stored")
        sha = hashlib.sha256(data).hexdigest()
        target = self._folder(sha) / f"{sha}{ext}"
        if target.is_file():
            # Someone relies on it again: a rollback of whoever wrote it must now keep it.
            with contextlib.suppress(OSError):
                os.utime(target)
        else:
            _write_atomically(target, data)
            written = target.stat().st_mtime_ns
            on_rollback(lambda: _discard_unless_reused(target, written))
        return StoredImage(
            sha256=sha, width=info.width, height=info.height, mime=info.mime, size_bytes=len(data)
        )

    def exists(self, sha256: str) -> bool:
        try:
            return self._find(sha256) is not None
        except NotFound:
            return False

    def path(self, sha256: str) -> str:
        """The filesystem path of the original; raises NotFound if it is not stored."""
        found = self._find(sha256)
        if found is None:
            raise NotFound(f"no stored image {sha256}")
        return str(found)

    def read(self, sha256: str) -> bytes:
        return Path(self.path(sha256)).read_bytes()

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
            if not _SHA256.fullmatch(sha) or sha in referenced or path.suffix not in _SUFFIXES:
                continue
            if only is not None and sha not in only:
                continue
            with contextlib.suppress(OSError):
                if path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed.append(sha)
                    for thumb in self.root.glob(f"thumbs/*/{sha}.webp"):
                        thumb.unlink(missing_ok=True)
        return removed

    def read_thumbnail(self, sha256: str, size: int = 256) -> bytes:
        return Path(self.thumbnail_path(sha256, size)).read_bytes()

    def thumbnail_path(self, sha256: str, size: int = 256) -> str:
        """A WebP thumbnail (longest side at most `size`), rendered once and then reused."""
        if not isinstance(size, int) or not 16 <= size <= _MAX_THUMB:
            raise BadInput(f"thumbnail size must be between 16 and {_MAX_THUMB} pixels")
        original = Path(self.path(sha256))
        target = self.root / "thumbs" / str(size) / f"{sha256}.webp"
        if target.is_file():
            return str(target)
        data = original.read_bytes()
        # Already validated on the way in; allow its size even if the byte cap changed since.
        limits = replace(self.limits, max_bytes=max(len(data), self.limits.max_bytes))
        img = first_frame_rgb(data, limits)
        img.thumbnail((size, size), Image.Resampling.LANCZOS)
        _write_atomically(target, _encode_webp(img))
        return str(target)


def referenced_images(session: Session) -> set[str]:
    """Every image sha a version (its image or its mask), a ref, a scene shot, an element or a
    cached contact sheet points at."""
    shas = set(session.exec(select(Version.image_sha).where(col(Version.image_sha).is_not(None))))
    masks = set(session.exec(select(Version.mask_sha).where(col(Version.mask_sha).is_not(None))))
    shots = set(session.exec(select(SceneShot.image_sha)))
    elements = set(session.exec(select(Element.image_sha)))
    sheets = set(session.exec(select(SheetCache.image_sha)))
    kept = shas | masks | elements | set(session.exec(select(Ref.image_sha)))
    return {s for s in kept if s} | shots | sheets


def _discard_unless_reused(target: Path, written_ns: int) -> None:
    """Remove a file whose transaction rolled back, unless another upload touched it since."""
    with contextlib.suppress(OSError):
        if target.stat().st_mtime_ns == written_ns:
            target.unlink()


def _encode_webp(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="WEBP", quality=82, method=4)
    return buf.getvalue()
