"""Fixtures of the storage tests: one S3 server process per test session, a bucket per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from core.images import ImageLimits
from core.ports import Storage
from core.storage import LocalStorage
from core.storage_s3 import S3Storage
from tests.storage.s3_server import S3Server, running_s3

LIMITS = ImageLimits(max_bytes=25 * 1024 * 1024)


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    with running_s3(tmp_path_factory.mktemp("s3") / "moto.log") as server:
        yield server


def s3_storage(server: S3Server, prefix: str = "images") -> S3Storage:
    """An S3Storage on a fresh bucket of `server`, built as `open_storage` builds it."""
    return S3Storage(server.client, server.new_bucket(), prefix, LIMITS)


@pytest.fixture(params=["local", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Storage:
    """Each storage backend in turn: the contract holds for both."""
    if request.param == "local":
        return LocalStorage(tmp_path / "images", LIMITS)
    server: S3Server = request.getfixturevalue("s3_server")
    return s3_storage(server)
