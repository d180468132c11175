"""The public site after real jobs: an anonymous visitor crawls every link from the index and
finds nothing private, unpublished, archived or hidden (a project's page shows that project
only); /metrics shows the jobs and their latency buckets; /healthz and /readyz."""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from prometheus_client.parser import text_string_to_metric_families
from redis import Redis

from core.db import Database
from core.public_gallery import PublicGallery
from core.storage import LocalStorage
from tests.conftest import REDIS_URL
from tests.web.conftest import PUBLIC, ZOE, ZOES_ROOM, TestClient, public_path, say, web_app
from web.app import build_app
from web.metrics import BUCKETS, reason_of
from workers.runtime import Runtime

LINK = re.compile(r'(?:href|src)="([^"]+)"|content="(https?://[^"]+)"')
SRCSET = re.compile(r'srcset="([^"]+)"')
SECRETS = ("privmark", "unpubmark", "archmark", "hiddenmark")


def links(html: str) -> set[str]:
    found = {a or b for a, b in LINK.findall(html)}
    for srcset in SRCSET.findall(html):
        found |= {part.split()[0] for part in srcset.split(",")}
    paths = set()
    for link in found:
        absolute = urljoin(PUBLIC + "/", link.replace("&amp;", "&"))
        if absolute.startswith(PUBLIC + "/"):
            parts = urlsplit(absolute)
            paths.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return paths


def crawl(client: TestClient, start: str) -> dict[str, str]:
    """Every same-site path reachable from `start`, with the text of each HTML page."""
    seen: dict[str, str] = {}
    todo = deque([start])
    while todo:
        path = todo.popleft()
        if path in seen:
            continue
        response = client.get(path)
        assert response.status_code == 200, f"{path} is linked but answers {response.status_code}"
        is_html = response.headers["content-type"].startswith("text/html")
        seen[path] = response.text if is_html else ""
        if is_html:
            todo.extend(links(response.text) - seen.keys())
    return seen


@dataclass(frozen=True)
class Site:
    public: set[str]
    gone: set[str]
    project: str
    owl: str


@pytest.fixture(scope="module")
def pg_client(pg_runtime: Runtime) -> TestClient:
    return TestClient(web_app(pg_runtime))


@pytest.fixture(scope="module")
def site(pg_runtime: Runtime) -> Site:
    """Two projects with public, unpublished, archived, hidden-prompt and private versions."""
    rt = pg_runtime
    say(rt, "/project new Foxes")
    public = {_publish(rt, "a pubmark fox", "prompt")}
    public.add(_publish(rt, "a hiddenmark badger", ""))
    gone = _publish(rt, "an unpubmark hare", "prompt")
    say(rt, "/unpublish v1")
    archived = _publish(rt, "an archmark lynx", "prompt")
    say(rt, "/archive version v1 confirm")
    say(rt, "/imagine a privmark mole")
    project = say(rt, "/public on Fox Studio").items[0].removeprefix(PUBLIC)
    say(rt, "/project new Owls", actor=ZOE, place=ZOES_ROOM)
    say(rt, "/imagine a zoemark owl", actor=ZOE, place=ZOES_ROOM)
    owl = public_path(say(rt, "/publish v1 prompt", actor=ZOE, place=ZOES_ROOM))
    return Site(public, {gone, archived}, project, owl)


def _publish(rt: Runtime, prompt: str, show: str) -> str:
    say(rt, f"/imagine {prompt}")
    return public_path(say(rt, f"/publish v1 {show}".strip()))


def test_leak_walk_then_metrics(pg_runtime: Runtime, pg_client: TestClient, site: Site) -> None:
    """One test on one shared site (module fixtures are built once per xdist worker)."""
    check_crawl_finds_only_what_was_published(pg_client, site)
    check_a_project_page_lists_that_project_only(pg_client, site)
    check_keyset_pages_are_complete_and_disjoint(pg_runtime, site)
    check_metrics_after_a_few_jobs(pg_client)


def check_crawl_finds_only_what_was_published(pg_client: TestClient, site: Site) -> None:
    pages = crawl(pg_client, "/")
    text = "\n".join(pages.values()).lower()
    for secret in SECRETS:
        assert secret not in text, f"{secret} leaked"
    shown = {p for p in pages if p.startswith("/v/")}
    assert shown == site.public | {site.owl}
    for gone in site.gone:
        assert gone not in pages
        assert pg_client.get(gone).status_code == 410
        assert pg_client.get(f"/i/{gone.removeprefix('/v/')}/original").status_code == 410
    assert site.project in pages  # reached through a page's project link


def check_a_project_page_lists_that_project_only(pg_client: TestClient, site: Site) -> None:
    page = pg_client.get(site.project).text
    assert "zoemark" not in page.lower()
    assert {p for p in links(page) if p.startswith("/v/")} == site.public
    searched = pg_client.get(site.project, params={"q": "zoemark"}).text
    assert not {p for p in links(searched) if p.startswith("/v/")}


def check_keyset_pages_are_complete_and_disjoint(pg_runtime: Runtime, site: Site) -> None:
    gallery = PublicGallery(pg_runtime.db)
    seen: list[str] = []
    cursor = None
    while True:
        page = gallery.index(older_than=cursor, limit=2)
        seen += [f"/v/{i.public_id}" for i in page.images]
        if page.older is None:
            break
        cursor = page.older
    assert len(seen) == len(set(seen)) == 3
    assert set(seen) == site.public | {site.owl}
    assert seen[0] == site.owl  # newest first


def samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return found


def check_metrics_after_a_few_jobs(pg_client: TestClient) -> None:
    response = pg_client.get("/metrics")
    assert response.headers["content-type"].startswith("text/plain; version=")
    found = samples(response.text)
    local = frozenset({("state", "succeeded"), ("model", "local")})
    assert found[("lightbox_jobs", local)] >= 6
    where = frozenset({("provider", "local"), ("model", "local")})
    count = found[("lightbox_provider_seconds_count", where)]
    assert count >= 6
    assert found[("lightbox_provider_seconds_bucket", where | {("le", "+Inf")})] == count
    buckets = [
        v for (name, labels), v in found.items() if name.endswith("_bucket") and labels >= where
    ]
    assert len(buckets) == len(BUCKETS) + 1 and buckets == sorted(buckets)
    assert found[("lightbox_queue_depth", frozenset({("source", "database")}))] == 0
    assert ("lightbox_credits_spent_total", frozenset()) in found


def test_health_and_readiness(migrated: dict[str, str], tmp_path: Path) -> None:
    db, storage = Database.from_url(migrated["postgres"]), LocalStorage(tmp_path)
    plain = TestClient(build_app(db, storage))
    assert plain.get("/healthz").json() == {"status": "ok"}
    ready = plain.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"database": "ok", "storage": "ok"}
    redis = Redis.from_url(REDIS_URL)
    up = build_app(db, storage, redis_ping=lambda: _ping(redis))
    assert TestClient(up).get("/readyz").json()["checks"]["redis"] == "ok"
    down = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.2)
    refused = TestClient(build_app(db, storage, redis_ping=lambda: _ping(down)))
    answer = refused.get("/readyz")
    assert answer.status_code == 503
    assert answer.json()["checks"]["redis"] == "unreachable: ConnectionError"
    db.dispose()


def _ping(client: Redis) -> None:
    client.ping()


def test_delivery_failures_are_labelled_by_a_small_set_of_reasons() -> None:
    assert reason_of("lost access (kicked): 403 Forbidden") == "lost_access"
    assert reason_of("refused: 400 Bad Request: message is too long") == "refused"
    assert reason_of("gave up after 5 attempts: timeout") == "gave_up"
    assert reason_of("something new") == "other" and reason_of(None) == "other"
