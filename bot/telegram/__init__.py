"""Telegram adapter (built in its own issue)."""
