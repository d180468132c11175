"""A fal.ai-shaped queue server for the bench: IN_QUEUE until `latency` seconds after submit."""

from __future__ import annotations

import asyncio
import itertools
import threading
import time
from dataclasses import dataclass, field

from aiohttp import web

from bench.common import TINY_PNG

FAL_KEY = "bench-fal-key"


@dataclass
class FalStats:
    """What the fake saw: requests by kind and the peak of submitted-but-not-fetched jobs."""

    submits: int = 0
    polls: int = 0
    results: int = 0
    downloads: int = 0
    peak_pending: int = 0


@dataclass
class _Job:
    submitted: float
    done_at: float
    fetched: bool = False


@dataclass
class FalQueueFake:
    """Serves fal's queue API (submit, status, result, cancel, image) on 127.0.0.1.

    Unlike the test fake, the remote job takes wall time: status is IN_QUEUE until `latency`
    seconds after the submit, then COMPLETED; nothing holds a connection open meanwhile.
    """

    latency: float = 10.0
    key: str = FAL_KEY
    url: str = ""
    stats: FalStats = field(default_factory=FalStats)
    _jobs: dict[str, _Job] = field(default_factory=dict)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> FalQueueFake:
        ready = threading.Event()
        self._loop = asyncio.new_event_loop()

        async def boot() -> None:
            app = web.Application()
            app.router.add_route("*", "/{tail:.*}", self._dispatch)
            self._runner = web.AppRunner(app, access_log=None)
            await self._runner.setup()
            site = web.TCPSite(self._runner, "127.0.0.1", 0)
            await site.start()
            port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
            self.url = f"http://127.0.0.1:{port}"
            ready.set()

        def serve() -> None:
            self._loop.run_until_complete(boot())
            self._loop.run_forever()

        self._thread = threading.Thread(target=serve, name="bench-fal-fake", daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("the fal fake did not start")
        return self

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    def _pending(self) -> int:
        return sum(1 for job in self._jobs.values() if not job.fetched)

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        parts = request.path.strip("/").split("/")
        if parts[:1] == ["files"]:
            with self._lock:
                self.stats.downloads += 1
            return web.Response(body=TINY_PNG, content_type="image/png")
        if request.headers.get("Authorization") != f"Key {self.key}":
            return web.json_response({"detail": "Unauthorized"}, status=401)
        if request.method == "POST":
            await request.read()
            return self._submit("/".join(parts[:2]))
        if len(parts) >= 4 and parts[2] == "requests":
            return self._request(request.method, parts[3], parts[4:])
        return web.json_response({"detail": "Not Found"}, status=404)

    def _submit(self, app: str) -> web.Response:
        now = time.monotonic()
        with self._lock:
            request_id = f"req-{next(self._ids)}"
            self._jobs[request_id] = _Job(now, now + self.latency)
            self.stats.submits += 1
            pending = self._pending()
            self.stats.peak_pending = max(self.stats.peak_pending, pending)
        base = f"{self.url}/{app}/requests/{request_id}"
        urls = {
            "status_url": f"{base}/status",
            "response_url": base,
            "cancel_url": f"{base}/cancel",
        }
        return web.json_response({"request_id": request_id, "queue_position": pending, **urls})

    def _request(self, method: str, request_id: str, rest: list[str]) -> web.Response:
        with self._lock:
            job = self._jobs.get(request_id)
            if job is None:
                return web.json_response({"detail": "Request not found"}, status=404)
            if rest == ["cancel"] and method == "PUT":
                job.fetched = True
                return web.json_response({"status": "CANCELLATION_REQUESTED"}, status=202)
            if rest == ["status"]:
                self.stats.polls += 1
                if time.monotonic() < job.done_at:
                    return web.json_response(
                        {"status": "IN_QUEUE", "queue_position": 0}, status=202
                    )
                return web.json_response({"status": "COMPLETED"})
            self.stats.results += 1
            job.fetched = True
        image = {"url": f"{self.url}/files/{request_id}.png", "width": 8, "height": 8}
        return web.json_response({"images": [image], "seed": 1, "has_nsfw_concepts": [False]})
