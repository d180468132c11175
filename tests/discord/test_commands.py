"""Slash commands beyond /imagine: projects, refs with attachments, uploads, lists, bad input."""

from __future__ import annotations

import asyncio
import io
from typing import Any

from PIL import Image

from tests.discord import payloads as p
from tests.discord.harness import World, answer_text, is_ephemeral, open_card, versions_in


def png(color: str = "red", size: tuple[int, int] = (64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def with_file(world: World, name: str, data: bytes) -> tuple[dict[str, Any], dict[str, Any]]:
    """An attachment option and the `resolved` block that carries it."""
    attachment = world.fake.add_attachment(name, data)
    option = {"name": "image", "type": 11, "value": attachment["id"]}
    return option, {"attachments": {attachment["id"]: attachment}}


def test_commands_route_through_the_shared_grammar(world: World) -> None:
    async def scenario() -> None:
        await world.start_bot()
        try:
            answer = await world.send(world.command("queue"))
            assert "no project is selected" in answer_text(answer) and is_ephemeral(answer)
            thread_id = await open_card(world, count=1)

            option, resolved = with_file(world, "castle.png", png("blue"))
            payload = world.command(
                "ref", p.option("name", "castle"), option, sub="add", resolved=resolved
            )
            assert "ref “castle” added (64×48)" in answer_text(await world.send(payload))
            answer = await world.send(world.command("ref", sub="list"))
            assert "1. castle" in answer_text(answer)

            option, resolved = with_file(world, "mine.png", png("green"))
            upload = world.command("upload", option, where=thread_id, resolved=resolved)
            assert "uploaded as v2" in answer_text(await world.send(upload))
            await world.idle()
            assert "upload" in versions_in(world, thread_id)[2]["content"]

            option, resolved = with_file(world, "notes.png", b"not an image at all")
            payload = world.command("upload", option, where=thread_id, resolved=resolved)
            answer = await world.send(payload)
            assert answer_text(answer).startswith("⚠️")

            answer = await world.send(world.command("project", sub="list"))
            assert "Demo (owner)" in answer_text(answer)
            answer = await world.send(world.command("search", p.option("text", "fox")))
            assert "a red fox in snow" in answer_text(answer)
            answer = await world.send(world.command("feed", p.option("filter", "all")))
            assert "feed (all)" in answer_text(answer)
            answer = await world.send(world.command("queue"))
            assert "queue: 0 queued, 0 running" in answer_text(answer)
            answer = await world.send(world.command("help"))
            assert "/imagine" in answer_text(answer) and answer.body["type"] == 4

            answer = await world.send(
                world.command("card", p.option("prompt", "a castle"), sub="new")
            )
            assert "“a castle” created" in answer_text(answer) and "queued" not in answer_text(
                answer
            )
        finally:
            await world.close()

    asyncio.run(scenario())


def test_bad_flags_are_refused_before_anything_is_posted(world: World) -> None:
    async def scenario() -> None:
        await world.start_bot()
        try:
            await world.send(world.command("project", p.option("name", "Demo"), sub="new"))
            for options in (
                [p.option("prompt", "a fox"), p.option("aspect", "9:1")],
                [p.option("prompt", "a fox --n 9")],
                [p.option("prompt", "a fox"), p.option("model", "nope")],
            ):
                answer = await world.send(world.command("imagine", *options))
                assert answer_text(answer).startswith("⚠️") and is_ephemeral(answer)
            assert not world.fake.find("POST", rf"/channels/{p.CHANNEL}/messages")
            answer = await world.send(world.command("search", p.option("text", "fox")))
            assert "no card matches" in answer_text(answer)
        finally:
            await world.close()

    asyncio.run(scenario())


def test_cards_need_a_text_channel_the_bot_may_post_in(world: World) -> None:
    async def scenario() -> None:
        await world.start_bot()
        try:
            await world.send(world.command("project", p.option("name", "Demo"), sub="new"))
            world.fake.forbidden.add(p.CHANNEL)
            answer = await world.send(world.command("imagine", p.option("prompt", "a fox")))
            assert "missing a permission" in answer_text(answer) and is_ephemeral(answer)
            media = p.forum_channel(p.OTHER_CHANNEL, []) | {"type": 16}
            world.fake.channels[p.OTHER_CHANNEL] = media
            payload = world.command("imagine", p.option("prompt", "a fox"), where=p.OTHER_CHANNEL)
            answer = await world.send(payload)
            assert "media channels are not supported" in answer_text(answer)
            assert not world.fake.find("POST", rf"/channels/{p.OTHER_CHANNEL}/threads")
        finally:
            await world.close()

    asyncio.run(scenario())


def test_model_autocomplete_offers_the_catalogue(world: World) -> None:
    async def scenario() -> None:
        await world.start_bot()
        try:
            options = [p.option("prompt", "a fox"), p.option("model", "") | {"focused": True}]
            payload = world.command("imagine", *options)
            payload["type"] = 4
            world.bot._connection.parse_interaction_create(payload)  # type: ignore[union-attr]
            for _ in range(200):
                if world.callbacks(payload):
                    break
                await asyncio.sleep(0.01)
            [answer] = world.callbacks(payload)
            assert answer.body["type"] == 8
            assert "local" in [c["value"] for c in answer.body["data"]["choices"]]
        finally:
            await world.close()

    asyncio.run(scenario())
