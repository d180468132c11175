"""Settings: defaults for the embedded setup, and invalid values named at start."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import LightboxError
from core.settings import load_settings


def test_embedded_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("LIGHTBOX_DATABASE_URL", "LIGHTBOX_REDIS_URL", "LIGHTBOX_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)
    settings = load_settings()
    assert settings.redis_url is None
    assert settings.resolved_database_url == f"sqlite:///{tmp_path / 'data' / 'lightbox.db'}"
    assert settings.resolved_storage_dir == tmp_path / "data" / "images"


def test_postgres_url_uses_psycopg(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIGHTBOX_DATABASE_URL", "postgresql://u@db:5432/lb")
    assert load_settings().resolved_database_url == "postgresql+psycopg://u@db:5432/lb"


def test_env_file_is_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LIGHTBOX_DEFAULT_MODEL", raising=False)
    (tmp_path / ".env").write_text("LIGHTBOX_WORKER_THREADS=7\n")
    assert load_settings().worker_threads == 7


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("LIGHTBOX_DATABASE_URL", "mysql://x", "sqlite:// or postgresql://"),
        ("LIGHTBOX_REDIS_URL", "http://x", "redis://"),
        ("LIGHTBOX_WORKER_THREADS", "0", "1 to 64"),
        ("LIGHTBOX_WORKER_THREADS", "many", "integer"),
        ("LIGHTBOX_JOB_MAX_RETRIES", "x", "integer"),
    ],
)
def test_invalid_setting_is_named(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, words: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(LightboxError) as caught:
        load_settings()
    assert name in str(caught.value) and words in str(caught.value)
