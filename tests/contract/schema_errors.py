"""Schema violations as plain problems (path, rule, limit), unions narrowed to the branch meant."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

RULES = {
    "MaxLength": ("maxLength", "limit"),
    "MinLength": ("minLength", "limit"),
    "MaxItems": ("maxItems", "limit"),
    "MinItems": ("minItems", "limit"),
    "Maximum": ("maximum", "limit"),
    "Minimum": ("minimum", "limit"),
    "Enum": ("enum", "options"),
    "Constant": ("const", "expected_value"),
    "Pattern": ("pattern", "pattern"),
    "Type": ("type", "types"),
    "Required": ("required", "property"),
    "UnevaluatedProperties": ("unknown", "unexpected"),
    "AdditionalProperties": ("unknown", "unexpected"),
    "Custom": ("custom", "message"),
}
UNIONS = ("OneOfNotValid", "AnyOf")


@dataclass(frozen=True)
class Problem:
    """One violation: where (`path` in the request), which rule, its limit, the value met."""

    path: tuple[Any, ...]
    rule: str
    limit: Any
    value: Any
    text: str

    def under(self, *prefix: Any) -> Problem:
        return replace(self, path=(*prefix, *self.path))

    def describe(self) -> str:
        where = ".".join(map(str, self.path)) or "(body)"
        return f"{where}: {self.text}"


def problems(validator: Any, instance: Any) -> list[Problem]:
    """Every violation of `instance`; a failed union reports the branch that got furthest."""
    return [found for error in validator.iter_errors(instance) for found in _flatten(error)]


def _flatten(error: Any) -> list[Problem]:
    kind = error.kind
    name = type(kind).__name__
    if name in UNIONS and getattr(kind, "context", None):
        choices = _choices(kind.context)
        if choices is not None:
            path = tuple(error.instance_path)
            return [Problem(path, "enum", choices, error.instance, str(error.message)[:300])]
        return [found for inner in _branch(kind.context) for found in _flatten(inner)]
    rule, attribute = RULES.get(name, (name, ""))
    limit = getattr(kind, attribute, None) if attribute else None
    path = tuple(error.instance_path)
    if rule == "required":
        path = (*path, limit)
    if rule == "type":
        limit = _wanted(limit)
    return [Problem(path, rule, limit, error.instance, str(error.message)[:300])]


def _choices(branches: list[list[Any]]) -> list[Any] | None:
    """A union of constants (an enum spelled as `oneOf` of `const`s): all of its values."""
    options: list[Any] = []
    for errors in branches:
        if len(errors) != 1 or errors[0].instance_path != branches[0][0].instance_path:
            return None
        kind = errors[0].kind
        if type(kind).__name__ == "Constant":
            options.append(kind.expected_value)
        elif type(kind).__name__ == "Enum":
            options.extend(kind.options)
        else:
            return None
    return options


def _branch(branches: list[list[Any]]) -> list[Any]:
    """The alternative the request meant: its discriminator matched (no enum/const error on a
    `type` field), then its value had the right JSON type, then the one whose errors sit
    deepest, then the one with fewest errors."""

    def score(errors: list[Any]) -> tuple[int, int, int, int]:
        missed = sum(
            type(e.kind).__name__ in ("Enum", "Constant")
            and bool(e.instance_path)
            and e.instance_path[-1] == "type"
            for e in errors
        )
        wrong_type = sum(type(e.kind).__name__ == "Type" for e in errors)
        depth = max((len(e.instance_path) for e in errors), default=0)
        return (-missed, -wrong_type, depth, -len(errors))

    return max(branches, key=score)


def _wanted(types: Any) -> str:
    names = [str(t).lower().split(".")[-1] for t in (types if isinstance(types, list) else [types])]
    real = [n for n in names if n != "null"]
    return real[0] if real else "null"
