"""A long history: feed and search p99 over many versions on PostgreSQL, rows made with COPY."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import psycopg

from bench.common import throwaway_database
from core import feed
from core.access import Role
from core.db import Database
from core.models import Project, User
from core.projects import Context

WORDS = (
    "harbour lighthouse fox snow dawn dusk market alley tower forest river bridge lantern "
    "storm meadow castle robot dragon garden desert canyon glacier village orchard"
).split()
RARE = "zeppelin"  # one version in RARE_EVERY carries it
RARE_EVERY = 10_000
VERSIONS_PER_CARD = 10
BIG_SHARE = 0.9  # the big team's project holds this share; 99 small projects share the rest


@dataclass(frozen=True)
class HistoryTimes:
    """p50/p99 milliseconds of each list query at one history size."""

    versions: int
    load_seconds: float
    timings: dict[str, tuple[float, float]]


def _prompt(rng: random.Random, n: int) -> str:
    words = " ".join(rng.choice(WORDS) for _ in range(8))
    return f"{words} {RARE}" if n % RARE_EVERY == 0 else words


def load(url: str, versions: int, seed: int = 7) -> float:
    """Users, 100 projects, cards and `versions` finished versions, written with COPY."""
    rng = random.Random(seed)
    now = datetime.now(UTC).replace(tzinfo=None)
    started = time.perf_counter()
    cards = max(versions // VERSIONS_PER_CARD, 1)
    plain = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain) as conn:
        with conn.cursor() as cur:
            with cur.copy(
                'COPY "user" (id, platform, platform_user_id, display_name, created_at) FROM STDIN'
            ) as copy:
                for uid in (1, 2):
                    copy.write_row((uid, "bench", f"u{uid}", f"User {uid}", now))
            with cur.copy(
                "COPY project (id, name, created_by, join_role, created_at) FROM STDIN"
            ) as copy:
                for pid in range(1, 101):
                    copy.write_row((pid, f"project {pid}", 1, "editor", now))
            with cur.copy(
                "COPY card (id, project_id, title, prompt, saved_prompt, negative_prompt, model, "
                "resolution, aspect_ratio, count, status, author_id, created_at, updated_at) "
                "FROM STDIN"
            ) as copy:
                for cid in range(1, cards + 1):
                    pid = 1 if rng.random() < BIG_SHARE else rng.randint(2, 100)
                    text = _prompt(rng, -1)
                    copy.write_row(
                        (cid, pid, text[:100], text, text, "", "local", "1K", "1:1", 1, "done",
                         1, now, now)
                    )  # fmt: skip
            with cur.copy(
                "COPY version (id, card_id, number, prompt, negative_prompt, model, resolution, "
                "aspect_ratio, width, height, seed, ref_ids, source, status, review, created_by, "
                "created_at, operation, op_params) FROM STDIN"
            ) as copy:
                for vid in range(1, versions + 1):
                    cid = (vid - 1) // VERSIONS_PER_CARD + 1
                    review = "approved" if vid % 7 == 0 else "none"
                    copy.write_row(
                        (vid, min(cid, cards), (vid - 1) % VERSIONS_PER_CARD + 1, _prompt(rng, vid),
                         "", "local", "1K", "1:1", 1024, 1024, vid, "[]", "generated", "done",
                         review, 1 + vid % 2, now, "generate", "{}")
                    )  # fmt: skip
            for table in ("user", "project", "card", "version"):
                cur.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                    f'(SELECT max(id) FROM "{table}"))'
                )
    with psycopg.connect(plain, autocommit=True) as conn:  # what autovacuum does in service:
        conn.execute("VACUUM ANALYZE")  # folds GIN's pending list into the index, counts rows
    return time.perf_counter() - started


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(q * len(ordered)), len(ordered) - 1)] * 1000


def measure(url: str, versions: int, load_seconds: float, repeats: int) -> HistoryTimes:
    """Time each query the feed, search and gallery pages run, `repeats` times each."""
    db = Database.from_url(url)
    try:
        with db.session() as session:
            user, big, small = (
                session.get(User, 1),
                session.get(Project, 1),
                session.get(Project, 50),
            )
            assert user is not None and big is not None and small is not None
            deep = versions // 2
            cases = {
                "feed, first page": lambda c: feed.feed(session, c),
                "feed, page deep in history": lambda c: feed.feed(session, c, before=deep),
                "feed approved": lambda c: feed.feed(session, c, "approved"),
                "feed mine": lambda c: feed.feed(session, c, "mine"),
                "search, common word": lambda c: feed.feed(session, c, search="harbour"),
                f"search, rare word (1 in {RARE_EVERY:,})": lambda c: feed.feed(
                    session, c, search=RARE
                ),
                "search, no match": lambda c: feed.feed(session, c, search="submarine"),
                "card search": lambda c: feed.search_cards(session, c, "lantern storm"),
            }
            timings: dict[str, tuple[float, float]] = {}
            for label, run in cases.items():
                for project, where in ((big, "big project"), (small, "small project")):
                    ctx = Context(user=user, project=project, role=Role.owner)
                    run(ctx)  # warm
                    spent = []
                    for _ in range(repeats):
                        start = time.perf_counter()
                        run(ctx)
                        spent.append(time.perf_counter() - start)
                    timings[f"{label} ({where})"] = (_p(spent, 0.5), _p(spent, 0.99))
    finally:
        db.dispose()
    return HistoryTimes(versions, load_seconds, timings)


def run_history(workdir: Path, sizes: tuple[int, ...], repeats: int) -> list[HistoryTimes]:
    """Each size on its own fresh PostgreSQL database."""
    results = []
    for size in sizes:
        with throwaway_database("postgres", workdir, f"history{size}") as url:
            db = Database.from_url(url)
            db.migrate()
            db.dispose()
            results.append(measure(url, size, load(url, size), repeats))
    return results


def history_table(results: list[HistoryTimes]) -> list[str]:
    lines = ["Feed and search over a long history (PostgreSQL; ms p50 / p99)"]
    for result in results:
        lines.append(
            f"  {result.versions:,} versions (loaded with COPY in {result.load_seconds:.1f} s)"
        )
        for label, (p50, p99) in result.timings.items():
            lines.append(f"    {label:<52} {p50:8.2f} {p99:8.2f}")
    lines.append("  target: feed and search p99 ≤ 50 ms at 1,000,000 versions")
    return lines
