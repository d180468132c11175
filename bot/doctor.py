"""`lightbox doctor`: checks each part Lightbox needs and says what is wrong in plain words."""

from __future__ import annotations

import tempfile
from typing import TextIO

from sqlalchemy import inspect, text

from core.db import make_engine
from core.settings import Settings


def run_doctor(settings: Settings, out: TextIO) -> int:
    """Print one line per check; return 1 when any check failed."""
    checks = [_database, _redis, _storage, _tokens, _providers]
    failed = 0
    for check in checks:
        ok, message = check(settings)
        out.write(("✓ " if ok else "✗ ") + message + "\n")
        failed += not ok
    out.write("all good\n" if not failed else f"{failed} problem(s) found\n")
    return 1 if failed else 0


def _database(settings: Settings) -> tuple[bool, str]:
    url = settings.resolved_database_url
    try:
        engine = make_engine(url)
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            has_schema = inspect(conn).has_table("card")
        engine.dispose()
    except Exception as exc:  # noqa: BLE001 - reported to the user
        return False, f"database: cannot connect ({type(exc).__name__}: {str(exc)[:160]})"
    if not has_schema:
        return False, "database: reachable but not migrated — run `lightbox migrate`"
    return True, f"database: {engine.url.render_as_string(hide_password=True)}"


def _redis(settings: Settings) -> tuple[bool, str]:
    if not settings.redis_url:
        return True, "redis: not configured — the embedded in-process broker is used"
    import redis

    try:
        redis.Redis.from_url(settings.redis_url, socket_timeout=2).ping()
    except Exception as exc:  # noqa: BLE001 - reported to the user
        return False, f"redis: cannot reach {settings.redis_url} ({type(exc).__name__})"
    return True, f"redis: {settings.redis_url} answers"


def _storage(settings: Settings) -> tuple[bool, str]:
    folder = settings.resolved_storage_dir
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder):
            pass
    except OSError as exc:
        return False, f"storage: cannot write to {folder} ({exc.strerror})"
    return True, f"storage: {folder.resolve()} is writable"


def _tokens(settings: Settings) -> tuple[bool, str]:
    found = [
        n
        for n, t in (("Discord", settings.discord_token), ("Telegram", settings.telegram_token))
        if t
    ]
    if not found:
        return True, "chat tokens: none set — only the console adapter can run"
    return True, f"chat tokens: set for {', '.join(found)}"


def _providers(settings: Settings) -> tuple[bool, str]:
    from core.errors import LightboxError
    from workers.providers.registry import configure

    try:
        catalog, providers = configure()
    except LightboxError as exc:
        return False, f"providers: {exc}"
    default = settings.default_model or catalog.default
    if default not in catalog.profiles:
        return False, (
            f'providers: LIGHTBOX_DEFAULT_MODEL is "{default}", which is not among the enabled '
            f"models: {', '.join(catalog.ids())}"
        )
    names = ", ".join(sorted(providers))
    return True, f"providers: {names}; models: {', '.join(catalog.ids())} (default {default})"
