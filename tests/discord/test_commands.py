"""Slash commands beyond /imagine: projects, refs with attachments, uploads, lists, bad input."""

from __future__ import annotations

import asyncio
import io
from typing import Any

from PIL import Image

from tests.discord import payloads as p
from tests.discord.harness import (
    World,
    answer_files,
    answer_text,
    is_ephemeral,
    open_card,
    versions_in,
)
from tests.waiting import settle_until


def png(color: str = "red", size: tuple[int, int] = (64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def with_file(world: World, name: str, data: bytes) -> tuple[dict[str, Any], dict[str, Any]]:
    """An attachment option and the `resolved` block that carries it."""
    attachment = world.fake.add_attachment(name, data)
    option = {"name": "image", "type": 11, "value": attachment["id"]}
    return option, {"attachments": {attachment["id"]: attachment}}


def test_commands_call_core_with_typed_options(world: World) -> None:
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
            kind = world.command(
                "ref", p.option("name", "castle"), p.option("kind", "location"), sub="kind"
            )
            assert "is a location ref now" in answer_text(await world.send(kind))

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
            answer = await world.send(world.command("queue"))
            assert "queue: 0 queued, 0 running" in answer_text(answer)

            answer = await world.send(
                world.command("card", p.option("prompt", "a castle"), sub="new")
            )
            text = answer_text(answer)
            assert "“a castle” created" in text and "queued" not in text
        finally:
            await world.close()

    asyncio.run(scenario())


def test_lists_answer_with_pictures_not_paths(world: World) -> None:
    """/feed, /ref list and /cards attach a contact sheet; no server path is ever shown."""

    async def scenario() -> None:
        await world.start_bot()
        try:
            await open_card(world, count=2)
            option, resolved = with_file(world, "castle.png", png("blue"))
            add = world.command(
                "ref", p.option("name", "castle"), option, sub="add", resolved=resolved
            )
            await world.send(add)
            storage = str(world.runtime.settings.resolved_storage_dir)
            for payload, name, line in (
                (world.command("feed", p.option("filter", "all")), "feed.jpg", "feed (all)"),
                (world.command("ref", sub="list"), "refs.jpg", "1. castle [object]"),
                (world.command("cards"), "cards.jpg", "#1 a red fox in snow"),
            ):
                answer = await world.send(payload)
                text = answer_text(answer)
                assert line in text and is_ephemeral(answer), text
                assert answer_files(answer) == [name], text
                [(_field, _name, data)] = answer.files
                assert data[:2] == b"\xff\xd8"  # a JPEG contact sheet
                assert storage not in text and "/tmp" not in text
        finally:
            await world.close()

    asyncio.run(scenario())


def test_typed_options_are_validated_on_their_own(world: World) -> None:
    """A negative of "blurry --n 5" stays a negative prompt; the count stays 1."""

    async def scenario() -> None:
        await world.start_bot()
        try:
            await world.send(world.command("project", p.option("name", "Demo"), sub="new"))
            imagine = world.command(
                "imagine", p.option("prompt", "a fox"), p.option("negative", "blurry --n 5")
            )
            answer = await world.send(imagine)
            assert "queued v1 " in answer_text(answer) + " ", answer_text(answer)
            card = world.runtime.presenter.card_view(1)
            assert card is not None and card.negative_prompt == "blurry --n 5"
            assert "×1" in card.settings
            twice = world.command(
                "imagine", p.option("prompt", "a fox --n 2"), p.option("count", 3)
            )
            answer = await world.send(twice)
            assert answer_text(answer).startswith("⚠️") and "given twice" in answer_text(answer)
            await world.idle()
            threads = world.fake.find("POST", rf"/channels/{p.CHANNEL}/messages/\d+/threads")
            assert (
                len(threads) == 1
                and len(versions_in(world, int(threads[0].path.split("/")[4]))) == 1
            )
        finally:
            await world.close()

    asyncio.run(scenario())


def test_card_commands_in_a_card_thread_act_on_that_card(world: World) -> None:
    async def scenario() -> None:
        await world.start_bot()
        try:
            thread_id = await open_card(world, count=1)
            other = world.command("card", p.option("prompt", "a castle"), sub="new")
            assert "card #2" in answer_text(await world.send(other))
            here = {"where": thread_id}
            prompt = world.command("prompt", p.option("prompt", "a red fox at dusk"), **here)
            assert "draft autosaved" in answer_text(await world.send(prompt))
            assert world.runtime.presenter.card_view(1).prompt == "a red fox at dusk"  # type: ignore[union-attr]
            for name, options, expected in (
                ("save", (), "💾 saved"),
                ("revert", (), "back to the saved prompt"),
                ("version", (p.option("number", 1),), "viewing v1"),
                ("approve", (), "v1 ✅ approved"),
                ("favorite", (p.option("version", 1),), "⭐ v1 is a favorite"),
                ("show", (), "v1 prompt: a red fox in snow"),
                ("fork", (p.option("name", "night"),), "direction “night” forked from v1"),
                ("directions", (), "▶ night"),
                (
                    "rename",
                    (p.option("old", "night"), p.option("new", "dusk")),
                    "renamed to “dusk”",
                ),
                ("direction", (p.option("name", "main"),), "working in direction"),
                (
                    "saveref",
                    (p.option("name", "hero"), p.option("kind", "character")),
                    "character ref “hero”",
                ),
                ("restore", (p.option("version", 1),), "restored the prompt and settings of v1"),
                ("chat", (), "card #1"),
                ("cancel", (), "card #1 has nothing queued"),
                ("new", (p.option("count", 2),), "queued v2–v3 of card #1"),
            ):
                answer = await world.send(world.command(name, *options, **here))
                assert expected in answer_text(answer), (name, answer_text(answer))
            await world.idle()
            assert sorted(versions_in(world, thread_id)) == [1, 2, 3]
            answer = await world.send(world.command("reject", p.option("version", 3), **here))
            assert "v3 ❌ rejected" in answer_text(answer)
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


def test_a_card_is_refused_early_where_i_lack_a_permission(world: World) -> None:
    async def scenario() -> None:
        await world.start_bot()
        try:
            await world.send(world.command("project", p.option("name", "Demo"), sub="new"))
            payload = world.command("imagine", p.option("prompt", "a fox"))
            payload["app_permissions"] = str(p.MEMBER_PERMISSIONS)  # no threads, no files
            answer = await world.send(payload)
            text = answer_text(answer)
            assert "Create Public Threads" in text and "Attach Files" in text, text
            assert not world.fake.find("POST", rf"/channels/{p.CHANNEL}/messages")
            answer = await world.send(world.command("cards"))
            assert "no cards yet" in answer_text(answer)
        finally:
            await world.close()

    asyncio.run(scenario())


def test_the_first_imagine_just_works_and_dms_hold_no_cards(world: World) -> None:
    async def scenario() -> None:
        await world.start_bot()
        try:
            member = world.command("imagine", p.option("prompt", "a fox"), admin=False)
            answer = await world.send(member)
            assert "a chat admin's first /imagine creates one" in answer_text(answer)
            assert not world.fake.find("POST", rf"/channels/{p.CHANNEL}/messages")
            answer = await world.send(world.command("imagine", p.option("prompt", "a fox")))
            text = answer_text(answer)
            assert "created the project" in text and "queued v1" in text, text
            dm = world.command("imagine", p.option("prompt", "a fox"))
            for key in ("guild_id", "guild", "member"):
                dm.pop(key)
            dm |= {"user": p.user(501, "ada"), "context": 1, "channel_id": "42"}
            dm["channel"] = {"id": "42", "type": 1, "recipients": [p.user(501, "ada")]}
            answer = await world.send(dm)
            assert "cards live in server channels" in answer_text(answer)
            await world.idle()
        finally:
            await world.close()

    asyncio.run(scenario())


def test_a_refused_thread_leaves_no_header_behind(world: World) -> None:
    async def scenario() -> None:
        await world.start_bot()
        try:
            await world.send(world.command("project", p.option("name", "Demo"), sub="new"))
            world.fake.no_threads.add(p.CHANNEL)
            answer = await world.send(world.command("imagine", p.option("prompt", "a fox")))
            text = answer_text(answer)
            assert text.startswith("⚠️") and "card #1 “a fox” was created" in text, text
            assert "missing a permission" in text and "nothing was generated" in text
            [header] = world.fake.find("POST", rf"/channels/{p.CHANNEL}/messages")
            assert not [
                m for m in world.fake.messages.values() if m["content"] == header.body["content"]
            ]
            assert world.fake.find("DELETE", rf"/channels/{p.CHANNEL}/messages/\d+")
            assert world.runtime.busy(["discord"]) == 0
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
            await settle_until(lambda: world.callbacks(payload), "an autocomplete answer")
            [answer] = world.callbacks(payload)
            assert answer.body["type"] == 8
            assert "local" in [c["value"] for c in answer.body["data"]["choices"]]
        finally:
            await world.close()

    asyncio.run(scenario())
