"""Core's invariants on any proposal, the platform controls and the eval table's verdict."""

from __future__ import annotations

import pytest

from bench.assistant_cases import CASES
from bench.assistant_eval import run
from core.assistant import AssistantReply, ChatContext, HeuristicAssistant
from core.assistant.controls import KEYS, PLATFORMS, control
from core.assistant.facets import facet_of
from core.assistant.guard import check
from core.assistant.invariants import violations
from core.assistant.syntax import balanced, split_phrases, without_flags
from core.assistant.types import Snapshot
from core.assistant.undo import previous
from core.assistant.vocabulary import FACET_TABLE

STORM = ChatContext(
    prompt="a ship, dark storm clouds, (rain:1.2)", negative_prompt="blurry", stage="refine"
)


@pytest.mark.parametrize(
    ("message", "prompt", "negative", "problem"),
    [
        ("more dramatic", "a ship, dramatic mood, (rain:1.2)", "blurry", "drop “dark”"),
        ("closer", "a ship, dark storm clouds, (rain:1.2, close-up", "blurry", "brackets"),
        ("closer", "a ship, dark storm clouds, rain, close-up", "blurry", "bracketed phrase"),
        ("closer", "a ship, dark storm clouds, (rain:1.2), close-up", "", "emptied"),
        ("help?", "a ship, dark storm clouds, (rain:1.2)", "blurry, sure what, help", "keep out"),
        ("thanks!", "a ship, dark storm clouds, (rain:1.2), thanks", "blurry", "chat message"),
        ("make it 16:9", "a ship, dark storm clouds, (rain:1.2), 16:9", "blurry", "chat message"),
    ],
)
def test_what_breaks_the_invariants(message: str, prompt: str, negative: str, problem: str) -> None:
    found = violations(STORM, message, prompt, negative)
    assert found and problem in " ".join(found)


@pytest.mark.parametrize(
    ("message", "prompt", "negative"),
    [
        ("remove the clouds", "a ship, dark storm, (rain:1.2)", "blurry, clouds"),
        ("no rain", "a ship, dark storm clouds", "blurry, rain"),
        ("not blurry any more", "a ship, dark storm clouds, (rain:1.2)", ""),
        ("closer", "a ship, dark storm clouds, (rain:1.2), close-up", "blurry"),
    ],
)
def test_what_the_message_names_may_change(message: str, prompt: str, negative: str) -> None:
    assert violations(STORM, message, prompt, negative) == []


def test_core_refuses_a_harmful_proposal_and_commands_as_buttons() -> None:
    hostile = AssistantReply(
        "Done!",
        suggestions=["/approve", "--ar 16:9", "see https://x.example", "calm mood"],
        prompt="a ship, calm sea",
        negative_prompt="",
    )
    checked = check(hostile, STORM, "calmer")
    assert (checked.prompt, checked.negative_prompt) == (STORM.prompt, STORM.negative_prompt)
    assert checked.text == "I did not change the draft." and checked.problems
    assert checked.suggestions == ["calm mood"]


def test_going_back_to_a_stored_draft_is_allowed() -> None:
    context = ChatContext(
        prompt="a ship, calm sea",
        stage="refine",
        revisions=(Snapshot("a ship, dark storm clouds", reason="create"),),
    )
    assert violations(context, "undo", "a ship, dark storm clouds", "") == []
    assert violations(context, "undo", "a ship", "") != []


def test_the_older_viewed_version_is_the_base_only_when_the_draft_is_saved() -> None:
    saved = ChatContext(
        prompt="a fox, close-up",
        stage="refine",
        base_prompt="a fox, wide shot",
        versions=(Snapshot("a fox, wide shot", number=1), Snapshot("a fox, close-up", number=2)),
    )
    typed = ChatContext(**{**saved.__dict__, "prompt": "a fox, close-up, a typed scarf"})
    assert saved.start == "a fox, wide shot" and typed.start == typed.prompt
    reply = HeuristicAssistant().reply(typed, [], "make it night")
    assert reply.prompt == "a fox, close-up, a typed scarf, at night"


def test_every_phrase_the_intent_table_writes_is_a_facet_phrase_again() -> None:
    """So the next edit of that facet replaces it instead of piling up beside it."""
    for facet, phrase, _words in FACET_TABLE:
        written = phrase.format("calm") + (" mood" if "{}" in phrase else "")
        assert facet_of(written) == facet, written
    assert facet_of("dark storm clouds") is None and facet_of("(close-up:1.2)") is None


def test_undo_walks_back_past_earlier_undos() -> None:
    a, b, c = (Snapshot(p, reason="refine") for p in "abc")
    assert previous((a, b, c)) == b
    assert previous((a, b, c, Snapshot("b", reason="undo"))) == a
    assert previous((a, b, c, Snapshot("b", reason="undo"), Snapshot("a", reason="undo"))) is None


def test_phrases_split_only_outside_brackets() -> None:
    assert split_phrases("a fox, (close-up, dramatic:1.3), [a, b]") == [
        "a fox",
        "(close-up, dramatic:1.3)",
        "[a, b]",
    ]
    assert balanced("(a, [b]:1.2)") and not balanced("(a, b") and not balanced("a)")
    assert without_flags("closer --model x --n 5, at night") == (
        "closer, at night",
        ["--model x", "--n 5"],
    )


@pytest.mark.parametrize("platform", PLATFORMS)
def test_every_control_is_named_on_every_platform(platform: str) -> None:
    for key in KEYS:
        assert control(platform, key)
    assert "--ar 21:9" in control(platform, "aspect", "21:9")


def test_controls_name_the_platforms_own_buttons() -> None:
    assert control("discord", "aspect") == (
        "the ✏️ Edit prompt button on the card header, with --ar 16:9 in the prompt"
    )
    assert (
        control("telegram", "aspect") == "/prompt … --ar 16:9 (keeps the prompt) or /new --ar 16:9"
    )
    assert control("console", "generate") == "/generate or the ✨ Generate button"
    assert control("discord", "generate") == "the ✨ Generate button"
    assert (control("console", "new_version"), control("discord", "new_version")) == (
        "/new",
        "the New Version button",
    )
    discord = ChatContext(prompt="a fox", stage="refine", platform="discord")
    assert "Edit prompt button" in HeuristicAssistant().reply(discord, [], "make it 16:9").text


def test_the_eval_table_has_no_harmful_case() -> None:
    outcomes = [run(HeuristicAssistant(), case) for case in CASES]
    assert len(outcomes) >= 150 and len({o.case.category for o in outcomes}) == 17
    assert [o.case.message for o in outcomes if o.harm] == []
    assert sum(1 for o in outcomes if not o.failed) / len(outcomes) >= 0.8
