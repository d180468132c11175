"""`lightbox doctor`: checks each part Lightbox needs and says what is wrong in plain words."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TextIO

from sqlalchemy import inspect, text

from core.db import Database, make_engine
from core.errors import LightboxError
from core.lost_chats import PLATFORM_NAMES, lost_chats
from core.plans import plans_for
from core.settings import Settings, mask_url
from core.storage_config import check_bucket

REDIS_TIMEOUT = 3.0  # seconds: a Redis that does not answer by then is reported as down


def check_redis(url: str) -> None:
    """Raise LightboxError naming LIGHTBOX_REDIS_URL unless Redis answers a PING quickly."""
    import redis

    try:
        client = redis.Redis.from_url(
            url, socket_connect_timeout=REDIS_TIMEOUT, socket_timeout=REDIS_TIMEOUT
        )
        try:
            client.ping()
        finally:
            client.close()
    except Exception as exc:  # noqa: BLE001 - every failure is "Redis is not usable"
        raise LightboxError(
            f"LIGHTBOX_REDIS_URL: Redis at {mask_url(url)} does not answer "
            f"({type(exc).__name__}); start it, or unset LIGHTBOX_REDIS_URL to run embedded"
        ) from None


def check_storage(folder: Path) -> None:
    """Raise LightboxError naming the setting unless images can be written to `folder`."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise LightboxError(
            f"LIGHTBOX_STORAGE_DIR: cannot write images to {folder} ({exc.strerror}); "
            "name a writable folder (or set LIGHTBOX_DATA_DIR)"
        ) from None


def check_models_file(path: Path | None) -> None:
    """Raise LightboxError naming LIGHTBOX_MODELS_FILE when it cannot be read as UTF-8 text."""
    if path is None:
        return
    try:
        path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise LightboxError(f"LIGHTBOX_MODELS_FILE: cannot read {path} ({exc.strerror})") from None
    except UnicodeDecodeError as exc:
        raise LightboxError(
            f"LIGHTBOX_MODELS_FILE: {path} is not UTF-8 text (byte 0x{exc.object[exc.start]:02x} "
            f"at position {exc.start}); save it as UTF-8 TOML"
        ) from None


def preflight(settings: Settings, *, redis: bool) -> None:
    """What a start needs before it opens anything: fail in seconds with the setting named."""
    from workers.providers.registry import load_provider_settings

    check_models_file(load_provider_settings().models_file)
    plans_for(settings.plans_file)  # a bad plans file stops the start, naming plan and field
    check_storage(settings.resolved_storage_dir)
    if settings.storage_url:
        check_bucket(settings)
    if redis and settings.redis_url:
        check_redis(settings.redis_url)


def run_doctor(settings: Settings, out: TextIO) -> int:
    """Print one line per check; return 1 when any check failed."""
    checks = [_database, _redis, _storage, _tokens, _providers]
    failed = 0
    for check in checks:
        ok, message = check(settings)
        out.write(("✓ " if ok else "✗ ") + message + "\n")
        failed += not ok
    for line in _lost_chats(settings):
        out.write(f"! {line}\n")  # worth acting on, not a fault of this installation
    out.write("all good\n" if not failed else f"{failed} problem(s) found\n")
    return 1 if failed else 0


def _lost_chats(settings: Settings) -> list[str]:
    """One line per chat the bot lost access to (owners were told once; this keeps showing it
    until a post there goes through again)."""
    try:
        db = Database.from_url(settings.resolved_database_url)
        try:
            with db.session() as session:
                found = lost_chats(session)
        finally:
            db.dispose()
    except Exception:  # noqa: BLE001 - no database or no schema: the database check said so
        return []
    return [
        f"lost access: {PLATFORM_NAMES.get(c.platform, c.platform)} chat {c.chat_id} "
        f"({c.reason}) since {c.since:%Y-%m-%d %H:%M} UTC"
        + (f", project “{c.project}”" if c.project else "")
        + f"; owner told by {c.told or 'nobody yet'}. Add the bot back or move the project "
        "to another chat"
        for c in found
    ]


def _database(settings: Settings) -> tuple[bool, str]:
    url = settings.resolved_database_url
    try:
        engine = make_engine(url)
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            has_schema = inspect(conn).has_table("card")
        engine.dispose()
    except Exception as exc:  # noqa: BLE001 - reported to the user
        reason = str(exc).replace(url, mask_url(url))[:160]
        return False, f"database: cannot connect ({type(exc).__name__}: {reason})"
    if not has_schema:
        return False, "database: reachable but not migrated — run `lightbox migrate`"
    return True, f"database: {engine.url.render_as_string(hide_password=True)}"


def _redis(settings: Settings) -> tuple[bool, str]:
    if not settings.redis_url:
        return True, "redis: not configured — the embedded in-process broker is used"
    try:
        check_redis(settings.redis_url)
    except LightboxError as exc:
        return False, f"redis: {str(exc).removeprefix('LIGHTBOX_REDIS_URL: ')}"
    return True, f"redis: {mask_url(settings.redis_url)} answers"


def _storage(settings: Settings) -> tuple[bool, str]:
    if settings.storage_url:
        try:
            return True, f"storage: {check_bucket(settings)}"
        except LightboxError as exc:
            return False, f"storage: {str(exc).removeprefix('LIGHTBOX_STORAGE_URL: ')}"
    folder = settings.resolved_storage_dir
    try:
        check_storage(folder)
    except LightboxError as exc:
        return False, f"storage: {str(exc).removeprefix('LIGHTBOX_STORAGE_DIR: ')}"
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
    from workers.providers.registry import configure, load_provider_settings

    try:
        check_models_file(load_provider_settings().models_file)
        plans_for(settings.plans_file)
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
