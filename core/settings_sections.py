"""The settings sections of the adapters and the assistant, read once with the core settings."""

from __future__ import annotations

from pydantic import SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_API_BASE = "https://discord.com/api/v10"
DEFAULT_UPLOAD_LIMIT = 10 * 1024 * 1024
OFFICIAL_API = "https://api.telegram.org"


class DiscordSettings(BaseSettings):
    """What the Discord adapter reads beyond `LIGHTBOX_DISCORD_TOKEN` (in core settings)."""

    model_config = SettingsConfigDict(
        env_prefix="LIGHTBOX_DISCORD_", env_file=".env", extra="ignore"
    )

    api_base: str = DEFAULT_API_BASE
    gateway_url: str | None = None
    guild_ids: list[int] = []
    global_sync: bool = False
    upload_limit: int = DEFAULT_UPLOAD_LIMIT
    message_content: bool = False
    # Sharding, for a bot in many servers (Discord requires it from 2,500): "auto" takes the
    # count Discord recommends, a number fixes it; `shard_ids` splits the shards over processes.
    shards: str | None = None
    shard_ids: list[int] = []

    @field_validator("shards")
    @classmethod
    def _shard_count(cls, value: str | None) -> str | None:
        text = (value or "").strip().lower()
        if text in ("", "off", "none"):
            return None
        if text == "auto" or (text.isdigit() and 1 <= int(text) <= 10_000):
            return text
        raise ValueError(f'"{value}" is not a shard count: use auto or a number from 1 to 10000')

    @property
    def shard_count(self) -> int | None:
        """The fixed shard count, or None when Discord recommends it ("auto") or when off."""
        return int(self.shards) if self.shards and self.shards.isdigit() else None


class TelegramSettings(BaseSettings):
    """Where the Bot API is and how updates arrive (polling unless `webhook_url` is set)."""

    model_config = SettingsConfigDict(
        env_prefix="LIGHTBOX_TELEGRAM_", env_file=".env", extra="ignore"
    )

    token: str | None = None
    base_url: str = OFFICIAL_API
    webhook_url: str | None = None
    webhook_secret: str | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    answer_budget_seconds: float = 0.8


class AssistantSettings(BaseSettings):
    """LIGHTBOX_ASSISTANT_*: no base URL means the offline heuristic assistant."""

    model_config = SettingsConfigDict(
        env_prefix="LIGHTBOX_ASSISTANT_", env_file=".env", extra="ignore"
    )

    base_url: str | None = None
    model: str = "gpt-4o-mini"
    api_key: SecretStr | None = None
    timeout: float = 20.0
    max_tokens: int = 800

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if not value:
            return None
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")

    @field_validator("timeout")
    @classmethod
    def _sane_timeout(cls, value: float) -> float:
        if not 0 < value <= 300:
            raise ValueError("must be more than 0 and at most 300 seconds")
        return value


class S3Settings(BaseSettings):
    """LIGHTBOX_S3_*: where an `s3://` LIGHTBOX_STORAGE_URL lives and how to sign in.

    Unset credentials fall back to boto3's own chain (AWS_* variables, instance roles).
    """

    model_config = SettingsConfigDict(env_prefix="LIGHTBOX_S3_", env_file=".env", extra="ignore")

    endpoint_url: str | None = None
    region: str | None = None
    access_key_id: str | None = None
    secret_access_key: SecretStr | None = None
    url_seconds: int = 3600

    @field_validator("endpoint_url")
    @classmethod
    def _endpoint(cls, value: str | None) -> str | None:
        if not value:
            return None
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://, e.g. http://minio:9000")
        return value.rstrip("/")

    @field_validator("url_seconds")
    @classmethod
    def _url_seconds(cls, value: int) -> int:
        if not 1 <= value <= 604800:
            raise ValueError("must be a whole number of seconds from 1 to 604800 (7 days)")
        return value
