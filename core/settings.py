"""Lightbox configuration from the environment (prefix LIGHTBOX_) and an optional .env file."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.errors import LightboxError
from core.settings_sections import (
    AssistantSettings,
    DiscordSettings,
    S3Settings,
    TelegramSettings,
)

PREFIXES = {
    "DiscordSettings": "LIGHTBOX_DISCORD_",
    "TelegramSettings": "LIGHTBOX_TELEGRAM_",
    "AssistantSettings": "LIGHTBOX_ASSISTANT_",
    "S3Settings": "LIGHTBOX_S3_",
}
# s3://bucket/optional/prefix; bucket names as S3 allows them (3-63 lowercase, digits, . and -).
_S3_URL = re.compile(r"s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(/[^?#]*)?")

_SECRET_QUERY = re.compile(r"((?:password|passwd|pass|token|secret|key)=)[^&#]*", re.IGNORECASE)


def mask_url(url: str) -> str:
    """`url` with its password (and secret-looking query values) replaced by ***."""
    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:
        password = None
        parts = None
    masked = url
    if parts is not None and password:
        user = parts.username or ""
        host = parts.netloc.rsplit("@", 1)[1]
        masked = url.replace(parts.netloc, f"{user}:***@{host}", 1)
    return _SECRET_QUERY.sub(r"\1***", masked)


def _check_port(url: str) -> None:
    try:
        urlsplit(url).port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        raise ValueError(f"the port in {mask_url(url)} is not a number from 1 to 65535") from None


def _check_folder(value: Path | None) -> Path | None:
    if value is not None and value.exists() and not value.is_dir():
        raise ValueError(f"{value} is a file, not a folder; name a folder Lightbox may write to")
    return value


class Settings(BaseSettings):
    """Every setting Lightbox reads; unset ones fall back to the embedded default."""

    model_config = SettingsConfigDict(env_prefix="LIGHTBOX_", env_file=".env", extra="ignore")

    data_dir: Path = Path("./data")
    database_url: str | None = None
    redis_url: str | None = None
    storage_dir: Path | None = None
    # s3://bucket/prefix keeps images in an S3-compatible bucket (see `s3`); unset: storage_dir.
    storage_url: str | None = None
    default_model: str | None = None
    # The admin's plans (TOML, beside the models file); none: one open default plan.
    plans_file: Path | None = None
    worker_threads: int = 4
    # Provider calls one worker process awaits at once (Gemini, OpenAI; no thread each).
    provider_calls: int = 1000
    max_upload_mb: float = 25.0
    job_max_retries: int = 3
    # A running job beats every stale/4 s; one silent for this long is taken over (dead worker).
    job_stale_seconds: float = 20.0
    # A queued job nobody claimed for this long is sent again (its broker message was lost).
    job_lost_seconds: float = 10.0
    sweep_seconds: float = 5.0
    # On SIGTERM a worker releases its jobs at once and waits this long for in-flight calls.
    shutdown_seconds: float = 5.0
    log_format: str = "text"  # "json": one object per line with the job/delivery/card ids
    discord_token: str | None = None
    telegram_token: str | None = None
    # The sections, read once with these settings and passed down from here.
    discord: DiscordSettings = Field(default_factory=DiscordSettings)
    telegram: TelegramSettings = Field(default_factory=TelegramSettings)
    assistant: AssistantSettings = Field(default_factory=AssistantSettings)
    s3: S3Settings = Field(default_factory=S3Settings)
    # The public web gallery (`lightbox web`; `lightbox run` starts it when the port is set).
    web_port: int | None = None
    web_host: str = "127.0.0.1"
    public_url: str = ""

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str | None) -> str | None:
        if value and not value.startswith(("sqlite", "postgresql")):
            raise ValueError("must start with sqlite:// or postgresql://")
        if value and value.startswith("postgresql"):
            _check_port(value)
            parts = urlsplit(value)
            host = parts.hostname or "host=" in parts.query
            if not host or not parts.path.strip("/"):
                raise ValueError(
                    f"{mask_url(value)} must name the host and the database, e.g. "
                    "postgresql://user:password@db.example:5432/lightbox"
                )
        return value

    @field_validator("redis_url")
    @classmethod
    def _known_redis(cls, value: str | None) -> str | None:
        if value == "":
            return None
        if value and not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("must start with redis://, rediss:// or unix://")
        if value and value.startswith(("redis://", "rediss://")):
            _check_port(value)
            if not urlsplit(value).hostname:
                raise ValueError(f"{mask_url(value)} must name the host, e.g. redis://redis:6379/0")
        return value

    @field_validator("storage_url")
    @classmethod
    def _known_storage(cls, value: str | None) -> str | None:
        if not value:
            return None
        if not _S3_URL.fullmatch(value):
            raise ValueError(
                "must be s3://bucket or s3://bucket/prefix (bucket: 3-63 lowercase letters, "
                "digits, dots and hyphens); leave it unset to keep images in LIGHTBOX_STORAGE_DIR"
            )
        return value

    @field_validator("data_dir", "storage_dir")
    @classmethod
    def _a_folder(cls, value: Path | None) -> Path | None:
        return _check_folder(value)

    @field_validator("log_format")
    @classmethod
    def _log_format(cls, value: str) -> str:
        if value.strip().lower() not in ("text", "json"):
            raise ValueError("must be text or json")
        return value.strip().lower()

    @field_validator("max_upload_mb")
    @classmethod
    def _upload_size(cls, value: float) -> float:
        if not 0.01 <= value <= 1024:
            raise ValueError("must be a number of megabytes from 0.01 to 1024")
        return value

    @field_validator("job_max_retries")
    @classmethod
    def _retries(cls, value: int) -> int:
        if not 0 <= value <= 100:
            raise ValueError("must be a whole number from 0 to 100")
        return value

    @field_validator("job_stale_seconds", "job_lost_seconds", "sweep_seconds")
    @classmethod
    def _stale(cls, value: float) -> float:
        if not 0.1 <= value <= 86400:
            raise ValueError("must be a number of seconds from 0.1 to 86400")
        return value

    @field_validator("shutdown_seconds")
    @classmethod
    def _grace(cls, value: float) -> float:
        if not 0 <= value <= 600:
            raise ValueError("must be a number of seconds from 0 to 600")
        return value

    @field_validator("provider_calls")
    @classmethod
    def _call_limit(cls, value: int) -> int:
        if not 1 <= value <= 10_000:
            raise ValueError("must be a whole number from 1 to 10000")
        return value

    @field_validator("worker_threads")
    @classmethod
    def _positive_threads(cls, value: int) -> int:
        if not 1 <= value <= 64:
            raise ValueError("must be a whole number from 1 to 64")
        return value

    @field_validator("web_port")
    @classmethod
    def _web_port(cls, value: int | None) -> int | None:
        if value is not None and not 1 <= value <= 65535:
            raise ValueError("must be a port number from 1 to 65535")
        return value

    @field_validator("public_url")
    @classmethod
    def _public_url(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if value and (
            not value.startswith(("http://", "https://")) or not urlsplit(value).hostname
        ):
            raise ValueError("must be an absolute http(s) URL, e.g. https://gallery.example.org")
        return value

    @property
    def resolved_database_url(self) -> str:
        """The database URL, defaulting to a SQLite file in the data directory."""
        if self.database_url:
            url = self.database_url
            if url.startswith("postgresql://"):
                url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
            return url
        return f"sqlite:///{(self.data_dir / 'lightbox.db').resolve()}"

    @property
    def resolved_storage_dir(self) -> Path:
        """Where images are kept, defaulting to `<data_dir>/images`."""
        return (self.storage_dir or self.data_dir / "images").resolve()


def load_settings(**overrides: Any) -> Settings:
    """Read settings, turning validation errors into one message naming each bad setting."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        problems = []
        prefix = PREFIXES.get(exc.title, "LIGHTBOX_")
        for error in exc.errors():
            name = prefix + str(error["loc"][0]).upper() if error["loc"] else "settings"
            message = str(error["msg"]).removeprefix("Value error, ")
            problems.append(f"{name}: {message}")
        raise LightboxError("invalid settings — " + "; ".join(problems)) from None
