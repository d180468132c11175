"""Core's registry drives every button: a throw-away action shows up and works with no
adapter change; ✨ Generate lets the assistant finish the prompt first."""

from __future__ import annotations

import ast
import asyncio
from collections.abc import Mapping
from pathlib import Path

from core.actions import ActionSpec, Field, Scope
from core.identity import Actor, Place
from core.studio import Outcome, Studio
from tests.discord import payloads as p
from tests.discord.harness import (
    World,
    answer_text,
    custom_ids,
    modal_fields,
    open_card,
    registered_commands,
    version_id,
    versions_in,
)

ADAPTER = Path(__file__).resolve().parents[2] / "bot" / "discord"


def wave(st: Studio, a: Actor, pl: Place, target: int, answers: Mapping[str, str]) -> Outcome:
    return Outcome(f"👋 waved at version {target}")


def note(st: Studio, a: Actor, pl: Place, target: int, answers: Mapping[str, str]) -> Outcome:
    return Outcome(f"📝 card {target}: {answers['text']}")


WAVE = ActionSpec("wave", "Wave", Scope.version, wave, emoji="👋", order=99)
NOTE = ActionSpec(
    "note", "Note", Scope.card, note, emoji="📝", fields=(Field("text", "Your note"),), order=99
)


def test_a_throwaway_action_is_rendered_and_pressable(world: World) -> None:
    actions = world.runtime.studio.actions

    async def scenario() -> None:
        await world.start_bot()
        try:
            thread_id = await open_card(world, count=1)
            message = versions_in(world, thread_id)[1]
            vid = version_id(message)
            assert f"lbv:wave:{vid}" in custom_ids(message)
            answer = await world.send(world.press(message, f"lbv:wave:{vid}"))
            assert f"👋 waved at version {vid}" in answer_text(answer)

            header = world.header(thread_id)
            assert "lbv:note:1" in custom_ids(header)
            modal = await world.send(world.press(header, "lbv:note:1"))
            assert modal.body["data"]["custom_id"] == "lbm:note:1"
            assert modal_fields(modal) == {"text": ""}
            submit = world.submit(p.CHANNEL, "lbm:note:1", "more fog", field="text")
            assert "📝 card 1: more fog" in answer_text(await world.send(submit))
        finally:
            await world.close()

    with actions.extended(WAVE), actions.extended(NOTE):
        asyncio.run(scenario())


def test_generate_lets_the_assistant_finish_the_prompt_first(world: World) -> None:
    async def scenario() -> None:
        await world.start_bot()
        try:
            await world.send(world.command("project", p.option("name", "Demo"), sub="new"))
            await world.send(world.command("card", p.option("prompt", "a dragon"), sub="new"))
            threads = world.fake.find("POST", rf"/channels/{p.CHANNEL}/messages/\d+/threads")
            header = world.header(int(threads[-1].path.split("/")[4]))
            answer = await world.send(world.press(header, "lbv:generate:1"))
            text = answer_text(answer)
            assert text.startswith("🤖") and "queued v1" in text, text
            await world.idle()
            card = world.runtime.presenter.card_view(1)
            assert card is not None and card.prompt != "a dragon"
            assert {w[1:] for w in text.split() if w.startswith("/")} <= registered_commands(world)
        finally:
            await world.close()

    asyncio.run(scenario())


def test_no_adapter_module_touches_the_database() -> None:
    """bot/discord reaches core through Studio and ThreadBindings only."""
    offenders = []
    for path in sorted(ADAPTER.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            offenders += [
                f"{path.name}: {name}"
                for name in names
                if name.split(".")[0] in ("sqlmodel", "sqlalchemy") or name == "core.db"
            ]
        assert ".session(" not in path.read_text(), path.name
    assert offenders == []
