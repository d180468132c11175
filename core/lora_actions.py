"""The LoRA picker's buttons: `lora<n>` toggles the card model's n-th LoRA, `loranone` clears."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from core.actions import ActionRegistry, ActionSpec, Run, Scope
from core.lora_choices import BUTTONS, CLEAR, lora_action

if TYPE_CHECKING:
    from core.identity import Actor, Place
    from core.studio import Studio
    from core.studio_base import Outcome


def _toggle(index: int) -> Run:
    def run(st: Studio, a: Actor, p: Place, target: int, _: Mapping[str, str]) -> Outcome:
        return st.toggle_lora(a, p, index, target)

    return run


def _clear(st: Studio, a: Actor, p: Place, target: int, _: Mapping[str, str]) -> Outcome:
    return st.clear_loras(a, p, target)


def add_lora_actions(r: ActionRegistry) -> None:
    """Hidden card buttons (the picker offers them; editors only, re-checked on every press);
    each redraws the picker with its ✓ marks."""
    for index in range(BUTTONS):
        label = f"LoRA {index + 1}"
        r.add(ActionSpec(lora_action(index), label, Scope.card, _toggle(index), hidden=True,
                         redraws=True))  # fmt: skip
    r.add(ActionSpec(CLEAR, "No LoRA", Scope.card, _clear, emoji="✖", hidden=True, redraws=True))
