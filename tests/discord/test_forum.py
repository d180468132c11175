"""Forum channels: a card is a forum post (header inside it), tagged by the card's status."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from bot.discord.sink import DiscordSink
from core.storage import LocalStorage
from core.views import CardView
from tests.discord import payloads as p
from tests.discord.fake_discord import FakeDiscord
from tests.discord.harness import World, answer_text, custom_ids, is_ephemeral, versions_in

GENERATING, DONE, CATS = str(p.FORUM + 1), str(p.FORUM + 2), str(p.FORUM + 3)


def tag_edits(fake: FakeDiscord, thread_id: int) -> list[list[str]]:
    calls = fake.find("PATCH", rf"/channels/{thread_id}")
    return [c.body["applied_tags"] for c in calls if "applied_tags" in c.body]


def posts(fake: FakeDiscord) -> list[int]:
    return [cid for cid, c in fake.channels.items() if c.get("parent_id") == str(p.FORUM)]


async def new_post(world: World, command: str, *options: dict[str, Any], where: int) -> int:
    sub = "new" if command == "card" else None
    answer = await world.send(world.command(command, *options, sub=sub, where=where))
    assert is_ephemeral(answer), answer_text(answer)
    thread_id = max(posts(world.fake))
    assert f"<#{thread_id}>" in answer_text(answer), answer_text(answer)
    return thread_id


def test_imagine_in_a_forum_opens_a_tagged_post_with_the_header_inside(world: World) -> None:
    world.fake.channels[p.FORUM] = p.forum_channel(p.FORUM, ["Generating", "Done ✅", "cats"])

    async def scenario() -> None:
        await world.start_bot()
        try:
            project = world.command(
                "project", p.option("name", "Gallery"), sub="new", where=p.FORUM
            )
            assert "created" in answer_text(await world.send(project))
            options = (p.option("prompt", "a red fox"), p.option("count", 2))
            thread_id = await new_post(world, "imagine", *options, where=p.FORUM)
            [post] = world.fake.find("POST", rf"/channels/{p.FORUM}/threads")
            assert post.body["name"] == "a red fox" and post.body["applied_tags"] == []
            assert "a red fox" in post.body["message"]["content"]
            buttons = post.body["message"]["components"][0]["components"]
            assert [b["custom_id"] for b in buttons][:3] == [
                "lbv:generate:1",
                "lbv:edit:1",
                "lbv:save:1",
            ]
            assert not world.fake.find("POST", rf"/channels/{p.FORUM}/messages")
            await world.idle()

            header = world.fake.messages[thread_id]
            assert header["channel_id"] == str(thread_id)
            assert "v1: ✅ done" in header["content"] and "v2: ✅ done" in header["content"]
            assert world.fake.find("PATCH", rf"/channels/{thread_id}/messages/{thread_id}")
            assert not world.fake.find("PATCH", rf"/channels/{p.FORUM}/messages/\d+")
            assert sorted(versions_in(world, thread_id)) == [1, 2]
            assert [GENERATING] in tag_edits(world.fake, thread_id)
            assert world.fake.channels[thread_id]["applied_tags"] == [DONE]

            # A member adds their own tag; the header's buttons work inside the post.
            world.fake.channels[thread_id]["applied_tags"] = [DONE, CATS]
            answer = await world.send(world.press(header, "lbv:generate:1"))
            assert "queued v3" in answer_text(answer), answer_text(answer)
            await world.idle()
            assert sorted(versions_in(world, thread_id)) == [1, 2, 3, 4]
            assert "v4: ✅ done" in world.fake.messages[thread_id]["content"]
            assert set(world.fake.channels[thread_id]["applied_tags"]) == {DONE, CATS}

            pick = world.press(world.fake.messages[thread_id], "lbs:view")
            pick["data"] = {"custom_id": "lbs:view", "component_type": 3, "values": ["1"]}
            assert "viewing v1 of 4" in answer_text(await world.send(pick))

            # An archived post is unarchived before core's refresh edits its header.
            world.fake.channels[thread_id]["thread_metadata"]["archived"] = True
            answer = await world.send(world.press(world.fake.messages[thread_id], "lbv:save:1"))
            assert "saved" in answer_text(answer), answer_text(answer)
            await world.idle()
            assert not world.fake.archived(thread_id)
            assert "💾 saved" in world.fake.messages[thread_id]["content"]
            unarchive = world.fake.find("PATCH", rf"/channels/{thread_id}")[-1]
            assert unarchive.body == {"archived": False}
        finally:
            await world.close()

    asyncio.run(scenario())


def test_a_forum_without_status_tags_gets_untagged_posts(world: World) -> None:
    world.fake.channels[p.FORUM] = p.forum_channel(p.FORUM, ["cats"])

    async def scenario() -> None:
        await world.start_bot()
        try:
            project = world.command(
                "project", p.option("name", "Gallery"), sub="new", where=p.FORUM
            )
            await world.send(project)
            first = await new_post(world, "card", p.option("prompt", "a castle"), where=p.FORUM)
            [post] = world.fake.find("POST", rf"/channels/{p.FORUM}/threads")
            assert "applied_tags" not in post.body
            assert custom_ids(world.fake.messages[first])[:3] == [
                "lbv:generate:1",
                "lbv:edit:1",
                "lbv:save:1",
            ]
            # /imagine inside a post opens another post in the same forum.
            second = await new_post(world, "imagine", p.option("prompt", "a moat"), where=first)
            assert second != first and len(posts(world.fake)) == 2
            await world.idle()
            assert sorted(versions_in(world, second)) == [1]
            assert not versions_in(world, first)
            assert not tag_edits(world.fake, second)
        finally:
            await world.close()

    asyncio.run(scenario())


def card_view(status: str) -> CardView:
    return CardView(
        card_id=1,
        title="a fox",
        status=status,
        prompt="a fox",
        negative_prompt="",
        settings="1:1 · 1K",
        progress=["v1: ✅ done"],
        banner=None,
        viewed_version_id=None,
    )


def test_the_sink_unarchives_a_forum_post_and_swaps_only_the_status_tag(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    fake.channels[p.FORUM] = p.forum_channel(p.FORUM, ["generating", "done", "cats"])
    post = p.FORUM + 50
    fake.channels[post] = p.thread_channel(post, p.FORUM, "a fox")
    fake.channels[post]["applied_tags"] = [GENERATING, CATS]
    fake.channels[post]["thread_metadata"]["archived"] = True
    fake.messages[post] = p.message(post, post, "old header", {}, [])
    sink = DiscordSink(p.TOKEN, fake.base, storage=LocalStorage(tmp_path))
    try:
        sink.refresh_header(card_view("done"), str(post), str(post))
        sink.refresh_header(card_view("done"), str(post), str(post))
    finally:
        sink.close()
    assert "v1: ✅ done" in fake.messages[post]["content"]
    assert not fake.archived(post)
    assert tag_edits(fake, post) == [[DONE, CATS]]
    assert fake.channels[post]["applied_tags"] == [DONE, CATS]
