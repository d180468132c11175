"""Checks a Bot API call against the published method and type descriptions (api.json).

Parameters arrive as the Bot API server reads them: form fields are strings (objects JSON-encoded),
a JSON body is typed. Each is decoded by its declared type, objects are validated as JSON Schemas
built from the type tables (lengths, enums and byte limits read from the descriptions), and a
refusal is worded like the server's (tdlib/telegram-bot-api Client.cpp, tdutils JsonBuilder.cpp:
`Can't find field "x"`, `Field "x" must be of type String`). Unknown parameters and fields are
ignored by the server: they are reported as notes, not refused.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_rs

from tests.contract.schema_errors import Problem, problems

SPEC = Path(__file__).parent / "specs" / "telegram-bot-api.json"
SCALARS = {
    "Integer": {"type": "integer"},
    "String": {"type": "string"},
    "Boolean": {"type": "boolean"},
    "Float": {"type": "number"},
    "True": {"const": True},
    "InputFile": {},
}
BOOLEANS = {"true": True, "false": False, "1": True, "0": False}
LENGTH = re.compile(r"(\d+)-(\d+) (characters|bytes)")
BETWEEN = re.compile(r"Values between (\d+)-(\d+)")
QUOTED_CHOICES = re.compile(r"[Mm]ust be one of ((?:\"[^\"]+\"[^.]*?)+)(?:\.|$)")
NUMBER_CHOICES = re.compile(r"must be one of ((?:\d+ \(0x[0-9A-F]+\)(?:, | or |, or )?)+)")
CONSTANT = re.compile(r"(?:must be|always) \"?([a-z_]+)\"?(?:$|[ .,])")
# Enums the descriptions give in prose (core.telegram.org/bots/api#sendchataction, #formatting).
PROSE_ENUMS = {
    "action": [
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    ],
    "parse_mode": ["HTML", "Markdown", "MarkdownV2"],
}
EMPTY_TEXTS = {"text": "message text is empty", "chat_id": "chat_id is empty"}
LONG_TEXTS = {"text": "message is too long", "caption": "message caption is too long"}
# Server texts for a parameter outside its set (Client.cpp; Telegram's own for the toast text).
WORDS = {
    ("answerCallbackQuery", "text"): "MESSAGE_TOO_LONG",
    ("sendChatAction", "action"): "wrong parameter action in request",
    ("createForumTopic", "icon_color"): "invalid icon color specified",
    ("createForumTopic", "name"): "TOPIC_NAME_INVALID",
}


class Bytes:
    """`x-bytes: [low, high]`: a UTF-8 length limit (api.json says "1-64 bytes")."""

    def __init__(self, parent_schema: Any, value: list[int], schema_path: Any):
        self.low, self.high = value

    def validate(self, instance: Any) -> None:
        if isinstance(instance, str) and not self.low <= len(instance.encode()) <= self.high:
            raise ValueError(f"must be {self.low}-{self.high} bytes")


@dataclass
class Verdict:
    """The server's refusal (`(code, description)`; None: accepted) and ignored parameters."""

    refusal: tuple[int, str] | None = None
    unknown: list[str] = field(default_factory=list)


def _constraints(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    """Limits a description states, added to a field's schema."""
    out = dict(schema)
    if length := LENGTH.search(description):
        low, high = int(length[1]), int(length[2])
        if length[3] == "bytes":
            out["x-bytes"] = [low, high]
        else:
            out |= {"minLength": low, "maxLength": high}
    if between := BETWEEN.search(description):
        out |= {"minimum": int(between[1]), "maximum": int(between[2])}
    if numbers := NUMBER_CHOICES.search(description):
        out["enum"] = [int(n) for n in re.findall(r"(\d+) \(0x", numbers[1])]
    elif quoted := QUOTED_CHOICES.search(description):
        out["enum"] = re.findall(r"\"([^\"]+)\"", quoted[1])
    elif name == "type" and (constant := CONSTANT.search(description)):
        out["const"] = constant[1]
    if name in PROSE_ENUMS:
        out["enum"] = PROSE_ENUMS[name]
    return out


def _of(kinds: list[str]) -> dict[str, Any]:
    """The schema of a field's declared types ("Array of X", type names, scalars)."""
    options = []
    for kind in kinds:
        depth = 0
        while kind.startswith("Array of "):
            kind, depth = kind.removeprefix("Array of "), depth + 1
        schema = SCALARS.get(kind) or {"$ref": f"#/$defs/{kind}"}
        for _ in range(depth):
            schema = {"type": "array", "items": schema}
        options.append(schema)
    return options[0] if len(options) == 1 else {"anyOf": options}


class TelegramContract:
    """Methods and compiled type validators of the vendored description."""

    def __init__(self, spec_path: Path = SPEC):
        spec = json.loads(spec_path.read_text())
        self.source: dict[str, str] = spec["x-lightbox-source"]
        self.methods: dict[str, dict[str, Any]] = spec["methods"]
        defs, strict_defs = {}, {}
        for name, entry in spec["types"].items():
            if entry.get("subtypes"):
                defs[name] = strict_defs[name] = {
                    "anyOf": [{"$ref": f"#/$defs/{sub}"} for sub in entry["subtypes"]]
                }
                continue
            fields = entry.get("fields", [])
            schema = {
                "type": "object",
                "properties": {
                    f["name"]: _constraints(f["name"], f["description"], _of(f["types"]))
                    for f in fields
                },
                "required": [f["name"] for f in fields if f["required"]],
            }
            defs[name] = schema
            strict_defs[name] = schema | {"additionalProperties": False}
        self._validators: dict[tuple[str, str], tuple[Any, Any]] = {}
        for method, entry in self.methods.items():
            for param in entry.get("fields", []):
                schema = _constraints(param["name"], param["description"], _of(param["types"]))
                self._validators[(method, param["name"])] = (
                    _compile(schema, defs),
                    _compile(schema, strict_defs),
                )

    def check(self, method: str, raw: dict[str, Any], files: set[str]) -> Verdict:
        entry = self.methods.get(method)
        if entry is None:
            return Verdict((404, "Not Found: method not found"))
        declared = {param["name"]: param for param in entry.get("fields", [])}
        unknown = [f"{name}: not a parameter of {method}" for name in raw if name not in declared]
        for name, param in declared.items():
            if name not in raw and name not in files:
                if param["required"] and "InputFile" in param["types"]:
                    # Client.cpp get_input_file: "There is no <field> in the request"
                    return Verdict((400, f"Bad Request: there is no {name} in the request"))
                if param["required"]:
                    return Verdict(
                        (400, f"Bad Request: {EMPTY_TEXTS.get(name, name + ' is empty')}")
                    )
                continue
            if name in files:
                if "InputFile" not in " ".join(param["types"]):
                    return Verdict((400, f"Bad Request: {name} can't be a file"))
                continue
            decoded = _decode(raw[name], param["types"])
            if decoded is None:
                return Verdict((400, f"Bad Request: can't parse {name}"), unknown)
            value = decoded[0]
            relaxed, strict = self._validators[(method, name)]
            found = problems(relaxed, value)
            if name in ("text", "caption") and raw.get("parse_mode"):
                found = [p for p in found if p.rule not in ("minLength", "maxLength")]
            if found:
                words = WORDS.get((method, name)) or _words(name, found[0])
                if found[0].rule == "enum" and name == "parse_mode":
                    words = "unsupported parse_mode"
                return Verdict((400, "Bad Request: " + words), unknown)
            unknown += [f"{name}.{p.describe()}" for p in problems(strict, value)]
        return Verdict(None, unknown)


def _compile(schema: dict[str, Any], defs: dict[str, Any]) -> Any:
    return jsonschema_rs.validator_for({**schema, "$defs": defs}, keywords={"x-bytes": Bytes})


def _decode(value: Any, kinds: list[str]) -> tuple[Any] | None:
    """The value as the server reads a parameter of these types (None: it cannot)."""
    if not isinstance(value, str):
        return (value,)  # a JSON body: already typed
    for kind in kinds:
        if kind in ("String", "InputFile"):
            return (value,)
    for kind in kinds:
        if kind == "Integer" and re.fullmatch(r"-?\d+", value):
            return (int(value),)
        if kind == "Float":
            try:
                return (float(value),)
            except ValueError:
                continue
        if kind in ("Boolean", "True") and value in BOOLEANS:
            return (BOOLEANS[value],)
        if kind not in SCALARS:
            try:
                return (json.loads(value),)
            except ValueError:
                return None
    return None


def _words(name: str, problem: Problem) -> str:
    """The server's description of the first problem with parameter `name`."""
    if not problem.path:
        if problem.rule == "maxLength":
            return LONG_TEXTS.get(name, f"{name} is too long")
        if problem.rule == "minLength":
            return EMPTY_TEXTS.get(name, f"{name} is empty")
        return f"wrong {name} specified: {problem.text}"
    if problem.rule == "custom" and problem.path[-1] == "callback_data":
        return "BUTTON_DATA_INVALID"
    inner = problem.path[-1]
    if problem.rule == "required":
        detail = f'Can\'t find field "{inner}"'
    elif problem.rule == "type":
        detail = f'Field "{inner}" must be of type {str(problem.limit).capitalize()}'
    else:
        detail = f'Field "{inner}" {problem.text}'
    if "inline_keyboard" in problem.path:
        return f"can't parse inline keyboard button: {detail}"
    return f"can't parse {name}: {detail}"


@cache
def contract() -> TelegramContract:
    """The one contract of a test session (validators compile once, on first use)."""
    return TelegramContract()
