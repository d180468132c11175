"""Assembles the web application: routes, templates, security headers, metrics registry."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from prometheus_client import CollectorRegistry
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from core.db import Database
from core.ports import Storage
from core.public_gallery import PublicGallery
from web.headers import SecurityHeaders
from web.images import ImageEndpoint
from web.metrics import LightboxCollector
from web.operator import Operator
from web.pages import Pages

HERE = Path(__file__).parent
ID = "{public_id:str}"


def build_app(
    db: Database,
    storage: Storage,
    *,
    public_url: str = "",
    redis_ping: Callable[[], None] | None = None,
    waiting: Callable[[], int | None] | None = None,
) -> Starlette:
    """The gallery and operator endpoints over one database and one storage port."""
    gallery = PublicGallery(db)
    templates = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(["html"]),
        auto_reload=False,
    )
    pages = Pages(gallery, templates, public_url)
    images = ImageEndpoint(gallery, storage)
    registry = CollectorRegistry()
    registry.register(LightboxCollector(db, waiting))
    operator = Operator(db, storage, registry, redis_ping)
    routes = [
        Route("/", pages.index, name="index"),
        Route(f"/v/{ID}", pages.image, name="image"),
        Route(f"/p/{ID}", pages.project, name="project"),
        Route(f"/i/{ID}/{{variant:str}}", images.serve, name="file"),
        Route("/healthz", operator.healthz),
        Route("/readyz", operator.readyz),
        Route("/metrics", operator.metrics),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    return Starlette(routes=routes, middleware=[Middleware(SecurityHeaders)])
