"""Discord adapter settings (prefix LIGHTBOX_DISCORD_): a section of the core settings."""

from core.settings_sections import DEFAULT_API_BASE, DEFAULT_UPLOAD_LIMIT, DiscordSettings

__all__ = ["DEFAULT_API_BASE", "DEFAULT_UPLOAD_LIMIT", "DiscordSettings"]
