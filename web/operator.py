"""The operator's endpoints: /healthz (the process answers), /readyz (database, Redis and
storage reachable), /metrics (Prometheus text format)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from sqlalchemy import text
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from core.db import Database
from core.ports import Storage

log = logging.getLogger(__name__)
PROBE_KEY = "0" * 64
"""A key no image has: reading it proves the store answers (NotFound is a healthy answer)."""
NO_STORE = {"Cache-Control": "no-store"}

Check = Callable[[], None]


class Operator:
    """Health, readiness and metrics; each readiness check raises when its part is down."""

    def __init__(
        self,
        db: Database,
        storage: Storage,
        registry: CollectorRegistry,
        redis_ping: Check | None = None,
    ):
        self.checks: dict[str, Check] = {
            "database": lambda: _ping_db(db),
            "storage": lambda: _probe_storage(storage),
        }
        if redis_ping is not None:
            self.checks["redis"] = redis_ping
        self.registry = registry

    def healthz(self, _request: Request) -> Response:
        return JSONResponse({"status": "ok"}, headers=NO_STORE)

    def readyz(self, _request: Request) -> Response:
        results: dict[str, str] = {}
        for name, check in self.checks.items():
            try:
                check()
                results[name] = "ok"
            except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
                log.warning("readiness: %s is not reachable: %s", name, exc)
                results[name] = f"unreachable: {type(exc).__name__}"
        ready = all(v == "ok" for v in results.values())
        body = {"status": "ready" if ready else "not ready", "checks": results}
        return JSONResponse(body, status_code=200 if ready else 503, headers=NO_STORE)

    def metrics(self, _request: Request) -> Response:
        return Response(
            generate_latest(self.registry), media_type=CONTENT_TYPE_LATEST, headers=NO_STORE
        )


def _ping_db(db: Database) -> None:
    with db.engine.connect() as conn:
        conn.execute(text("SELECT 1"))


def _probe_storage(storage: Storage) -> None:
    storage.exists(PROBE_KEY)
