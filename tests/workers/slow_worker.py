"""A `lightbox worker` stand-in for tests: a slow local provider, a test namespace, a quick sweep.

Run as `python -m tests.workers.slow_worker --namespace NS --delay 3` with the LIGHTBOX_*
environment (database, Redis, data dir, stale seconds). It consumes the generation queue only,
prints "worker ready" once consuming, and runs until SIGTERM (or is killed).
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import threading

from core.settings import load_settings
from workers.providers.local import LocalProvider
from workers.runtime import Runtime


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--namespace", required=True)
    parser.add_argument("--delay", type=float, default=0.0, help="provider delay in seconds")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--sweep-interval", type=float, default=0.5)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    runtime = Runtime(
        load_settings(),
        providers={"local": LocalProvider(delay_seconds=args.delay)},
        namespace=args.namespace,
    )
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    runtime.start_worker(
        generate=True, platforms=[], threads=args.threads, sweep_interval=args.sweep_interval
    )
    print(f"worker ready (pid {os.getpid()})", flush=True)
    stop.wait()
    runtime.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
