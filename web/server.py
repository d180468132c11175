"""Runs the web app with uvicorn: alone (`lightbox web`) or beside the bots (`lightbox run`)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import uvicorn
from starlette.applications import Starlette

from core.db import Database
from core.errors import LightboxError
from core.ports import Storage
from core.settings import Settings
from core.storage_config import open_storage
from web.app import build_app


def app_for(
    settings: Settings,
    *,
    db: Database | None = None,
    storage: Storage | None = None,
    waiting: Callable[[], int | None] | None = None,
) -> Starlette:
    """The app on the settings' database, storage and Redis (or on a runtime's own)."""
    if db is None:
        db = Database.from_url(settings.resolved_database_url)
    if storage is None:
        storage = open_storage(settings)
    redis_ping = None
    if settings.redis_url:
        import redis

        client = redis.Redis.from_url(settings.redis_url, socket_timeout=2)

        def redis_ping() -> None:
            client.ping()

        if waiting is None:
            waiting = lambda: int(client.llen("lightbox:generate"))  # noqa: E731
    return build_app(
        db, storage, public_url=settings.public_url, redis_ping=redis_ping, waiting=waiting
    )


def server_for(app: Starlette, settings: Settings, port: int | None = None) -> uvicorn.Server:
    chosen = port or settings.web_port
    if chosen is None:
        raise LightboxError("no web port: set LIGHTBOX_WEB_PORT or pass --port")
    config = uvicorn.Config(
        app, host=settings.web_host, port=chosen, log_level="warning", proxy_headers=True
    )
    return uvicorn.Server(config)


def serve_in_thread(server: uvicorn.Server) -> threading.Thread:
    """Start uvicorn on a daemon thread (beside the chat adapters); stop with `should_exit`."""
    thread = threading.Thread(target=server.run, name="lightbox-web", daemon=True)
    thread.start()
    return thread
