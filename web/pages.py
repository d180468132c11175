"""The gallery's HTML pages: the index (search, model filter, keyset pages), an image's page,
an opted-in project's page."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment
from starlette.requests import Request
from starlette.responses import HTMLResponse

from core.errors import BadInput
from core.public_gallery import PageGone, PageMissing, PublicGallery, PublicImage
from web import renditions

NO_STORE = {"Cache-Control": "no-store"}
SHORT = {"Cache-Control": "no-cache"}
"""Pages are revalidated on every view, so an unpublished page is gone at once, even for a
browser that saw it a moment ago."""


class Pages:
    """Renders each page from core's public read model; never from request paths."""

    def __init__(self, gallery: PublicGallery, templates: Environment, public_url: str = ""):
        self.gallery = gallery
        self.templates = templates
        self.public_url = public_url.rstrip("/")

    def _render(
        self, name: str, status: int = 200, headers: dict[str, str] | None = None, **context: Any
    ) -> HTMLResponse:
        html = self.templates.get_template(name).render(**context)
        return HTMLResponse(html, status_code=status, headers=headers or SHORT)

    def _base(self, request: Request) -> str:
        return self.public_url or str(request.base_url).rstrip("/")

    def _problem(self, status: int, message: str) -> HTMLResponse:
        return self._render("problem.html", status, NO_STORE, code=status, message=message)

    def index(self, request: Request) -> HTMLResponse:
        return self._listing(request, project=None)

    def project(self, request: Request) -> HTMLResponse:
        try:
            found = self.gallery.project(str(request.path_params["public_id"]))
        except PageMissing:
            return self._problem(404, "no public project here (it may have closed its page)")
        return self._listing(request, project=found)

    def _listing(self, request: Request, project: Any) -> HTMLResponse:
        query = request.query_params
        search = query.get("q", "").strip() or None
        model = query.get("model", "").strip() or None
        try:
            page = self.gallery.index(
                older_than=query.get("older") or None,
                search=search,
                model=model,
                project=project.public_id if project else None,
            )
        except BadInput as exc:
            return self._problem(400, str(exc))
        except PageMissing:
            return self._problem(400, "that page of the gallery no longer exists; start over")
        older = None
        if page.older:
            kept = {k: v for k, v in (("q", search), ("model", model)) if v}
            older = "?" + urlencode({**kept, "older": page.older})
        return self._render(
            "index.html",
            images=[_tile(i) for i in page.images],
            search=search or "",
            model=model or "",
            models=self.gallery.models(),
            older=older,
            project=project,
            base=self._base(request),
        )

    def image(self, request: Request) -> HTMLResponse:
        try:
            image = self.gallery.image(str(request.path_params["public_id"]))
        except PageGone:
            return self._problem(410, "this image was unpublished by its author")
        except PageMissing:
            return self._problem(404, "no image was published here")
        base = self._base(request)
        sizes = renditions.renditions(image.width, image.height)
        shared = renditions.social(image.width, image.height)
        return self._render(
            "image.html",
            image=image,
            alt=_alt(image),
            src=_src(image, sizes[-1].variant),
            srcset=", ".join(f"{_src(image, r.variant)} {r.width}w" for r in sizes),
            og_image=base + _src(image, shared.variant),
            og_width=shared.width,
            og_height=shared.height,
            og_type="image/webp" if shared.variant.endswith(".webp") else "",
            url=f"{base}/v/{image.public_id}",
            base=base,
        )


def _src(image: PublicImage, variant: str) -> str:
    return f"/i/{image.public_id}/{variant}"


def _alt(image: PublicImage) -> str:
    text = image.prompt or image.title
    return text if len(text) <= 250 else text[:249] + "…"


def _tile(image: PublicImage) -> dict[str, Any]:
    sizes = renditions.renditions(image.width, image.height)
    thumb = sizes[min(1, len(sizes) - 1)]  # 640 px when the image is larger, else the original
    return {
        "image": image,
        "alt": _alt(image),
        "src": _src(image, thumb.variant),
        "width": thumb.width,
        "height": thumb.height,
    }
