"""Discord adapter settings (prefix LIGHTBOX_DISCORD_): API base, command sync, upload limit."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_API_BASE = "https://discord.com/api/v10"
DEFAULT_UPLOAD_LIMIT = 10 * 1024 * 1024


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
