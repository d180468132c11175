"""A slow platform fake on loopback: counts provider calls and posts per version."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class SlowPlatform:
    """POST /post answers after `latency` seconds with a new message id; POST /provider counts."""

    def __init__(self, latency: float):
        self.latency = latency
        self.lock = threading.Lock()
        self.posts: Counter[int] = Counter()
        self.provider_calls = 0
        self.last_post = 0.0
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                length = int(self.headers.get("Content-Length", 0))
                body: dict[str, Any] = json.loads(self.rfile.read(length) or b"{}")
                answer = platform.handle(self.path, body)
                data = json.dumps(answer).encode()
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the worker was killed while the platform answered

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> SlowPlatform:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(5)

    def handle(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        if path == "/provider":
            with self.lock:
                self.provider_calls += 1
            return {}
        with self.lock:
            self.posts[int(body["version_id"])] += 1
            self.last_post = time.monotonic()
            message_id = sum(self.posts.values())
        time.sleep(self.latency)  # the post is up; the answer is still on its way
        return {"message_id": message_id}
