"""Forums that require a tag (40067): a card gets a status tag, or is refused before it exists."""

from __future__ import annotations

import asyncio

from sqlmodel import func, select

from core.models import Card
from tests.discord import payloads as p
from tests.discord.fake_refusals import REQUIRE_TAG
from tests.discord.harness import World, answer_text

GENERATING, DONE = str(p.FORUM + 1), str(p.FORUM + 2)


def cards(world: World) -> int:
    with world.runtime.db.session() as session:
        return int(session.exec(select(func.count()).select_from(Card)).one())


async def make_project(world: World) -> None:
    project = world.command("project", p.option("name", "Gallery"), sub="new", where=p.FORUM)
    assert "created" in answer_text(await world.send(project))


def test_a_forum_requiring_tags_without_status_tags_is_refused_first(world: World) -> None:
    world.fake.channels[p.FORUM] = p.forum_channel(p.FORUM, ["cats"]) | {"flags": REQUIRE_TAG}

    async def scenario() -> None:
        await world.start_bot()
        try:
            await make_project(world)
            command = world.command("imagine", p.option("prompt", "a red fox"), where=p.FORUM)
            answer = answer_text(await world.send(command))
            assert "requires a tag" in answer and "Generating or Done" in answer, answer
        finally:
            await world.close()

    asyncio.run(scenario())
    assert not world.fake.find("POST", rf"/channels/{p.FORUM}/threads")
    assert cards(world) == 0, "nothing was created"


def test_a_forum_requiring_tags_gets_a_status_tag_on_every_post(world: World) -> None:
    forum = p.forum_channel(p.FORUM, ["Generating", "Done", "cats"]) | {"flags": REQUIRE_TAG}
    world.fake.channels[p.FORUM] = forum

    async def scenario() -> None:
        await world.start_bot()
        try:
            await make_project(world)
            command = world.command(
                "card", p.option("prompt", "a castle"), sub="new", where=p.FORUM
            )
            answer = answer_text(await world.send(command))
            assert "<#" in answer, answer
            await world.idle()
        finally:
            await world.close()

    asyncio.run(scenario())
    [post] = world.fake.find("POST", rf"/channels/{p.FORUM}/threads")
    assert post.body["applied_tags"] in ([GENERATING], [DONE])
    thread_id = max(c for c, ch in world.fake.channels.items() if ch.get("parent_id"))
    assert world.fake.channels[thread_id]["applied_tags"], "a post never loses its last tag"
    assert cards(world) == 1
