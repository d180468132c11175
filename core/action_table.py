"""Lightbox's own actions: the card header, version and suggestion buttons, and what each runs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from core.access import Role
from core.actions import ActionRegistry, ActionSpec, Field, Scope
from core.edit_actions import add_edit_actions
from core.library_actions import add_library_actions
from core.lora_actions import add_lora_actions
from core.media_actions import add_media_actions
from core.project_actions import add_project_actions
from core.publish_actions import add_publish_actions
from core.refs import KINDS

if TYPE_CHECKING:
    from core.identity import Actor, Place
    from core.models import Card
    from core.studio import Studio
    from core.studio_base import Outcome

Answers = Mapping[str, str]
PICKS = 4
NAME = Field("name", "Name", "e.g. night, close-up, profile")
REF_NAME = Field("name", "Ref name", "e.g. fox, hero, castle")
REF_KIND = Field("kind", "Kind", " / ".join(KINDS), required=False, max_length=16)
PROMPT = Field("prompt", "Prompt (--flags allowed; autosaved)", long=True, max_length=4000)
SEED = Field("seed", "Seed: a number, or random", "random", required=False, max_length=12)


def _generate(st: Studio, a: Actor, p: Place, target: int, _: Answers) -> Outcome:
    return st.generate(a, p, card_id=target)


def _draft(card: Card) -> dict[str, str]:
    """The edit form's current values: the draft and the card's seed (or "random")."""
    return {"prompt": card.prompt, "seed": "random" if card.seed is None else str(card.seed)}


def _edit(st: Studio, a: Actor, p: Place, target: int, answers: Answers) -> Outcome:
    return st.edit_prompt(
        a, p, answers.get("prompt", ""), seed=answers.get("seed") or None, card_id=target
    )


def _save(st: Studio, a: Actor, p: Place, target: int, _: Answers) -> Outcome:
    return st.save_prompt(a, p, card_id=target)


def _revert(st: Studio, a: Actor, p: Place, target: int, _: Answers) -> Outcome:
    return st.revert_prompt(a, p, card_id=target)


def _has_saved(card: Card) -> bool:
    """↶ Revert is offered once a 💾 Save gave the card a prompt to go back to."""
    return card.draft_saved_at is not None


def _cancel(st: Studio, a: Actor, p: Place, target: int, _: Answers) -> Outcome:
    return st.cancel(a, p, card_id=target)


def _review(verdict: str):  # noqa: ANN202 - a small factory of runs
    def run(st: Studio, a: Actor, p: Place, target: int, _: Answers) -> Outcome:
        return st.review(a, p, verdict, target)

    return run


def _favorite(st: Studio, a: Actor, p: Place, target: int, _: Answers) -> Outcome:
    return st.favorite(a, p, target)


def _new(st: Studio, a: Actor, p: Place, target: int, _: Answers) -> Outcome:
    return st.new_version(a, p, version_id=target)


def _fork(st: Studio, a: Actor, p: Place, target: int, answers: Answers) -> Outcome:
    return st.fork(a, p, answers["name"], target)


def _saveref(st: Studio, a: Actor, p: Place, target: int, answers: Answers) -> Outcome:
    return st.save_as_ref(a, p, answers["name"], target, kind=answers.get("kind") or None)


def _restore(st: Studio, a: Actor, p: Place, target: int, _: Answers) -> Outcome:
    return st.restore(a, p, version_id=target)


def _prompt(st: Studio, a: Actor, p: Place, target: int, _: Answers) -> Outcome:
    return st.show_prompt(a, p, target)


def _step(step: int):  # noqa: ANN202
    def run(st: Studio, a: Actor, p: Place, target: int, _: Answers) -> Outcome:
        return st.step_version(a, p, target, step)

    return run


def _full(st: Studio, a: Actor, p: Place, target: int, _: Answers) -> Outcome:
    return st.original(a, p, target)


def _pick(number: int):  # noqa: ANN202
    def run(st: Studio, a: Actor, p: Place, target: int, _: Answers) -> Outcome:
        return st.pick_suggestion(a, p, str(number), card_id=target)

    return run


def pick_action(number: int) -> str:
    """The id of the action that answers the assistant with its `number`-th suggestion."""
    return f"pick{number}"


def default_actions() -> ActionRegistry:
    """A fresh registry with every action Lightbox offers."""
    r = ActionRegistry()
    card, version = Scope.card, Scope.version
    r.add(ActionSpec("generate", "Generate", card, _generate, emoji="✨", style="primary", order=1))
    r.add(
        ActionSpec(
            "edit",
            "Edit prompt",
            card,
            _edit,
            emoji="✏️",
            fields=(PROMPT, SEED),
            question="the new prompt (--flags allowed)",
            prefill=_draft,
            order=2,
        )
    )
    r.add(ActionSpec("save", "Save", card, _save, emoji="💾", order=3))
    r.add(
        ActionSpec("revert", "Revert to saved", card, _revert, emoji="↶", order=4, shown=_has_saved)
    )
    r.add(ActionSpec("cancel", "Cancel", card, _cancel, emoji="✖️", hidden=True))
    r.add(
        ActionSpec(
            "approve",
            "Approve",
            version,
            _review("approve"),
            style="success",
            done_only=True,
            in_place=True,
            order=1,
        )
    )
    r.add(
        ActionSpec(
            "reject",
            "Reject",
            version,
            _review("reject"),
            style="danger",
            done_only=True,
            in_place=True,
            order=2,
        )
    )
    r.add(
        ActionSpec(
            "favorite",
            "Favorite",
            version,
            _favorite,
            emoji="⭐",
            done_only=True,
            in_place=True,
            order=3,
        )
    )
    r.add(ActionSpec("new", "New Version", version, _new, style="primary", order=4))
    r.add(
        ActionSpec(
            "fork",
            "Fork",
            version,
            _fork,
            emoji="↗",
            fields=(NAME,),
            question="a name for the direction",
            done_only=True,
            image_only=True,
            order=5,
        )
    )
    r.add(
        ActionSpec(
            "saveref",
            "Save as Ref",
            version,
            _saveref,
            emoji="📌",
            fields=(REF_NAME, REF_KIND),
            question="a name for the ref",
            done_only=True,
            kinds=("image", "video"),
            order=6,
        )
    )
    r.add(ActionSpec("restore", "Restore", version, _restore, emoji="↩", order=7))
    r.add(ActionSpec("prompt", "Show prompt", version, _prompt, role=Role.viewer, order=8))
    r.add(ActionSpec("prev", "◀", version, _step(-1), role=Role.viewer, hidden=True))
    r.add(ActionSpec("next", "▶", version, _step(1), role=Role.viewer, hidden=True))
    r.add(
        ActionSpec("full", "Full size", version, _full, emoji="🔍", role=Role.viewer, hidden=True)
    )
    for n in range(1, PICKS + 1):
        r.add(
            ActionSpec(pick_action(n), f"suggestion {n}", Scope.suggestion, _pick(n), hidden=True)
        )
    add_edit_actions(r)
    add_library_actions(r)
    add_project_actions(r)
    add_publish_actions(r)
    add_media_actions(r)
    add_lora_actions(r)
    return r
