"""The control that does a thing on each platform, for replies that tell people what to press."""

from __future__ import annotations

CONTROLS: dict[str, dict[str, str]] = {
    "new": {
        "console": "/new",
        "telegram": "New Version button or /new",
        "discord": "New Version button",
    },
    "generate": {
        "console": "/generate",
        "telegram": "✨ Generate button or /generate",
        "discord": "✨ Generate button on the card header or /generate",
    },
    "edit": {
        "console": "/prompt <text>",
        "telegram": "✏️ Edit prompt button or /prompt <text>",
        "discord": "✏️ Edit prompt button on the card header or /prompt",
    },
    "card": {
        "console": "/imagine <prompt>",
        "telegram": "/imagine <prompt>",
        "discord": "/imagine",
    },
}


def control(platform: str, key: str) -> str:
    """What to press or type for `key` on `platform` (the console's command elsewhere)."""
    options = CONTROLS.get(key, {})
    return options.get(platform) or options.get("console") or f"/{key}"
