"""Telegram-only settings (prefix LIGHTBOX_TELEGRAM_): a section of the core settings."""

from core.settings_sections import OFFICIAL_API, TelegramSettings

__all__ = ["OFFICIAL_API", "TelegramSettings"]
