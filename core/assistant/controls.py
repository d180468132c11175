"""The exact control that does something on each platform ("make it 16:9" → --ar 16:9)."""

from __future__ import annotations

PLATFORMS = ("console", "telegram", "discord")
_TEXT = {  # console and Telegram share the text grammar
    "aspect": "/prompt … --ar {value} (keeps the prompt) or /new --ar {value}",
    "resolution": "/prompt … --res {value} or /new --res {value}",
    "count": "/prompt … --n {value} or /new --n {value}",
    "seed": "/prompt … --seed {value} or /new --seed {value}",
    "model": "/prompt … --model {value} or /new --model {value} (see /models)",
    "negative": "/prompt … --no {value}, or write “no {value}” here",
    "edit": "/prompt <the whole new prompt>",
    "flags": "/new {value} (or /prompt … {value})",
    "generate": "/generate or the ✨ Generate button",
    "new_version": "/new",
    "restore": "/restore {value}",
    "review": "the Approve / Reject buttons under the version",
    "new_card": "/card new <idea>",
}
_DISCORD = {
    "aspect": "the ✏️ Edit prompt button on the card header, with --ar {value} in the prompt",
    "resolution": "the ✏️ Edit prompt button on the card header, with --res {value}",
    "count": "the ✏️ Edit prompt button on the card header, with --n {value}",
    "seed": "the ✏️ Edit prompt button on the card header, with --seed {value}",
    "model": "the ✏️ Edit prompt button on the card header, with --model {value}",
    "negative": "the ✏️ Edit prompt button on the card header, with --no {value}, or write "
    "“no {value}” here",
    "edit": "the ✏️ Edit prompt button on the card header",
    "flags": "the ✏️ Edit prompt button on the card header, with {value} in the prompt",
    "generate": "the ✨ Generate button",
    "new_version": "the New Version button",
    "restore": "the ↩ Restore button under v{value}",
    "review": "the Approve / Reject buttons under the version",
    "new_card": "/card new",
}
EXAMPLES = {
    "aspect": "16:9",
    "resolution": "2K",
    "count": "2",
    "seed": "42",
    "model": "<name>",
    "negative": "text",
    "restore": "1",
    "flags": "--ar 16:9",
}
KEYS = tuple(_TEXT)


def control(platform: str, key: str, value: str | None = None) -> str:
    """The control for key on platform, with value (or an example) filled in.

    Unknown platforms read as the console; an unknown key raises KeyError (a caller's bug).
    """
    table = _DISCORD if platform == "discord" else _TEXT
    return table[key].format(value=value or EXAMPLES.get(key, ""))
