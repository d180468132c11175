"""Serving a published image: looked up by its page's id in the database, never by a path."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from core.errors import NotFound
from core.ports import Storage
from core.public_gallery import PageGone, PageMissing, PublicGallery
from web import renditions

CACHE = "public, max-age=86400, immutable"
"""A page's image never changes (versions are immutable), so it is cached as immutable; one
day rather than a year, so an unpublished image leaves shared caches within a day."""


class ImageEndpoint:
    """GET /i/{public_id}/{variant}: 410 once unpublished, 304 for a matching ETag."""

    def __init__(self, gallery: PublicGallery, storage: Storage):
        self.gallery = gallery
        self.storage = storage

    def serve(self, request: Request) -> Response:
        public_id = str(request.path_params["public_id"])
        variant = str(request.path_params["variant"])
        if not renditions.is_variant(variant):
            return _plain(404, "no such image size")
        try:
            image = self.gallery.image(public_id)
        except PageGone:
            return _plain(410, "this image was unpublished")
        except PageMissing:
            return _plain(404, "no such image")
        etag = f'"{image.key}-{variant}"'
        headers = {"ETag": etag, "Cache-Control": CACHE}
        if etag in _etags(request.headers.get("if-none-match", "")):
            return Response(status_code=304, headers=headers)
        try:
            data, mime = renditions.read(self.storage, image.key, variant)
        except NotFound:
            return _plain(410, "this image is no longer stored")
        return Response(data, media_type=mime, headers=headers)


def _etags(header: str) -> set[str]:
    return {part.strip().removeprefix("W/") for part in header.split(",") if part.strip()}


def _plain(status: int, text: str) -> Response:
    return Response(
        text + "\n",
        status_code=status,
        media_type="text/plain; charset=utf-8",
        headers={"Cache-Control": "no-store"},
    )
