"""Persistent component ids: `lbv:<action>:<version id>`, card header `lbc:<action>`, modals."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

BUTTON_TEMPLATE = r"lbv:(?P<action>[a-z]{1,16}):(?P<version>[1-9][0-9]{0,8})"
MODAL_TEMPLATE = r"lbm:(?P<action>[a-z]{1,16}):(?P<version>[1-9][0-9]{0,8})"
CARD_TEMPLATE = r"lbc:(?P<action>[a-z]{1,16})"
EDIT_MODAL = "lbe:prompt"
PICKER_TEMPLATE = r"lbs:view"
PICKER_ID = "lbs:view"
PAGE_TEMPLATE = r"lbs:page:(?P<thread>[1-9][0-9]{0,19})"
NAME_FIELD = "name"
PROMPT_FIELD = "prompt"
_BUTTON = re.compile(BUTTON_TEMPLATE)
_MODAL = re.compile(MODAL_TEMPLATE)


@dataclass(frozen=True)
class Press:
    """A decoded component id: which action on which version (still untrusted)."""

    action: str
    version_id: int


def button_id(action: str, version_id: int) -> str:
    return f"lbv:{action}:{version_id}"


def modal_id(action: str, version_id: int) -> str:
    return f"lbm:{action}:{version_id}"


def card_button_id(action: str) -> str:
    """A card header button: the card is the one whose header carries it (never from the id)."""
    return f"lbc:{action}"


def parse_button(custom_id: str) -> Press | None:
    return _parse(_BUTTON, custom_id)


def parse_modal(custom_id: str) -> Press | None:
    return _parse(_MODAL, custom_id)


def _parse(pattern: re.Pattern[str], custom_id: str) -> Press | None:
    match = pattern.fullmatch(custom_id or "")
    if match is None:
        return None
    return Press(match["action"], int(match["version"]))


def field_value(components: list[dict[str, Any]], custom_id: str) -> str:
    """A submitted text input's value (action rows or label components wrap the inputs)."""
    for component in components:
        if component.get("custom_id") == custom_id and "value" in component:
            return str(component["value"])
        inner = component.get("components") or (
            [component["component"]] if "component" in component else []
        )
        found = field_value(inner, custom_id)
        if found:
            return found
    return ""


def page_id(thread_id: str) -> str:
    """A private page of older versions of the card in `thread_id`."""
    return f"lbs:page:{thread_id}"
