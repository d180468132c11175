"""Shared fixtures of the web tests: one embedded runtime per module and a client on its app."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.applications import Starlette

from bot.router import CommandRouter
from core.catalog import LOCAL_PREVIEW, ModelCatalog, ModelProfile
from core.identity import Actor, Place
from core.studio import Outcome
from tests.conftest import RecordingSink, make_settings, wipe
from web.server import app_for
from workers.providers.local import LocalProvider
from workers.runtime import Runtime

with warnings.catch_warnings():  # starlette suggests httpx2; httpx is what the project pins
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

PUBLIC = "https://gallery.example"
ANN = Actor("console", "ann", "Ann")
ZOE = Actor("console", "zoe", "Zoe")
ROOM = Place("console", "room")
ZOES_ROOM = Place("console", "zoes-room")
TINY = ModelProfile(id="tiny", label="Tiny", provider="local")


def build_runtime(db_url: str, data: Path) -> Runtime:
    catalog = ModelCatalog(profiles={"local": LOCAL_PREVIEW, "tiny": TINY}, default="local")
    rt = Runtime(
        make_settings(db_url, data, public_url=PUBLIC),
        sinks={"console": RecordingSink()},
        providers={"local": LocalProvider()},
        catalog=catalog,
    )
    rt.start_worker(threads=2, sweep_interval=None)
    return rt


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def web_runtime(
    request: pytest.FixtureRequest,
    migrated: dict[str, str],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Runtime]:
    """An embedded runtime shared by a module's tests, on each database in turn."""
    url = migrated[request.param]
    wipe(url)
    rt = build_runtime(url, tmp_path_factory.mktemp("web") / "data")
    yield rt
    rt.stop()


@pytest.fixture(scope="module")
def pg_runtime(
    migrated: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Runtime]:
    """The same on PostgreSQL only (the crawl, the metrics scrape, the browser: what they test
    above the queries, which test_publish runs on both databases)."""
    wipe(migrated["postgres"])
    rt = build_runtime(migrated["postgres"], tmp_path_factory.mktemp("web") / "data")
    yield rt
    rt.stop()


def web_app(rt: Runtime) -> Starlette:
    return app_for(
        rt.settings, db=rt.db, storage=rt.storage, waiting=rt.queues.waiting_generation_messages
    )


@pytest.fixture(scope="module")
def client(web_runtime: Runtime) -> TestClient:
    return TestClient(web_app(web_runtime))


def say(rt: Runtime, text: str, actor: Actor = ANN, place: Place = ROOM) -> Outcome:
    """One chat command on the console path; waits for the generations it queued."""
    outcome = CommandRouter(rt.studio).handle(actor, place, text)
    if outcome.job_ids:
        assert rt.wait_idle(platforms=["console"], timeout=60)
    return outcome


def public_path(outcome: Outcome) -> str:
    """The page path (/v/<id>) of the link a publish reply carries."""
    link = outcome.items[0]
    assert link.startswith(PUBLIC + "/v/"), outcome.text
    return link.removeprefix(PUBLIC)
