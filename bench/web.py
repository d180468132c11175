"""Part "web": page render and gallery index p99 over 100k published versions on PostgreSQL
(rows written with COPY; requests through the real app in process, no network)."""

from __future__ import annotations

import random
import statistics
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg

from bench.common import TINY_PNG
from core.db import Database
from core.publishing import new_public_id
from core.storage import LocalStorage
from web.app import build_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

ADJECTIVES = ("red", "misty", "golden", "quiet", "neon", "ancient", "tiny", "stormy", "pale")
SUBJECTS = ("fox", "lighthouse", "owl", "harbour", "robot", "forest", "castle", "dancer", "ship")
STYLES = ("oil painting", "photograph", "watercolour", "pixel art", "ink sketch", "3d render")
MODELS = ("local", "flux", "gemini", "sdxl")
PAGE_LIMIT = 50.0
INDEX_LIMIT = 100.0


@dataclass
class WebTimes:
    """Milliseconds per request of each kind, and how long writing the rows took."""

    rows: int
    seeded_seconds: float
    timings: dict[str, list[float]]


def _seed(url: str, rows: int, sha: str, rng: random.Random) -> list[str]:
    """Write one user, ten projects (three public), `rows` versions each published; returns
    the public ids."""
    start = datetime(2026, 1, 1, tzinfo=UTC)
    cards = rows // 10
    public_ids = [new_public_id() for _ in range(rows)]
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        conn.execute(
            'INSERT INTO "user" (id, platform, platform_user_id, display_name, created_at) '
            "VALUES (1, 'bench', 'alice', 'Alice', now())"
        )
        for p in range(1, 11):
            conn.execute(
                "INSERT INTO project (id, name, created_by, join_role, created_at) "
                "VALUES (%s, %s, 1, 'editor', now())",
                (p, f"project {p}"),
            )
        for p in (1, 2, 3):
            conn.execute(
                "INSERT INTO publicproject (project_id, public_id, public_name, opted_in_by, "
                "opted_in_at) VALUES (%s, %s, %s, 1, now())",
                (p, new_public_id(), f"Studio {p}"),
            )
        with conn.cursor().copy(
            "COPY card (id, project_id, title, prompt, saved_prompt, negative_prompt, model, "
            "resolution, aspect_ratio, count, status, author_id, created_at, updated_at) "
            "FROM STDIN"
        ) as copy:
            for c in range(1, cards + 1):
                when = start + timedelta(minutes=c)
                copy.write_row(
                    (
                        c,
                        c % 10 + 1,
                        f"card {c}",
                        "",
                        "",
                        "",
                        "local",
                        "1K",
                        "1:1",
                        1,
                        "done",
                        1,
                        when,
                        when,
                    )
                )
        with conn.cursor().copy(
            "COPY version (id, card_id, number, prompt, negative_prompt, model, resolution, "
            "aspect_ratio, width, height, seed, ref_ids, source, status, image_sha, provider, "
            "review, created_by, created_at, finished_at, operation, op_params) FROM STDIN"
        ) as copy:
            for v in range(1, rows + 1):
                when = start + timedelta(seconds=v * 6)
                prompt = (
                    f"a {rng.choice(ADJECTIVES)} {rng.choice(SUBJECTS)}, {rng.choice(STYLES)}"
                    + (" with a zeppelin" if v % 1000 == 0 else "")
                )
                copy.write_row(
                    (
                        v,
                        (v - 1) // 10 + 1,
                        (v - 1) % 10 + 1,
                        prompt,
                        "",
                        MODELS[v % 4],
                        "1K",
                        "1:1",
                        1024,
                        1024,
                        v,
                        "[]",
                        "generated",
                        "done",
                        sha,
                        "local",
                        "none",
                        1,
                        when,
                        when,
                        "generate",
                        "{}",
                    )
                )
        with conn.cursor().copy(
            "COPY publication (id, public_id, version_id, project_id, model, show_prompt, author, "
            "published_by, published_at) FROM STDIN"
        ) as copy:
            for v in range(1, rows + 1):
                card = (v - 1) // 10 + 1
                copy.write_row(
                    (
                        v,
                        public_ids[v - 1],
                        v,
                        card % 10 + 1,
                        MODELS[v % 4],
                        v % 5 != 0,
                        "Alice",
                        1,
                        start + timedelta(seconds=v * 6 + 1),
                    )
                )
        for table in ("card", "version", "publication", "project", "user"):
            conn.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                f'(SELECT max(id) FROM "{table}"))'
            )
        conn.commit()
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE")  # as autovacuum would: the trigram index's pending list
    return public_ids


def _time(get: Callable[[], int], repeats: int) -> list[float]:
    found = []
    for _ in range(repeats):
        begun = time.perf_counter()
        status = get()
        found.append((time.perf_counter() - begun) * 1000)
        assert status == 200, f"status {status}"
    return found


def run_web(url: str, workdir: Path, *, rows: int = 100_000, repeats: int = 300) -> WebTimes:
    db = Database.from_url(url)
    db.migrate()
    storage = LocalStorage(workdir / "images")
    sha = storage.put_image(TINY_PNG).sha256
    rng = random.Random(13)
    begun = time.perf_counter()
    public_ids = _seed(url, rows, sha, rng)
    seeded = time.perf_counter() - begun
    client = TestClient(build_app(db, storage, public_url="https://gallery.example"))
    middle = public_ids[rows // 2]
    with db.engine.connect() as conn:
        project = conn.exec_driver_sql("SELECT public_id FROM publicproject LIMIT 1").scalar()
    kinds: dict[str, Callable[[], int]] = {
        "page /v/<id> (random of 100k)": lambda: (
            client.get(f"/v/{rng.choice(public_ids)}").status_code
        ),
        "image 320.webp (cached thumb)": lambda: (
            client.get(f"/i/{rng.choice(public_ids)}/320.webp").status_code
        ),
        "index, first page": lambda: client.get("/").status_code,
        "index, page at 50k (keyset)": lambda: (
            client.get("/", params={"older": middle}).status_code
        ),
        "index, model filter": lambda: client.get("/", params={"model": "flux"}).status_code,
        "index, search (common word)": lambda: client.get("/", params={"q": "fox"}).status_code,
        "index, search (1 in 1000)": lambda: client.get("/", params={"q": "zeppelin"}).status_code,
        "project page": lambda: client.get(f"/p/{project}").status_code,
        "/metrics": lambda: client.get("/metrics").status_code,
    }
    timings = {}
    for name, get in kinds.items():
        _time(get, 10)  # warm caches, thumbnails and plans
        timings[name] = _time(get, repeats if not name.startswith("/metrics") else 30)
    db.dispose()
    return WebTimes(rows, seeded, timings)


def web_table(result: WebTimes) -> list[str]:
    lines = [
        f"web gallery on PostgreSQL: {result.rows:,} published versions "
        f"(written in {result.seeded_seconds:.1f} s); ms per request through the app in process",
        f"  {'request':<32} {'p50':>8} {'p99':>8} {'max':>8}",
    ]
    for name, found in result.timings.items():
        ordered = sorted(found)
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
        limit = PAGE_LIMIT if name.startswith("page") else INDEX_LIMIT
        flag = " OVER" if name.startswith(("page", "index, first")) and p99 > limit else ""
        lines.append(
            f"  {name:<32} {statistics.median(found):8.1f} {p99:8.1f} {ordered[-1]:8.1f}{flag}"
        )
    lines.append(
        f"  targets: page p99 ≤ {PAGE_LIMIT:g} ms, first index page p99 ≤ {INDEX_LIMIT:g} ms"
    )
    return lines
