"""Persistent component ids: `lbv:<action>:<target>` buttons, `lbm:<action>:<target>` modals."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from core.actions import ACTION_ID

TARGET = r"[1-9][0-9]{0,9}"
BUTTON_TEMPLATE = rf"lbv:(?P<action>{ACTION_ID}):(?P<target>{TARGET})"
MODAL_TEMPLATE = rf"lbm:(?P<action>{ACTION_ID}):(?P<target>{TARGET})"
PICKER_TEMPLATE = r"lbs:view"
PICKER_ID = "lbs:view"
PAGE_TEMPLATE = r"lbs:page:(?P<thread>[1-9][0-9]{0,19})"
_BUTTON = re.compile(BUTTON_TEMPLATE)
_MODAL = re.compile(MODAL_TEMPLATE)


@dataclass(frozen=True)
class Press:
    """A decoded component id: which registry action on which target id (still untrusted)."""

    action: str
    target: int


def button_id(action: str, target: int) -> str:
    """A button of core's registry: the action id and the version or card id it acts on."""
    return f"lbv:{action}:{target}"


def modal_id(action: str, target: int) -> str:
    return f"lbm:{action}:{target}"


def page_id(thread_id: str) -> str:
    """A private page of older versions of the card in `thread_id`."""
    return f"lbs:page:{thread_id}"


def parse_button(custom_id: str) -> Press | None:
    return _parse(_BUTTON, custom_id)


def parse_modal(custom_id: str) -> Press | None:
    return _parse(_MODAL, custom_id)


def _parse(pattern: re.Pattern[str], custom_id: str) -> Press | None:
    match = pattern.fullmatch(custom_id or "")
    if match is None:
        return None
    return Press(match["action"], int(match["target"]))


def field_values(components: list[dict[str, Any]]) -> dict[str, str]:
    """Every submitted text input by custom_id (action rows or label components wrap them)."""
    found: dict[str, str] = {}
    for component in components:
        if "custom_id" in component and "value" in component:
            found[str(component["custom_id"])] = str(component["value"])
        inner = component.get("components") or (
            [component["component"]] if "component" in component else []
        )
        found |= field_values(inner)
    return found
