"""Lightbox configuration from the environment (prefix LIGHTBOX_) and an optional .env file."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.errors import LightboxError


class Settings(BaseSettings):
    """Every setting Lightbox reads; unset ones fall back to the embedded default."""

    model_config = SettingsConfigDict(env_prefix="LIGHTBOX_", env_file=".env", extra="ignore")

    data_dir: Path = Path("./data")
    database_url: str | None = None
    redis_url: str | None = None
    storage_dir: Path | None = None
    default_model: str | None = None
    worker_threads: int = 4
    max_upload_mb: float = 25.0
    job_max_retries: int = 3
    job_stale_seconds: float = 120.0
    discord_token: str | None = None
    telegram_token: str | None = None

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str | None) -> str | None:
        if value and not value.startswith(("sqlite", "postgresql")):
            raise ValueError("must start with sqlite:// or postgresql://")
        return value

    @field_validator("redis_url")
    @classmethod
    def _known_redis(cls, value: str | None) -> str | None:
        if value == "":
            return None
        if value and not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("must start with redis://, rediss:// or unix://")
        return value

    @field_validator("worker_threads")
    @classmethod
    def _positive_threads(cls, value: int) -> int:
        if not 1 <= value <= 64:
            raise ValueError("must be a whole number from 1 to 64")
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


def load_settings(**overrides: object) -> Settings:
    """Read settings, turning validation errors into one message naming each bad setting."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            name = "LIGHTBOX_" + str(error["loc"][0]).upper() if error["loc"] else "settings"
            message = str(error["msg"]).removeprefix("Value error, ")
            problems.append(f"{name}: {message}")
        raise LightboxError("invalid settings — " + "; ".join(problems)) from None
