"""The adapter follows core's registry: a new action shows and works with no adapter change."""

from __future__ import annotations

import ast
import asyncio
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from core.actions import ActionSpec, Field, Scope
from core.identity import Actor, Place
from core.studio import Outcome, Studio
from tests.telegram import fake_updates as tg
from tests.telegram.conftest import running
from tests.telegram.fake_api import FakeBotApi
from tests.telegram.helpers import (
    ALICE,
    GROUP,
    button,
    header_message,
    last_sent,
    last_text,
    version_message,
)
from workers.runtime import Runtime

ADAPTER = Path(__file__).parents[2] / "bot" / "telegram"
pressed: list[tuple[str, int, dict[str, str]]] = []


def _sparkle(st: Studio, a: Actor, p: Place, target: int, answers: Mapping[str, str]) -> Outcome:
    pressed.append(("sparkle", target, dict(answers)))
    return Outcome(f"✨ sparkled version {target}")


def _rhyme(st: Studio, a: Actor, p: Place, target: int, answers: Mapping[str, str]) -> Outcome:
    pressed.append(("rhyme", target, dict(answers)))
    return Outcome(f"🎵 card {target} rhymes with {answers['word']}", card_id=target)


SPARKLE = ActionSpec("sparkle", "Sparkle", Scope.version, _sparkle, emoji="💫", done_only=True)
RHYME = ActionSpec(
    "rhyme",
    "Rhyme",
    Scope.card,
    _rhyme,
    emoji="🎵",
    fields=(Field("word", "Word", "e.g. moon"),),
    question="a word to rhyme with",
)


def test_a_throwaway_action_is_rendered_and_pressable(
    fake: FakeBotApi, tg_runtime: Runtime
) -> None:
    """Registered in the test only: a version button and a card button that asks first."""
    fake.add_chat(GROUP, "group")
    actions = tg_runtime.studio.actions
    pressed.clear()

    async def scenario() -> None:
        async with running(fake, tg_runtime) as chat:
            await chat.feed(tg.message(fake, GROUP, ALICE, "/project new Demo"))
            await chat.feed(tg.message(fake, GROUP, ALICE, "/imagine a kite --n 1"))
            await chat.idle()
            v1 = version_message(fake, GROUP, 1)
            header = header_message(fake, GROUP)
            assert "💫 Sparkle" in _labels(v1) and "🎵 Rhyme" in _labels(header)
            await chat.feed(tg.press(fake, GROUP, v1["message_id"], ALICE, button(v1, "sparkle")))
            version_id = int(button(v1, "sparkle").split(":")[2])
            assert last_text(fake) == f"✨ sparkled version {version_id}"
            hid = header["message_id"]
            await chat.feed(tg.press(fake, GROUP, hid, ALICE, button(header, "rhyme")))
            question = last_sent(fake)
            assert "a word to rhyme with" in question["text"]
            reply = tg.message(fake, GROUP, ALICE, "spoon", reply_to=question["message_id"])
            await chat.feed(reply)
            assert last_text(fake) == "🎵 card 1 rhymes with spoon"

    with actions.extended(SPARKLE), actions.extended(RHYME):
        asyncio.run(scenario())
    assert pressed == [("sparkle", pressed[0][1], {}), ("rhyme", 1, {"word": "spoon"})]
    assert "sparkle" not in actions.specs


def test_no_adapter_module_touches_the_database() -> None:
    """Adapters reach core through Studio and ThreadBindings, never a session of their own."""
    offenders = []
    for path in sorted(ADAPTER.glob("*.py")):
        tree = ast.parse(path.read_text(), str(path))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif isinstance(node, ast.Attribute) and node.attr in ("session", "_db", "db"):
                offenders.append(f"{path.name}: .{node.attr}")
            bad = [n for n in names if n.split(".")[0] in ("sqlmodel", "sqlalchemy")]
            offenders += [f"{path.name}: import {n}" for n in bad + _models(names)]
    assert offenders == []


def _models(names: list[str]) -> list[str]:
    return [n for n in names if n in ("core.models", "core.db") or n.startswith("core.models.")]


def _labels(shown: dict[str, Any]) -> list[str]:
    return [k["text"] for row in shown["reply_markup"]["inline_keyboard"] for k in row]
