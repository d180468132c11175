"""Fake Gemini and fal.ai servers (aiohttp on 127.0.0.1) for end-to-end runs over real sockets.

Prompt words script the answer: "[safety]" → a safety block, "[busy]" → 429 whose body carries
`google.rpc.RetryInfo {retryDelay: "1s"}` (Gemini sends no Retry-After header),
"[broken]" → a malformed body. `latency` delays every generation (for load benchmarks).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import io
import itertools
import threading
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from PIL import Image


def fake_png(width: int = 64, height: int = 64, colour: str = "orange") -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buf, format="PNG")
    return buf.getvalue()


@dataclass
class FakeProviderServer:
    """One aiohttp server answering both the Gemini and the fal.ai queue API shapes."""

    gemini_key: str = "fake-gemini-key"
    fal_key: str = "fake-fal-key"
    latency: float = 0.0
    polls_before_done: int = 1
    url: str = ""
    in_flight: int = 0  # generateContent calls the server is answering right now
    peak_in_flight: int = 0  # the most of them at once (the worker's real concurrency)
    gate: int = 0  # above 0: answers wait until this many calls are in flight (at most 30 s)
    seen: list[tuple[str, str]] = field(default_factory=list)
    bodies: list[dict[str, Any]] = field(default_factory=list)
    cancelled: set[str] = field(default_factory=set)
    _gate_open: asyncio.Event | None = None
    _jobs: dict[str, dict[str, Any]] = field(default_factory=dict)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    def start(self) -> str:
        """Serve on a free port in a background thread; return the base URL."""
        ready = threading.Event()
        self._loop = asyncio.new_event_loop()

        async def boot() -> None:
            app = web.Application()
            app.router.add_route("*", "/{tail:.*}", self._dispatch)
            self._runner = web.AppRunner(app)
            await self._runner.setup()
            site = web.TCPSite(self._runner, "127.0.0.1", 0)
            await site.start()
            self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
            ready.set()

        def serve() -> None:
            self._loop.run_until_complete(boot())
            self._loop.run_forever()

        self._thread = threading.Thread(target=serve, daemon=True)
        self._thread.start()
        ready.wait(10)
        self.url = f"http://127.0.0.1:{self.port}"
        return self.url

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        self.seen.append((request.method, path))
        if path.startswith("/v1beta/models/") and path.endswith(":generateContent"):
            return await self._gemini(request)
        if path.startswith("/files/"):
            return web.Response(body=fake_png(), content_type="image/png")
        if request.headers.get("Authorization") != f"Key {self.fal_key}":
            return web.json_response({"detail": "Unauthorized"}, status=401)
        if request.method == "POST":
            return await self._fal_submit(request)
        parts = path.strip("/").split("/")
        if len(parts) >= 4 and parts[2] == "requests":
            return self._fal_request(request.method, parts[3], parts[4:])
        return web.json_response({"detail": "Not Found"}, status=404)

    async def _gemini(self, request: web.Request) -> web.Response:
        if request.headers.get("x-goog-api-key") != self.gemini_key:
            error = {"code": 400, "message": "API key not valid.", "status": "INVALID_ARGUMENT"}
            return web.json_response({"error": error}, status=400)
        body = await request.json()
        self.bodies.append(body)
        prompt = body["contents"][0]["parts"][0]["text"]
        self.in_flight += 1  # the server's own loop thread: no lock needed
        self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.latency)
            if self.gate:
                await self._gated()
        finally:
            self.in_flight -= 1
        if "[busy]" in prompt:
            retry = {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "1s"}
            error = {
                "code": 429,
                "message": "You exceeded your current quota, please check your plan and billing "
                "details.",
                "status": "RESOURCE_EXHAUSTED",
                "details": [retry],
            }
            return web.json_response({"error": error}, status=429)
        if "[broken]" in prompt:
            return web.Response(text="<html>bad gateway</html>", content_type="text/html")
        if "[safety]" in prompt:
            return web.json_response({"candidates": [{"finishReason": "IMAGE_SAFETY"}]})
        data = base64.b64encode(fake_png()).decode()
        parts = [{"text": "Here it is."}, {"inlineData": {"mimeType": "image/png", "data": data}}]
        return web.json_response(
            {"candidates": [{"content": {"parts": parts}, "finishReason": "STOP"}]}
        )

    async def _gated(self) -> None:
        """Hold the answer until `gate` calls are in flight at once (or 30 s went by)."""
        if self._gate_open is None:
            self._gate_open = asyncio.Event()  # the server's loop: made on its first call
        if self.peak_in_flight >= self.gate:
            self._gate_open.set()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._gate_open.wait(), 30)

    async def _fal_submit(self, request: web.Request) -> web.Response:
        app = "/".join(request.path.strip("/").split("/")[:2])
        payload = await request.json()
        request_id = f"req-{next(self._ids)}"
        self._jobs[request_id] = {"polls": 0, "input": payload}
        base = f"http://127.0.0.1:{self.port}/{app}/requests/{request_id}"
        urls = {
            "status_url": f"{base}/status",
            "response_url": base,
            "cancel_url": f"{base}/cancel",
        }
        return web.json_response({"request_id": request_id, **urls, "queue_position": 2})

    def _fal_request(self, method: str, request_id: str, rest: list[str]) -> web.Response:
        job = self._jobs.get(request_id)
        if job is None:
            return web.json_response({"detail": "Request not found"}, status=404)
        if rest == ["cancel"] and method == "PUT":
            if job["polls"] > self.polls_before_done:
                return web.json_response({"status": "ALREADY_COMPLETED"}, status=400)
            self.cancelled.add(request_id)
            return web.json_response({"status": "CANCELLATION_REQUESTED"}, status=202)
        if rest == ["status"]:
            job["polls"] += 1
            if request_id in self.cancelled:
                return web.json_response({"status": "COMPLETED", "error": "Request was cancelled"})
            if job["polls"] <= self.polls_before_done:
                return web.json_response({"status": "IN_QUEUE", "queue_position": 1}, status=202)
            return web.json_response({"status": "COMPLETED"})
        if "[safety]" in job["input"].get("prompt", ""):
            return web.json_response({"images": [], "has_nsfw_concepts": [True]})
        image = {"url": f"http://127.0.0.1:{self.port}/files/{request_id}.png", "width": 64}
        seed = job["input"].get("seed")
        return web.json_response({"images": [image], "seed": seed, "has_nsfw_concepts": [False]})
