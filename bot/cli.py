"""The `lightbox` command line: console, run, worker, web, migrate, doctor."""

from __future__ import annotations

import argparse
import gc
import logging
import signal
import subprocess
import sys
import threading
from typing import TYPE_CHECKING

from bot import cli_credits
from core.errors import LightboxError
from core.log_context import configure_logging
from core.settings import Settings, load_settings

if TYPE_CHECKING:
    from sqlalchemy.exc import OperationalError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="lightbox", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    console = sub.add_parser("console", help="chat with Lightbox in this terminal (no token)")
    console.add_argument("--user", help="the name you appear as (default: your login)")
    sub.add_parser("run", help="start the chat adapters whose tokens are configured")
    worker = sub.add_parser("worker", help="run Dramatiq worker processes on Redis")
    worker.add_argument("--processes", type=int, default=1)
    worker.add_argument("--threads", type=int, default=None)
    sub.add_parser("migrate", help="bring the database schema up to date")
    sub.add_parser("doctor", help="check database, Redis, storage, tokens and providers")
    web = sub.add_parser("web", help="serve the public gallery, /healthz, /readyz and /metrics")
    web.add_argument("--port", type=int, default=None, help="default: LIGHTBOX_WEB_PORT or 8080")
    cli_credits.add_commands(sub)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = load_settings()
        configure_logging(settings.log_format)
        from bot.doctor import preflight, run_doctor  # loads the database side: after settings

        if args.command == "doctor":
            return run_doctor(settings, sys.stdout)
        preflight(settings, redis=args.command not in ("migrate", "credits", "plan"))
        if args.command in ("credits", "plan"):
            return cli_credits.run(settings, args)
        if args.command == "migrate":
            return _migrate(settings)
        if args.command == "console":
            return _console(settings, args.user)
        if args.command == "worker":
            return _worker(settings, args.processes, args.threads)
        if args.command == "web":
            return _web(settings, args.port)
        return _run(settings)
    except LightboxError as exc:
        print(f"lightbox: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        lost = _unreachable_database(exc)
        if lost is None:
            raise
        print(
            f"lightbox: cannot use the database {_safe_url(settings)} "
            f"({str(lost.orig or lost).strip().splitlines()[0][:200]}); "
            "check LIGHTBOX_DATABASE_URL or run `lightbox doctor`",
            file=sys.stderr,
        )
        return 2


def _migrate(settings: Settings) -> int:
    from workers.runtime import Runtime

    runtime = Runtime(settings)
    try:
        runtime.migrate()
        print(f"database is up to date ({_safe_url(settings)})")
    finally:
        runtime.stop()
    return 0


def _console(settings: Settings, user: str | None) -> int:
    from bot.console.chat import ConsoleChat
    from bot.console.sink import ConsoleSink
    from core.storage_config import open_storage
    from workers.runtime import Runtime

    lock = threading.Lock()
    storage = open_storage(settings)
    sink = ConsoleSink(sys.stdout, lock, storage)
    runtime = Runtime(settings, sinks={"console": sink}, storage=storage)
    try:
        runtime.migrate()
        # Embedded default: this process is the worker. On Redis, `lightbox worker` generates
        # and this process only prints its own deliveries.
        runtime.start_worker(generate=not settings.redis_url, platforms=["console"])
        interactive = sys.stdin.isatty()
        chat = ConsoleChat(runtime, sys.stdout, lock, wait_each=not interactive, user=user)
        errors = chat.run(sys.stdin, prompt=interactive)
    finally:
        runtime.stop()
    return 1 if errors and not sys.stdin.isatty() else 0


def _worker(settings: Settings, processes: int, threads: int | None) -> int:
    from workers.runtime import Runtime

    if not settings.redis_url:
        raise LightboxError(
            "LIGHTBOX_REDIS_URL is not set: without Redis the console runs its own embedded "
            "worker; set it (e.g. redis://127.0.0.1:6379/0) to run separate workers"
        )
    if processes > 1:
        children = [
            subprocess.Popen(
                [sys.executable, "-m", "bot", "worker", "--processes", "1"]
                + (["--threads", str(threads)] if threads else [])
            )
            for _ in range(processes)
        ]

        def stop_children(*_: object) -> None:
            for child in children:
                child.terminate()

        signal.signal(signal.SIGTERM, stop_children)
        return max(child.wait() for child in children)
    from bot.adapters import sinks_for
    from core.storage_config import open_storage

    storage = open_storage(settings)
    runtime = Runtime(settings, sinks=sinks_for(settings, storage), storage=storage)
    runtime.migrate()
    gc.collect()
    gc.freeze()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    runtime.start_worker(platforms=list(runtime.sinks), threads=threads)
    print(f"worker ready (pid {__import__('os').getpid()})", flush=True)
    stop.wait()
    runtime.stop()
    return 0


def _run(settings: Settings) -> int:
    import asyncio

    from bot.adapters import configured, serve_all, sinks_for
    from core.storage_config import open_storage
    from workers.runtime import Runtime

    platforms = configured(settings)
    if not platforms:
        print(
            "no chat adapter is configured: set LIGHTBOX_DISCORD_TOKEN or "
            "LIGHTBOX_TELEGRAM_TOKEN, or try `lightbox console` (needs no token)",
            file=sys.stderr,
        )
        return 2
    storage = open_storage(settings)
    runtime = Runtime(settings, sinks=sinks_for(settings, storage), storage=storage)
    web = None
    try:
        runtime.migrate()
        if not settings.redis_url:
            # Embedded: this process also generates and delivers. On Redis, run `lightbox worker`.
            runtime.start_worker()
        if settings.web_port:
            from web.server import app_for, serve_in_thread, server_for

            waiting = runtime.queues.waiting_generation_messages
            app = app_for(settings, db=runtime.db, storage=runtime.storage, waiting=waiting)
            web = server_for(app, settings)
            serve_in_thread(web)
            platforms = [*platforms, f"web on port {settings.web_port}"]
        gc.collect()
        gc.freeze()
        print(f"serving {', '.join(platforms)}", flush=True)
        asyncio.run(serve_all(settings, runtime))
    finally:
        if web is not None:
            web.should_exit = True
        runtime.stop()
    return 0


def _unreachable_database(exc: Exception) -> OperationalError | None:
    """The error when the database named by the settings does not answer, else None."""
    from sqlalchemy.exc import OperationalError

    return exc if isinstance(exc, OperationalError) else None


def _web(settings: Settings, port: int | None) -> int:
    from core.db import Database
    from web.server import app_for, server_for

    chosen = port or settings.web_port or 8080
    if not 1 <= chosen <= 65535:
        raise LightboxError(f"--port must be a port number from 1 to 65535, not {chosen}")
    db = Database.from_url(settings.resolved_database_url)
    db.migrate()  # like run and worker: the schema is brought up to date before serving
    server = server_for(app_for(settings, db=db), settings, chosen)
    print(f"web gallery on http://{settings.web_host}:{chosen}/", flush=True)
    server.run()
    return 0


def _safe_url(settings: Settings) -> str:
    from sqlalchemy.engine import make_url

    return make_url(settings.resolved_database_url).render_as_string(hide_password=True)
