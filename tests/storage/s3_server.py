"""A real S3-compatible server process for tests: moto's standalone server on a free port."""

from __future__ import annotations

import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from core.settings_sections import S3Settings
from core.storage_config import s3_client
from tests.waiting import wait_until

ACCESS_KEY = "lightbox-test"
SECRET_KEY = "lightbox-test-secret"
REGION = "us-east-1"


@dataclass
class S3Server:
    """Where the server listens and the settings a Lightbox process needs to use it."""

    endpoint: str
    _client: Any = None

    @property
    def client(self) -> Any:
        """One boto3 client for the whole session (making one costs a few hundred ms)."""
        if self._client is None:
            self._client = s3_client(self.settings())
        return self._client

    def settings(self) -> S3Settings:
        return S3Settings(
            endpoint_url=self.endpoint,
            region=REGION,
            access_key_id=ACCESS_KEY,
            secret_access_key=SECRET_KEY,  # type: ignore[arg-type]
            _env_file=None,  # type: ignore[call-arg]
        )

    def env(self) -> dict[str, str]:
        """The LIGHTBOX_S3_* variables for a child process."""
        return {
            "LIGHTBOX_S3_ENDPOINT_URL": self.endpoint,
            "LIGHTBOX_S3_REGION": REGION,
            "LIGHTBOX_S3_ACCESS_KEY_ID": ACCESS_KEY,
            "LIGHTBOX_S3_SECRET_ACCESS_KEY": SECRET_KEY,
        }

    def new_bucket(self) -> str:
        """A fresh, empty bucket (one per test keeps tests apart on one server)."""
        name = f"lightbox-{uuid.uuid4().hex[:12]}"
        self.client.create_bucket(Bucket=name)
        return name


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(endpoint: str, proc: subprocess.Popen[bytes]) -> bool:
    if proc.poll() is not None:
        return True  # it died: stop waiting and report
    try:
        httpx.get(endpoint, timeout=1.0)
    except httpx.TransportError:
        return False
    return True


@contextmanager
def running_s3(log: Path) -> Iterator[S3Server]:
    """Start `python -m moto.server` on a free local port; stop it (and wait) on exit."""
    port = _free_port()
    endpoint = f"http://127.0.0.1:{port}"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until(lambda: _answers(endpoint, proc), "the S3 server to answer", timeout=60)
            assert proc.poll() is None, log.read_text(errors="replace")
            yield S3Server(endpoint)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
