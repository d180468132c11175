"""Content-addressed image storage in an S3-compatible bucket, with thumbnails beside it."""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from botocore.exceptions import BotoCoreError, ClientError

from core.db import on_rollback
from core.errors import BadInput, NotFound, Permanent, RetryLater
from core.images import DEFAULT_LIMITS, CheckedImage, ImageLimits, inspect_image, recheck
from core.media import StoredMedia, check_media, kind_of
from core.ports import StoredImage
from core.thumbnails import check_key, check_name, check_size, render_thumbnail

T = TypeVar("T")
_MISSING = frozenset({"404", "NoSuchKey", "NotFound"})
_TRANSIENT = frozenset({"500", "502", "503", "504", "SlowDown", "RequestTimeout", "InternalError"})
_STAMP = "lightbox-stored-ns"  # object metadata: which write (or reuse) made the object current
_MIMES = frozenset({"image/png", "image/jpeg", "image/webp", "image/gif"})


def _call(what: str, action: Callable[[], T]) -> T:
    """Run one S3 request, turning the client's errors into core's (NotFound, retry, refusal)."""
    try:
        return action()
    except ClientError as exc:
        error = exc.response.get("Error", {})
        code = str(error.get("Code", ""))
        status = str(exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", ""))
        if code in _MISSING or (status == "404" and code != "NoSuchBucket"):
            raise NotFound(f"no stored image {what}") from None
        if code in _TRANSIENT or status.startswith("5"):
            raise RetryLater(f"image storage is busy ({code or status}); try again", 2.0) from exc
        raise Permanent(f"image storage refused {what}: {code} {error.get('Message', '')}") from exc
    except BotoCoreError as exc:  # no connection, timeouts, bad endpoint
        raise RetryLater(f"image storage is unreachable: {exc}", 5.0) from exc


class S3Storage:
    """Stores each image once as `<prefix><sha[:2]>/<sha>` (its MIME type as the object's
    Content-Type); thumbnails as `<prefix>thumbs/<sha>/<size>.webp`.

    `client` is a boto3 S3 client (core.storage_config builds it from settings). Nothing is
    cached on this machine: bot, workers and web read the same bucket from anywhere.
    """

    def __init__(
        self,
        client: Any,
        bucket: str,
        prefix: str = "",
        limits: ImageLimits = DEFAULT_LIMITS,
        *,
        url_seconds: int = 3600,
    ) -> None:
        self.client = client
        self.url_seconds = url_seconds
        self.bucket = bucket
        self.prefix = f"{prefix.strip('/')}/" if prefix.strip("/") else ""
        self.limits = limits
        self._original = re.compile(re.escape(self.prefix) + r"[0-9a-f]{2}/([0-9a-f]{64})")

    def key_of(self, sha256: str) -> str:
        """The object key of an original."""
        sha = check_key(sha256)
        return f"{self.prefix}{sha[:2]}/{sha}"

    def _thumb_key(self, sha256: str, size: int) -> str:
        return f"{self.prefix}thumbs/{sha256}/{size}.webp"

    def _head(self, key: str, what: str) -> dict[str, Any]:
        return _call(what, lambda: self.client.head_object(Bucket=self.bucket, Key=key))

    def put_image(self, data: bytes | CheckedImage, *, max_bytes: int | None = None) -> StoredImage:
        """Validate `data` as an image, store it once, return its address (raises BadInput);
        an image already checked is held to the limits without a second decode."""
        limits = self.limits if max_bytes is None else replace(self.limits, max_bytes=max_bytes)
        if isinstance(data, CheckedImage):
            info, data = recheck(data, limits), data.data
        else:
            info = inspect_image(data, limits)
        if info.mime not in _MIMES:
            raise BadInput(f"{info.format} images cannot be stored")
        sha = hashlib.sha256(data).hexdigest()
        self._keep(sha, data, info.mime)
        return StoredImage(
            sha256=sha, width=info.width, height=info.height, mime=info.mime, size_bytes=len(data)
        )

    def put_media(self, data: bytes, *, mime: str | None = None) -> StoredMedia:
        """Check `data` is a video, audio or 3D file, store it once (raises BadInput)."""
        found = check_media(data, mime=mime)
        sha = hashlib.sha256(data).hexdigest()
        self._keep(sha, data, found)
        return StoredMedia(sha256=sha, kind=kind_of(found), mime=found, size_bytes=len(data))

    def _keep(self, sha: str, data: bytes, mime: str) -> None:
        """Put the object unless it is there; a rollback removes an object it put."""
        key = self.key_of(sha)
        stamp = str(time.time_ns())
        meta = {_STAMP: stamp}
        if self.exists(sha):
            # Someone relies on it again: a copy onto itself renews its age (a sweep spares it)
            # and its stamp (a rollback of whoever wrote it must now keep it).
            source = {"Bucket": self.bucket, "Key": key}
            _call(
                sha,
                lambda: self.client.copy_object(
                    Bucket=self.bucket,
                    Key=key,
                    CopySource=source,
                    Metadata=meta,
                    MetadataDirective="REPLACE",
                    ContentType=mime,
                ),
            )
        else:
            _call(
                sha,
                lambda: self.client.put_object(
                    Bucket=self.bucket, Key=key, Body=data, ContentType=mime, Metadata=meta
                ),
            )
            on_rollback(lambda: self._discard_unless_reused(sha, stamp))

    def _discard_unless_reused(self, sha256: str, stamp: str) -> None:
        """Remove an object whose transaction rolled back, unless another upload renewed it."""
        try:
            head = self._head(self.key_of(sha256), sha256)
            if head.get("Metadata", {}).get(_STAMP) == stamp:
                self._remove(sha256)
        except (NotFound, RetryLater, Permanent):
            pass  # gone already, or the periodic sweep reclaims it later

    def read(self, sha256: str) -> bytes:
        return self._get(sha256, self.key_of(sha256))

    def _get(self, sha256: str, key: str) -> bytes:
        answer = _call(sha256, lambda: self.client.get_object(Bucket=self.bucket, Key=key))
        body = answer["Body"]
        try:
            return bytes(_call(sha256, body.read))
        finally:
            body.close()

    def size(self, sha256: str) -> int:
        return int(self._head(self.key_of(sha256), sha256)["ContentLength"])

    def exists(self, sha256: str) -> bool:
        try:
            self._head(self.key_of(sha256), sha256)
        except NotFound:
            return False
        return True

    def thumbnail(self, sha256: str, size: int = 256) -> bytes:
        check_size(size)
        key = self._thumb_key(check_key(sha256), size)
        try:
            return self._get(sha256, key)
        except NotFound:
            pass
        data = render_thumbnail(self.read(sha256), size, self.limits)
        _call(
            sha256,
            lambda: self.client.put_object(
                Bucket=self.bucket, Key=key, Body=data, ContentType="image/webp"
            ),
        )
        return data

    def derived(self, sha256: str, name: str, render: Callable[[bytes], bytes]) -> bytes:
        """See `Storage.derived`: kept as `<prefix>thumbs/<sha>/<name>` (removed with it)."""
        key = self._derived_key(sha256, name)
        try:
            return self._get(sha256, key)
        except NotFound:
            pass
        data = render(self.read(sha256))
        _call(sha256, lambda: self.client.put_object(Bucket=self.bucket, Key=key, Body=data))
        return data

    def put_derived(self, sha256: str, name: str, data: bytes) -> None:
        """See `Storage.put_derived`: one PUT, no GET of the original or of the key."""
        if not data:
            raise BadInput("a derived file cannot be empty")
        key = self._derived_key(sha256, name)
        _call(sha256, lambda: self.client.put_object(Bucket=self.bucket, Key=key, Body=data))

    def _derived_key(self, sha256: str, name: str) -> str:
        return f"{self.prefix}thumbs/{check_key(sha256)}/{check_name(name)}"

    def url(self, sha256: str, *, expires_seconds: int | None = None) -> str | None:
        """A presigned GET URL valid `expires_seconds` (default: the store's `url_seconds`); no
        request is made, so a missing image answers 404 when fetched."""
        key = self.key_of(sha256)
        expires = expires_seconds or self.url_seconds
        params = {"Bucket": self.bucket, "Key": key}
        return str(
            _call(
                sha256,
                lambda: self.client.generate_presigned_url(
                    "get_object", Params=params, ExpiresIn=expires
                ),
            )
        )

    def locate(self, sha256: str) -> str:
        self._head(self.key_of(sha256), sha256)  # NotFound for a missing image
        return str(self.url(sha256))

    def collect_orphans(
        self, referenced: set[str], *, older_than: float, only: set[str] | None = None
    ) -> list[str]:
        """Remove originals no row references, stored more than `older_than` seconds ago (the
        object's Last-Modified, which `put_image` renews on reuse). `only` limits it to those."""
        cutoff = datetime.now(UTC) - timedelta(seconds=older_than)
        removed = []
        for sha, modified in self._candidates(only):
            if sha in referenced or modified >= cutoff:
                continue
            self._remove(sha)
            removed.append(sha)
        return removed

    def _candidates(self, only: set[str] | None) -> Iterator[tuple[str, datetime]]:
        if only is not None:
            for sha in sorted(only):
                try:
                    yield sha, self._head(self.key_of(sha), sha)["LastModified"]
                except NotFound:
                    continue
            return
        pages = iter(
            self.client.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix=self.prefix
            )
        )
        while (page := _call("listing", lambda: next(pages, None))) is not None:
            for item in page.get("Contents", []):
                found = self._original.fullmatch(item["Key"])
                if found:
                    yield found.group(1), item["LastModified"]

    def _remove(self, sha256: str) -> None:
        """Delete the original and every thumbnail of it."""
        prefix = f"{self.prefix}thumbs/{sha256}/"
        listed = _call(
            sha256, lambda: self.client.list_objects_v2(Bucket=self.bucket, Prefix=prefix)
        )
        keys = [self.key_of(sha256)] + [item["Key"] for item in listed.get("Contents", [])]
        for key in keys:
            self._delete(sha256, key)

    def _delete(self, sha256: str, key: str) -> None:
        _call(sha256, lambda: self.client.delete_object(Bucket=self.bucket, Key=key))
