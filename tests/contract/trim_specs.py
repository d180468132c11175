"""Cut the official API descriptions down to what Lightbox calls (run by hand, never by tests).

    python -m tests.contract.trim_specs DISCORD_OPENAPI_JSON TELEGRAM_API_JSON

Inputs, read from clones of the upstream repositories:
- Discord: github.com/discord/discord-api-spec, `specs/openapi.json` (MIT, Discord)
- Telegram: github.com/PaulSonOfLars/telegram-bot-api-spec, `api.json` (MIT, Paul Larsen),
  generated from core.telegram.org/bots/api.
Writes `tests/contract/specs/discord-openapi.json` and `telegram-bot-api.json`: the operations
and methods below (requests only) with every schema / type they reach, unchanged, plus an
`x-lightbox-source` note. Update `SOURCES` (the commits read) together with the spec files.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

SPECS = Path(__file__).parent / "specs"
SOURCES = {
    "discord": {
        "repository": "discord/discord-api-spec",
        "path": "specs/openapi.json",
        "commit": "74fda0fad044407ea280043a03ffc9bc64c4e49e",
        "license": "MIT",
    },
    "telegram": {
        "repository": "PaulSonOfLars/telegram-bot-api-spec",
        "path": "api.json",
        "commit": "160fd99507e1c7c77e92dc90f5993d724735b51c",
        "license": "MIT",
    },
}
DISCORD_PATHS = [
    "/users/@me",
    "/users/@me/channels",
    "/oauth2/applications/@me",
    "/gateway",
    "/gateway/bot",
    "/applications/{application_id}/commands",
    "/applications/{application_id}/guilds/{guild_id}/commands",
    "/applications/{application_id}/entitlements/{entitlement_id}/consume",
    "/channels/{channel_id}",
    "/channels/{channel_id}/messages",
    "/channels/{channel_id}/messages/{message_id}",
    "/channels/{channel_id}/messages/{message_id}/threads",
    "/channels/{channel_id}/threads",
    "/interactions/{interaction_id}/{interaction_token}/callback",
    "/webhooks/{webhook_id}/{webhook_token}",
    "/webhooks/{webhook_id}/{webhook_token}/messages/@original",
    "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}",
]
TELEGRAM_METHODS = [
    "getMe",
    "getUpdates",
    "setWebhook",
    "deleteWebhook",
    "setMyCommands",
    "sendMessage",
    "sendPhoto",
    "sendDocument",
    "sendVideo",
    "sendAudio",
    "sendVoice",
    "sendAnimation",
    "sendChatAction",
    "editMessageText",
    "editMessageCaption",
    "editMessageMedia",
    "deleteMessage",
    "answerCallbackQuery",
    "createForumTopic",
    "editForumTopic",
    "deleteForumTopic",
    "getChatMember",
    "getFile",
    "sendInvoice",
    "answerPreCheckoutQuery",
    "refundStarPayment",
]


def _refs(node: Any, found: set[str]) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            found.add(ref.rsplit("/", 1)[-1])
        for value in node.values():
            _refs(value, found)
    elif isinstance(node, list):
        for value in node:
            _refs(value, found)


def trim_discord(spec: dict[str, Any]) -> dict[str, Any]:
    """The listed paths (requests only: responses are not what we check) and their schemas."""
    paths = {}
    for template in DISCORD_PATHS:
        item = {}
        for method, operation in spec["paths"][template].items():
            if isinstance(operation, dict) and "responses" in operation:
                operation = {k: v for k, v in operation.items() if k != "responses"}
            item[method] = operation
        paths[template] = item
    schemas = spec["components"]["schemas"]
    keep: set[str] = set()
    todo: set[str] = set()
    _refs(paths, todo)
    while todo:
        name = todo.pop()
        if name in keep:
            continue
        keep.add(name)
        _refs(schemas[name], todo)
    return {
        "openapi": spec["openapi"],
        "info": spec["info"],
        "x-lightbox-source": SOURCES["discord"],
        "paths": paths,
        "components": {"schemas": {name: schemas[name] for name in sorted(keep)}},
    }


def _type_names(entry: dict[str, Any]) -> set[str]:
    names = set()
    for kind in entry.get("types", []):
        names.update(kind.removeprefix("Array of ").split(" or "))
    return {name.removeprefix("Array of ") for name in names}


def trim_telegram(spec: dict[str, Any]) -> dict[str, Any]:
    """The listed methods and every type their parameters reach (subtypes included)."""
    methods = {name: spec["methods"][name] for name in TELEGRAM_METHODS}
    types = spec["types"]
    keep: set[str] = set()
    todo = {name for m in methods.values() for f in m.get("fields", []) for name in _type_names(f)}
    while todo:
        name = todo.pop()
        if name in keep or name not in types:
            continue
        keep.add(name)
        entry = types[name]
        todo.update(entry.get("subtypes", []))
        for field in entry.get("fields", []):
            todo.update(_type_names(field))
    return {
        "version": spec["version"],
        "release_date": spec["release_date"],
        "x-lightbox-source": SOURCES["telegram"],
        "methods": methods,
        "types": {name: types[name] for name in sorted(keep)},
    }


def main(discord_path: str, telegram_path: str) -> None:
    SPECS.mkdir(exist_ok=True)
    discord = trim_discord(json.loads(Path(discord_path).read_text()))
    telegram = trim_telegram(json.loads(Path(telegram_path).read_text()))
    for name, data in (("discord-openapi.json", discord), ("telegram-bot-api.json", telegram)):
        text = json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True)
        (SPECS / name).write_text(text + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:3])
