"""`python -m bench.profile`: cProfile of the command and worker paths, project functions first."""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import re
import tempfile
from pathlib import Path

from bench.commands import REVIEWED, bench_runtime, prepare_reviewed
from bench.common import (
    ACTOR,
    BACKENDS,
    PLACE,
    PLATFORM,
    REDIS_URL,
    TINY_PNG,
    TimedSink,
    ZeroProvider,
    bench_settings,
    drop_namespace,
    throwaway_database,
    unique_namespace,
)
from bot.router import CommandRouter
from workers.runtime import Runtime

ROOT = re.escape(str(Path(__file__).resolve().parents[1]))
PROJECT = ROOT + r"/(bot|core|workers)/|psycopg/connection.py:\d+\(wait\)"


def _print(title: str, profile: cProfile.Profile, calls: int, limit: int) -> None:
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats("cumulative").print_stats(PROJECT, limit)
    print(f"== {title}: {calls} calls; cumulative seconds under cProfile ==")
    print("\n".join(line for line in out.getvalue().splitlines() if line.strip())[-6000:])


def profile_commands(url: str, data_dir: Path, calls: int, limit: int) -> None:
    namespace = unique_namespace("profile")
    try:
        card_id, ids = prepare_reviewed(url, data_dir, namespace)
        rt = bench_runtime(url, data_dir, namespace)
        try:
            router = CommandRouter(rt.studio)
            router.handle(ACTOR, PLACE, f"/open {card_id}")
            review = cProfile.Profile()
            for i in range(calls):
                number = i % REVIEWED + 1
                review.enable()
                router.handle(ACTOR, PLACE, f"/approve v{number}")
                review.disable()
                router.handle(ACTOR, PLACE, f"/press reject {ids[number]}")
            _print("/approve v<n>", review, calls, limit)
            router.handle(ACTOR, PLACE, "/card new a paper boat on a pond --n 1")
            new = cProfile.Profile()
            new.enable()
            for _ in range(calls):
                router.handle(ACTOR, PLACE, "/new")
            new.disable()
            _print("/new", new, calls, limit)
        finally:
            rt.stop()
    finally:
        drop_namespace(REDIS_URL, namespace)


def profile_worker(url: str, data_dir: Path, calls: int, limit: int) -> None:
    """GenerationRunner.run and DeliveryRunner.run called inline (no broker in the way)."""
    rt = Runtime(
        bench_settings(url, data_dir, redis_url=None),
        sinks={PLATFORM: TimedSink()},
        providers={"local": ZeroProvider(TINY_PNG)},
    )
    try:
        rt.migrate()
        router = CommandRouter(rt.studio)
        router.handle(ACTOR, PLACE, "/project new Profile")
        router.handle(ACTOR, PLACE, "/card new a red fox in snow --n 1")
        jobs = [router.handle(ACTOR, PLACE, "/new").job_ids[0] for _ in range(calls)]
        generation, delivery = cProfile.Profile(), cProfile.Profile()
        for job_id in jobs:
            generation.enable()
            result = rt.generation.run(job_id)
            generation.disable()
            delivery.enable()
            for delivery_id, _platform in result.deliveries:
                rt.deliveries.run(delivery_id)
            delivery.disable()
        _print("GenerationRunner.run (zero-latency provider)", generation, calls, limit)
        _print("DeliveryRunner.run", delivery, calls, limit)
    finally:
        rt.stop()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__)
    parser.add_argument("--backend", choices=BACKENDS, default="postgres")
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--limit", type=int, default=25, help="rows per profile")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lightbox-profile-") as tmp:
        workdir = Path(tmp)
        with throwaway_database(args.backend, workdir, "profile_cmd") as url:
            profile_commands(url, workdir / "cmd", args.calls, args.limit)
        with throwaway_database(args.backend, workdir, "profile_jobs") as url:
            profile_worker(url, workdir / "jobs", args.calls, args.limit)


if __name__ == "__main__":
    main()
