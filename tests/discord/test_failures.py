"""A handler that raises: the person gets a private "something went wrong (ref …)", the log has
ids and the ref but no text anybody typed, and the bot goes on serving."""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

import pytest

from bot.discord import buttons, context
from tests.discord import payloads as p
from tests.discord.harness import (
    World,
    answer_text,
    is_ephemeral,
    open_card,
    version_id,
    versions_in,
)

SECRET = "my secret prompt about a fox"
REF = re.compile(r"something went wrong on our side \(ref ([0-9a-f]{8})\)")


class Broken:
    """Replaces a coroutine function; raises (quoting the person's text) once, then works."""

    def __init__(self, real: Any):
        self.real = real
        self.armed = False

    async def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self.armed:
            self.armed = False
            raise RuntimeError(f"bug while handling {SECRET!r}")
        return await self.real(*args, **kwargs)


async def failed_ref(world: World, payload: dict[str, Any]) -> str:
    answer = await world.send(payload)
    found = REF.search(answer_text(answer))
    assert found and is_ephemeral(answer), answer_text(answer)
    return found[1]


def test_a_failing_handler_answers_with_a_ref_and_the_bot_goes_on(
    world: World, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    defer = Broken(context.defer)
    place = Broken(buttons.press_place)
    monkeypatch.setattr(context, "defer", defer)
    monkeypatch.setattr(buttons, "press_place", place)

    async def scenario() -> list[str]:
        await world.start_bot()
        try:
            thread_id = await open_card(world, count=1)
            v1 = versions_in(world, thread_id)[1]
            vid = version_id(v1)
            refs = []
            defer.armed = True  # a slash command fails before its own guard (the tree's handler)
            refs.append(await failed_ref(world, world.command("cards")))
            place.armed = True  # a button fails in its callback
            refs.append(await failed_ref(world, world.press(v1, f"lbv:prompt:{vid}")))
            defer.armed = True  # a modal submit fails in the on_interaction listener
            form = world.submit(thread_id, f"lbm:fork:{vid}", {"name": "night"}, message=v1)
            refs.append(await failed_ref(world, form))
            assert world.bot is not None and not world.bot.is_closed()
            answer = await world.send(world.command("cards"))  # still serving
            assert "a red fox" in answer_text(answer)
            return refs
        finally:
            await world.close()

    with caplog.at_level(logging.ERROR, logger="bot.discord.failures"):
        refs = asyncio.run(scenario())
    assert len(set(refs)) == 3
    logged = [r.getMessage() for r in caplog.records if r.name == "bot.discord.failures"]
    for ref in refs:
        [line] = [x for x in logged if f"ref {ref}" in x]
        assert "interaction=" in line and f"guild={p.GUILD}" in line and "user=501" in line
        assert "RuntimeError" in line
    assert not any(SECRET in x for x in logged), "the log names ids, never what was typed"
