"""`lightbox console` on the S3 backend: versions delivered, bytes from S3, no local image file."""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import httpx
from PIL import Image, UnidentifiedImageError
from sqlmodel import Session, col, select

from core.db import Database
from core.models import Version
from tests.bot.test_console import console
from tests.conftest import wipe
from tests.storage.s3_server import S3Server

URL = re.compile(r"(http://127\.0\.0\.1:\d+/\S+)")


def is_image(path: Path) -> bool:
    try:
        with Image.open(path):
            return True
    except (UnidentifiedImageError, OSError):
        return False


def test_console_generates_into_s3_and_keeps_no_image_on_local_disk(
    migrated: dict[str, str], s3_server: S3Server, tmp_path: Path
) -> None:
    db_url = migrated["postgres"]
    wipe(db_url)
    bucket = s3_server.new_bucket()
    photo = tmp_path / "photo.png"
    Image.new("RGB", (320, 200), (200, 40, 40)).save(photo)
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    script = "\n".join(
        [
            "/project new Demo",
            "/imagine a lighthouse at dusk --n 2 --seed 3",
            f"/upload {photo}",
            "/version 1",
            "/approve",
            "/feed approved",
            "/press full 1",
        ]
    )
    env = {"LIGHTBOX_STORAGE_URL": f"s3://{bucket}/lightbox/images", **s3_server.env()}
    run = console(script + "\n", db_url, data_dir, extra_env=env)
    out = run.stdout
    assert run.returncode == 0, out + run.stderr
    assert "⚠️" not in out and "Traceback" not in run.stderr

    db = Database.from_url(db_url)
    try:
        with Session(db.engine) as session:
            versions = session.exec(select(Version).order_by(col(Version.number))).all()
    finally:
        db.dispose()
    assert [v.status for v in versions] == ["done", "done", "done"]
    keys = {v.image_sha for v in versions}

    # Every delivered version names a presigned S3 URL whose bytes hash to its key.
    shown = [URL.search(line) for line in out.splitlines() if line.strip().startswith("image: ")]
    assert len(shown) >= 3 and all(shown), out
    urls = {m.group(1) for m in shown if m}
    fetched = {hashlib.sha256(httpx.get(url).content).hexdigest() for url in urls}
    assert fetched == keys
    for key in keys:
        assert key is not None
        body = s3_server.client.get_object(Bucket=bucket, Key=f"lightbox/images/{key[:2]}/{key}")
        assert hashlib.sha256(body["Body"].read()).hexdigest() == key

    # The contact sheet and the full-size original come from S3 too.
    sheet = next(line for line in out.splitlines() if line.startswith("🖼  feed (approved)"))
    sheet_url = URL.search(sheet)
    assert sheet_url, sheet
    with Image.open(io.BytesIO(httpx.get(sheet_url.group(1)).content)) as picture:
        assert picture.format == "JPEG"
    full = next(line for line in out.splitlines() if line.startswith("🔍 v1: "))
    full_url = URL.search(full)
    assert full_url and hashlib.sha256(httpx.get(full_url.group(1)).content).hexdigest() in keys

    # Nothing image-like was written to the process's own disk.
    local = [p for p in data_dir.rglob("*") if p.is_file()]
    assert not [p for p in local if is_image(p)], local
    listed = s3_server.client.list_objects_v2(Bucket=bucket, Prefix="lightbox/images/thumbs/")
    assert listed.get("KeyCount", 0) >= 1  # the sheet's thumbnails live in the bucket as well
