"""Telegram-only settings (prefix LIGHTBOX_TELEGRAM_): Bot API address, webhook and answers."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict

OFFICIAL_API = "https://api.telegram.org"


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
