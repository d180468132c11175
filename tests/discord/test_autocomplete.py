"""Autocomplete for /project use, /open and /ref remove|reorder: offered, filtered, authorized."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlmodel import select

from core.choices import project_choices
from core.identity import Actor, Place
from core.models import User
from tests.discord import payloads as p
from tests.discord.harness import World, answer_text
from tests.discord.test_commands import png
from tests.waiting import settle_until

ME, STRANGER = 501, 502


async def suggest(
    world: World,
    name: str,
    *options: dict[str, Any],
    sub: str | None = None,
    user_id: int = ME,
    where: int = p.CHANNEL,
) -> list[tuple[str, str]]:
    """The (name, value) choices the bot answers an autocomplete interaction (type 4) with."""
    payload = world.command(name, *options, sub=sub, user_id=user_id, where=where, admin=False)
    payload["type"] = 4
    world.bot._connection.parse_interaction_create(payload)  # type: ignore[union-attr]
    await settle_until(lambda: world.callbacks(payload), "an autocomplete answer")
    [answer] = world.callbacks(payload)
    assert answer.body["type"] == 8
    return [(c["name"], c["value"]) for c in answer.body["data"]["choices"]]


def typing(name: str, value: str) -> dict[str, Any]:
    return p.option(name, value) | {"focused": True}


async def setup(world: World) -> None:
    """Demo (this channel): two cards, two refs; Other (other channel): one card, one ref."""
    world.fake.channels[p.OTHER_CHANNEL] = p.text_channel(p.OTHER_CHANNEL)
    for where, name, prompts, refs in (
        (p.CHANNEL, "Demo", ["a red fox in snow", "a blue whale"], ["fox", "Snowy owl"]),
        (p.OTHER_CHANNEL, "Other", ["a red barn"], ["barn"]),
    ):
        await world.send(world.command("project", p.option("name", name), sub="new", where=where))
        for prompt in prompts:
            await world.send(
                world.command("card", p.option("prompt", prompt), sub="new", where=where)
            )
        actor, place = Actor("discord", str(ME)), Place("discord", str(where))
        for ref in refs:
            await asyncio.to_thread(world.runtime.studio.add_ref, actor, place, ref, png())


def test_cards_refs_and_projects_are_offered_filtered_and_scoped(world: World) -> None:
    async def scenario() -> None:
        await world.start_bot()
        try:
            await setup(world)
            cards = await suggest(world, "open", typing("card", ""))
            assert [name.split(" ", 1)[1] for name, _ in cards] == [
                "a blue whale",
                "a red fox in snow",
            ]
            assert all(value == name.split(" ")[0] for name, value in cards)
            fox = cards[1]
            assert await suggest(world, "open", typing("card", "RED")) == [fox]
            assert await suggest(world, "open", typing("card", fox[1])) == [fox]
            other = await suggest(world, "open", typing("card", "red"), where=p.OTHER_CHANNEL)
            assert [name.split(" ", 1)[1] for name, _ in other] == ["a red barn"]

            refs = await suggest(world, "ref", typing("name", ""), sub="remove")
            assert refs == [("1. fox [object]", "fox"), ("2. Snowy owl [object]", "Snowy owl")]
            reorder = await suggest(world, "ref", typing("name", "OWL"), sub="reorder")
            assert reorder == [refs[1]]
            assert await suggest(world, "ref", typing("name", "barn"), sub="remove") == []

            projects = await suggest(world, "project", typing("name", ""), sub="use")
            assert [value for _, value in projects] == ["Demo", "Other"]
            assert [
                v for _, v in await suggest(world, "project", typing("name", "oth"), sub="use")
            ] == ["Other"]

            answer = await world.send(world.command("open", p.option("card", fox[1])))
            assert f"opened card {fox[1]}" in answer_text(answer)
            answer = await world.send(world.command("ref", p.option("name", "fox"), sub="remove"))
            assert "ref “fox” removed" in answer_text(answer)
            assert await suggest(world, "ref", typing("name", ""), sub="remove") == [
                ("1. Snowy owl [object]", "Snowy owl")
            ]
        finally:
            await world.close()

    asyncio.run(scenario())


def test_a_stranger_gets_no_choices_and_joins_nothing(world: World) -> None:
    async def scenario() -> None:
        await world.start_bot()
        try:
            await setup(world)
            for name, option, sub in (
                ("open", typing("card", ""), None),
                ("ref", typing("name", ""), "remove"),
                ("ref", typing("name", ""), "reorder"),
                ("project", typing("name", ""), "use"),
            ):
                assert await suggest(world, name, option, sub=sub, user_id=STRANGER) == []
            with world.runtime.db.session() as session:
                row = session.exec(select(User).where(User.platform_user_id == str(STRANGER)))
                assert row.first() is None  # a keystroke creates no user and joins nothing
            command = world.command("project", sub="members", user_id=STRANGER, admin=False)
            await world.send(command)  # a real command joins them (the project's join role)
            cards = await suggest(world, "open", typing("card", ""), user_id=STRANGER)
            assert len(cards) == 2
        finally:
            await world.close()

    asyncio.run(scenario())


def test_same_named_projects_are_offered_by_number(world: World) -> None:
    studio = world.runtime.studio
    actor = Actor("discord", str(ME))
    for chat in ("1", "2", "3"):
        studio.new_project(actor, Place("discord", chat), "Demo" if chat != "3" else "Solo")
    found = project_choices_for(world, "")
    assert [c.value for c in found][2] == "Solo"
    assert all(c.value.startswith("#") for c in found[:2]) and found[0].value != found[1].value
    assert [c.value for c in project_choices_for(world, "100%")] == []


def project_choices_for(world: World, typed: str) -> list[Any]:
    with world.runtime.db.session() as session:
        user = session.exec(select(User).where(User.platform_user_id == str(ME))).one()
        return project_choices(session, user, typed)
