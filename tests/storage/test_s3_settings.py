"""Choosing the store by settings: bad values named, the bucket checked before a start."""

from __future__ import annotations

import io
import socket
from pathlib import Path

import pytest
from PIL import Image

from bot.doctor import run_doctor
from core.errors import LightboxError, Permanent, RetryLater
from core.settings import Settings, load_settings
from core.storage import LocalStorage
from core.storage_config import check_bucket, open_storage, s3_client
from core.storage_s3 import S3Storage
from tests.storage.s3_server import S3Server


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (1, 2, 3)).save(out, "PNG")
    return out.getvalue()


def settings_for(server: S3Server, url: str | None, tmp_path: Path) -> Settings:
    return Settings(
        data_dir=tmp_path,
        storage_url=url,
        s3=server.settings(),
        database_url=f"sqlite:///{tmp_path / 'lb.db'}",
        _env_file=None,  # type: ignore[call-arg]
    )


@pytest.mark.parametrize(
    "url", ["http://bucket/x", "s3://", "s3://UPPER/x", "s3://a/x?versionId=1", "bucket"]
)
def test_a_storage_url_that_is_not_s3_is_refused_naming_the_form(
    monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    monkeypatch.setenv("LIGHTBOX_STORAGE_URL", url)
    with pytest.raises(LightboxError, match=r"LIGHTBOX_STORAGE_URL: must be s3://bucket"):
        load_settings(_env_file=None)


def test_an_endpoint_that_is_not_http_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIGHTBOX_S3_ENDPOINT_URL", "minio:9000")
    with pytest.raises(LightboxError, match="LIGHTBOX_S3_ENDPOINT_URL: must start with http"):
        load_settings(_env_file=None)


def test_the_url_picks_the_backend_and_its_prefix(s3_server: S3Server, tmp_path: Path) -> None:
    assert isinstance(open_storage(settings_for(s3_server, None, tmp_path)), LocalStorage)
    chosen = open_storage(settings_for(s3_server, "s3://my-bucket/team/images/", tmp_path))
    assert isinstance(chosen, S3Storage)
    assert (chosen.bucket, chosen.prefix) == ("my-bucket", "team/images/")
    assert chosen.key_of("a" * 64) == f"team/images/aa/{'a' * 64}"


def test_doctor_checks_the_bucket(s3_server: S3Server, tmp_path: Path) -> None:
    bucket = s3_server.new_bucket()
    good = settings_for(s3_server, f"s3://{bucket}/images", tmp_path)
    assert check_bucket(good) == f"bucket {bucket} at {s3_server.endpoint} answers"
    missing = settings_for(s3_server, "s3://no-such-bucket-here/images", tmp_path)
    with pytest.raises(LightboxError, match="no-such-bucket-here .*does not exist: create it"):
        check_bucket(missing)
    out = io.StringIO()
    assert run_doctor(missing, out) == 1
    assert "✗ storage: bucket no-such-bucket-here at http://127.0.0.1:" in out.getvalue()


def test_an_unreachable_store_is_retried_later_and_a_refusal_is_permanent(
    s3_server: S3Server, tmp_path: Path
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]  # nothing listens there once the socket closes
    gone = s3_server.settings().model_copy(update={"endpoint_url": f"http://127.0.0.1:{closed}"})
    unreachable = S3Storage(s3_client(gone), "any-bucket")
    with pytest.raises(RetryLater, match="image storage is unreachable"):
        unreachable.read("a" * 64)
    missing_bucket = S3Storage(s3_server.client, "no-such-bucket-here")
    with pytest.raises(Permanent, match="image storage refused .*NoSuchBucket"):
        missing_bucket.put_image(png())
