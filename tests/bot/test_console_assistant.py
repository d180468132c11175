"""The refinement assistant in the console: idea → question → pick → generate → refine → restore."""

from __future__ import annotations

import pytest
from sqlmodel import select

from bot.console.render import outcome_text
from bot.router import CommandRouter
from core.assistant import HeuristicAssistant
from core.assistant.facets import SETTING, TIME
from core.identity import Actor, Place
from core.models import Card, CardMessage, PromptRevision, Version
from core.studio import Outcome
from workers.runtime import Runtime

ANN = Actor("console", "ann", "Ann")
ROOM = Place("console", "room")


@pytest.fixture
def router(runtime: Runtime) -> CommandRouter:
    runtime.studio.assistant = HeuristicAssistant()
    r = CommandRouter(runtime.studio)
    r.handle(ANN, ROOM, "/project new Demo")
    return r


def run(router: CommandRouter, runtime: Runtime, text: str) -> tuple[Outcome, str]:
    """Handle one console line; return the outcome and the text the console prints."""
    outcome = router.handle(ANN, ROOM, text)
    assert runtime.wait_idle(platforms=["console"], timeout=60)
    return outcome, outcome_text(outcome)


def rows(runtime: Runtime, model):  # type: ignore[no-untyped-def]
    with runtime.db.session() as session:
        return list(session.exec(select(model).order_by(model.id)).all())


def test_vague_idea_to_question_pick_generate_refine_and_restore(
    router: CommandRouter, runtime: Runtime
) -> None:
    run(router, runtime, "/card new a dragon")
    asked, shown = run(router, runtime, "help me with the idea")
    assert SETTING.question in asked.text and asked.suggestions == list(SETTING.suggestions)
    assert "[in a misty forest → /pick 1]  [on a mountain top → /pick 2]" in shown

    picked, shown = run(router, runtime, "/pick 1")
    assert "✏️  + in a misty forest" in shown and "│ prompt: a dragon, in a misty forest" in shown
    assert TIME.question in picked.text and "→ /pick 4]" in shown

    queued, _ = run(router, runtime, "/new")
    assert "queued v1" in queued.text

    refined, shown = run(router, runtime, "closer")
    assert "✏️  + close-up" in shown and "[New Version → /new]" in shown
    assert refined.suggestions == []
    (card,) = rows(runtime, Card)
    assert card.prompt == "a dragon, in a misty forest, close-up"

    run(router, runtime, "/new")
    v1, v2 = rows(runtime, Version)
    assert (v1.prompt, v2.prompt) == ("a dragon, in a misty forest", card.prompt)
    assert v1.status == v2.status == "done"

    restored, shown = run(router, runtime, "/restore 1")
    assert "│ prompt: a dragon, in a misty forest\n" in shown
    (card,) = rows(runtime, Card)
    assert card.prompt == v1.prompt
    assert [(r.reason, r.prompt) for r in rows(runtime, PromptRevision)] == [
        ("create", "a dragon"),
        ("refine", "a dragon, in a misty forest"),
        ("refine", "a dragon, in a misty forest, close-up"),
        ("restore", "a dragon, in a misty forest"),
    ]
    said = [(m.role, m.text.split("\n")[0]) for m in rows(runtime, CardMessage)]
    assert [who for who, _ in said] == ["user", "assistant"] * 3
    assert [text for who, text in said if who == "user"] == [
        "help me with the idea",
        "in a misty forest",
        "closer",
    ]


def test_generate_lets_the_assistant_finish_the_prompt(
    router: CommandRouter, runtime: Runtime
) -> None:
    run(router, runtime, "/card new a dragon, close-up")
    out, shown = run(router, runtime, "/generate --n 2")
    assert "✨ Completed the scene idea" in shown and "queued v1–v2" in shown
    first, _second = rows(runtime, Version)
    assert first.prompt == "a dragon, close-up, soft natural light, photorealistic"
    again, _ = run(router, runtime, "/generate")
    assert again.text.startswith("queued v3")


def test_pick_needs_an_open_question(router: CommandRouter, runtime: Runtime) -> None:
    from core.errors import BadInput

    run(router, runtime, "/card new a dragon")
    with pytest.raises(BadInput, match="no open question"):
        run(router, runtime, "/pick 1")
    run(router, runtime, "ideas?")
    with pytest.raises(BadInput, match="from 1 to 4"):
        run(router, runtime, "/pick 9")
    assert "/pick <n>" in run(router, runtime, "/help")[0].text
