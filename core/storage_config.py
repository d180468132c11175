"""Chooses the image store from settings: a local folder (embedded default) or an S3 bucket."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from core.errors import LightboxError
from core.images import ImageLimits
from core.ports import Storage
from core.settings import Settings
from core.settings_sections import S3Settings
from core.storage import LocalStorage


def s3_client(s3: S3Settings) -> Any:
    """A boto3 S3 client for these settings (path-style addressing, which every
    S3-compatible server accepts; bounded retries and timeouts)."""
    import boto3  # only processes configured for S3 pay for importing it
    from botocore.config import Config

    secret = s3.secret_access_key.get_secret_value() if s3.secret_access_key else None
    return boto3.client(
        "s3",
        endpoint_url=s3.endpoint_url,
        region_name=s3.region,
        aws_access_key_id=s3.access_key_id,
        aws_secret_access_key=secret,
        config=Config(
            signature_version="s3v4",
            s3={"addressing_style": "path"},
            retries={"max_attempts": 3, "mode": "standard"},
            connect_timeout=5,
            read_timeout=30,
            max_pool_connections=64,
        ),
    )


def open_storage(settings: Settings, limits: ImageLimits | None = None) -> Storage:
    """The store LIGHTBOX_STORAGE_URL names, else the folder LIGHTBOX_STORAGE_DIR (or
    `<data_dir>/images`); uploads are limited to LIGHTBOX_MAX_UPLOAD_MB unless `limits` says."""
    limits = limits or ImageLimits(max_bytes=int(settings.max_upload_mb * 1024 * 1024))
    if not settings.storage_url:
        return LocalStorage(settings.resolved_storage_dir, limits)
    from core.storage_s3 import S3Storage

    parts = urlsplit(settings.storage_url)
    client = s3_client(settings.s3)
    return S3Storage(client, parts.netloc, parts.path, limits, url_seconds=settings.s3.url_seconds)


def check_bucket(settings: Settings) -> str:
    """Raise LightboxError naming the setting unless the bucket of LIGHTBOX_STORAGE_URL answers;
    return what was checked (for `lightbox doctor`)."""
    from botocore.exceptions import BotoCoreError, ClientError

    assert settings.storage_url
    bucket = urlsplit(settings.storage_url).netloc
    where = settings.s3.endpoint_url or "AWS S3"
    try:
        s3_client(settings.s3).head_bucket(Bucket=bucket)
    except ClientError as exc:
        code = exc.response.get("Error", {}).get("Code", "")
        hint = {
            "404": "it does not exist: create it first",
            "403": "access is denied: check LIGHTBOX_S3_ACCESS_KEY_ID and …_SECRET_ACCESS_KEY",
        }.get(str(code), f"the server answered {code}")
        raise LightboxError(f"LIGHTBOX_STORAGE_URL: bucket {bucket} at {where}: {hint}") from None
    except BotoCoreError as exc:
        raise LightboxError(
            f"LIGHTBOX_STORAGE_URL: bucket {bucket} at {where} does not answer ({exc}); "
            "check LIGHTBOX_S3_ENDPOINT_URL"
        ) from None
    return f"bucket {bucket} at {where} answers"
