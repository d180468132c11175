"""Telegram adapter: commands, card topics or reply chains, keyboards, reactions, delivery."""
