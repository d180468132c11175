"""A `lightbox worker` for the chaos runs: tiny images, a slow provider and a slow HTTP platform.

Run as `python -m bench.chaos_worker --namespace NS --platform-url URL --delay 0.8` with the
LIGHTBOX_* environment (database, Redis, data dir, recovery settings). Every provider call and
every post goes through the platform fake, which counts them; a kill can land anywhere.
"""

from __future__ import annotations

import argparse
import faulthandler
import logging
import os
import signal
import threading
import time

import httpx

from bench.common import PLATFORM, TINY_PNG
from core.errors import RetryLater
from core.ports import GenerationRequest, GenerationResult
from core.settings import load_settings
from core.views import VersionView
from workers.runtime import Runtime


class CountedProvider:
    """Tells the fake it was called, then takes `delay` seconds to "draw" a tiny image."""

    name = "local"

    def __init__(self, client: httpx.Client, delay: float):
        self.client = client
        self.delay = delay

    def generate(self, request: GenerationRequest) -> GenerationResult:
        self.client.post("/provider", json={"pid": os.getpid()})
        time.sleep(self.delay)
        return GenerationResult(data=TINY_PNG, mime="image/png", provider=self.name, seconds=0.0)


class HttpSink:
    """Posts a version to the platform fake (no idempotency key: like Telegram's sendPhoto)."""

    platform = PLATFORM

    def __init__(self, client: httpx.Client):
        self.client = client

    def post(self, view: VersionView, target: str, message_id: str | None) -> str:
        try:
            answer = self.client.post("/post", json={"version_id": view.version_id})
        except httpx.HTTPError as exc:
            raise RetryLater(f"platform unreachable: {exc}") from exc
        return str(answer.json()["message_id"])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--namespace", required=True)
    parser.add_argument("--platform-url", required=True)
    parser.add_argument("--delay", type=float, default=0.8, help="provider seconds per image")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    client = httpx.Client(base_url=args.platform_url, timeout=30)
    runtime = Runtime(
        load_settings(),
        providers={"local": CountedProvider(client, args.delay)},
        sinks={PLATFORM: HttpSink(client)},
        namespace=args.namespace,
    )
    faulthandler.register(signal.SIGUSR1, all_threads=True)  # a stuck stop explains itself
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    runtime.start_worker(platforms=[PLATFORM], threads=args.threads)
    print(f"worker ready (pid {os.getpid()})", flush=True)
    stop.wait()
    runtime.stop()
    client.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
