"""Checks a REST request against Discord's OpenAPI spec; refusals shaped as Discord sends them.

Discord answers a body it cannot accept with 400 `{"code": 50035, "message": "Invalid Form Body",
"errors": {...}}`, the errors tree keyed by field names and array indexes with `_errors` lists at
the leaves (discord-api-docs, reference.md "Error Messages"). A path no route matches is
`404: Not Found` (code 0), a route without the method `405: Method Not Allowed` (code 0).
Fields the spec does not name are ignored by Discord: they are reported as notes, not refused.
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

SPEC = Path(__file__).parent / "specs" / "discord-openapi.json"
DRAFT = "https://json-schema.org/draft/2020-12/schema"
JSON_TYPES = ("application/json", "multipart/form-data")
# Fields discord.py sends that the OpenAPI request schemas lack, both harmless: "nsfw" is
# documented (interactions/application-commands.md, Application Command Object); "tts": false
# rides along in forum starter messages and message edits, where Discord ignores it.
LIBRARY_EXTRAS = {"nsfw", "tts"}
# reference.md "Boolean Query Strings": True/true/1 are truthy, False/false/0 falsy.
QUERY_BOOLEANS = {"True": True, "true": True, "1": True, "False": False, "false": False, "0": False}


@dataclass
class Verdict:
    """What Discord would answer (`refusal`: body and status; None: accepted) and the fields
    it would silently ignore (`unknown`)."""

    refusal: tuple[dict[str, Any], int] | None = None
    unknown: list[str] = field(default_factory=list)


@dataclass
class Route:
    """One operation: its path pattern, parameter validators and body validators."""

    method: str
    template: str
    pattern: re.Pattern[str]
    names: list[str]
    parameters: dict[str, Any] = field(default_factory=dict)
    body: Any = None
    strict: Any = None


def _relaxed(spec: dict[str, Any]) -> dict[str, Any]:
    """Discord takes a snowflake as a JSON string or integer (docs: "Snowflakes"); the spec
    names only the string form."""
    schemas = spec["components"]["schemas"]
    snowflake = schemas["SnowflakeType"]
    schemas["SnowflakeType"] = {"anyOf": [snowflake, {"type": "integer", "minimum": 0}]}
    return spec


def _strict(node: Any) -> Any:
    """The same schemas, where an object names all its fields (to find the ignored ones)."""
    if isinstance(node, dict):
        out = {key: _strict(value) for key, value in node.items()}
        if "properties" in node and "additionalProperties" not in node:
            out["unevaluatedProperties"] = False
        return out
    if isinstance(node, list):
        return [_strict(value) for value in node]
    return node


class DiscordContract:
    """Routes and compiled validators of the vendored spec (build once: `contract()`)."""

    def __init__(self, spec_path: Path = SPEC):
        spec = _relaxed(json.loads(spec_path.read_text()))
        self.source: dict[str, str] = spec["x-lightbox-source"]
        components = {"components": spec["components"]}
        strict_components = {"components": _strict(spec["components"])}

        def compile_(schema: dict[str, Any], base: dict[str, Any]) -> Any:
            return jsonschema_rs.validator_for({"$schema": DRAFT, **base, **schema})

        self.routes: list[Route] = []
        for template, item in spec["paths"].items():
            regex = re.sub(r"\\\{[^/]+?\\\}", "([^/]+)", re.escape(template))
            names = re.findall(r"\{([^}]+)\}", template)
            for method, operation in item.items():
                if method == "parameters":
                    continue
                route = Route(method.upper(), template, re.compile(regex), names)
                for parameter in [*item.get("parameters", []), *operation.get("parameters", [])]:
                    route.parameters[parameter["name"]] = compile_(parameter["schema"], components)
                body = operation.get("requestBody", {}).get("content", {}).get("application/json")
                if body is not None:
                    route.body = compile_(body["schema"], components)
                    route.strict = compile_(_strict(body["schema"]), strict_components)
                self.routes.append(route)
        # Literal segments win over placeholders (`messages/@original` before `{message_id}`).
        self.routes.sort(key=lambda r: r.template.count("{"))

    def route(self, method: str, path: str) -> tuple[Route | None, bool]:
        """The route for `method path`, and whether any route matches the path at all."""
        matched = False
        for route in self.routes:
            if route.pattern.fullmatch(path):
                matched = True
                if route.method == method:
                    return route, True
        return None, matched

    def check(
        self, method: str, path: str, query: dict[str, str], body: Any, content_type: str
    ) -> Verdict:
        route, known = self.route(method, path)
        if route is None:
            if known:
                return Verdict(({"message": "405: Method Not Allowed", "code": 0}, 405))
            return Verdict(({"message": "404: Not Found", "code": 0}, 404))
        match = route.pattern.fullmatch(path)
        assert match is not None
        found: list[Problem] = []
        given = dict(zip(route.names, match.groups(), strict=True)) | query
        for name, value in given.items():
            validator = route.parameters.get(name)
            if validator is not None:
                found += [p.under(name) for p in problems(validator, _coerce(value))]
        unknown: list[str] = []
        sends_json = any(content_type.startswith(kind) for kind in JSON_TYPES)
        if route.body is not None and sends_json:
            if route.body.is_valid(body):
                unknown = [
                    p.describe()
                    for p in problems(route.strict, body)
                    if not set(p.limit or ()) <= LIBRARY_EXTRAS
                ]
            else:
                found += problems(route.body, body)
        if found:
            return Verdict((form_error(found), 400), unknown)
        return Verdict(None, unknown)


def form_error(found: list[Problem]) -> dict[str, Any]:
    """Discord's 50035 body: the errors tree with `_errors` at each failing field."""
    tree: dict[str, Any] = {}
    for problem in found:
        node = tree
        for part in problem.path:
            node = node.setdefault(str(part), {})
        node.setdefault("_errors", []).append(_discord_words(problem))
    return {"message": "Invalid Form Body", "code": 50035, "errors": tree}


def _discord_words(problem: Problem) -> dict[str, str]:
    """One leaf error in Discord's words (codes from real 50035 answers)."""
    rule, limit, value = problem.rule, problem.limit, problem.value
    words = {
        "required": ("BASE_TYPE_REQUIRED", "This field is required"),
        "maxLength": ("BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length."),
        "maxItems": ("BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length."),
        "minLength": ("BASE_TYPE_MIN_LENGTH", f"Must be {limit} or more in length."),
        "minItems": ("BASE_TYPE_MIN_LENGTH", f"Must be {limit} or more in length."),
        "maximum": ("NUMBER_TYPE_MAX", f"int value should be less than or equal to {limit}."),
        "minimum": ("NUMBER_TYPE_MIN", f"int value should be greater than or equal to {limit}."),
        "pattern": ("STRING_TYPE_REGEX", "String value did not match validation regex."),
    }
    if rule in ("enum", "const"):
        shown = ", ".join(map(repr, limit if isinstance(limit, list) else [limit]))
        code, message = "BASE_TYPE_CHOICES", f"Value must be one of ({shown})."
    elif rule == "type" and limit == "integer":
        code, message = "NUMBER_TYPE_COERCE", f'Value "{value}" is not int.'
    elif rule == "type" and limit == "object":
        code, message = "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType"
    elif rule == "type":
        code, message = "BASE_TYPE_BAD_TYPE", f'Could not interpret "{value}" as {limit}.'
    else:
        code, message = words.get(rule, ("BASE_TYPE_INVALID", problem.text))
    return {"code": code, "message": message}


def _coerce(raw: str) -> Any:
    """A path or query value as the spec types it (booleans as Discord reads them)."""
    return QUERY_BOOLEANS.get(raw, raw)


@cache
def contract() -> DiscordContract:
    """The one contract of a test session (validators compile once, on first use)."""
    return DiscordContract()
