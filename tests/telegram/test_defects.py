"""Defects the old seam hid, reproduced through the adapter: stale headers, paths instead of
pictures, ✨ Generate without the assistant."""

from __future__ import annotations

import asyncio

from tests.telegram import fake_updates as tg
from tests.telegram.conftest import running
from tests.telegram.fake_api import FakeBotApi
from tests.telegram.helpers import (
    ALICE,
    FORUM,
    GROUP,
    button,
    header_message,
    last_sent,
    last_text,
    png,
    texts,
    version_message,
)
from workers.runtime import Runtime


def test_header_shows_the_draft_after_a_refinement_in_the_card_chat(
    fake: FakeBotApi, tg_runtime: Runtime
) -> None:
    """The assistant's change reaches the header, and ✏️ Edit prompt asks from that draft."""
    fake.add_chat(GROUP, "group")

    async def scenario() -> None:
        async with running(fake, tg_runtime) as chat:
            await chat.feed(tg.message(fake, GROUP, ALICE, "/project new Demo"))
            await chat.feed(tg.message(fake, GROUP, ALICE, "/imagine a kite --n 1"))
            await chat.idle()
            header = header_message(fake, GROUP)
            v1 = version_message(fake, GROUP, 1)["message_id"]
            await chat.feed(tg.message(fake, GROUP, ALICE, "make it red", reply_to=v1))
            assert last_text(fake).startswith("🤖")
            await chat.idle()  # joins core's header refresh
            draft = tg_runtime.presenter.card_view(1)
            assert draft is not None and "red" in draft.prompt
            shown = fake.messages[(GROUP, header["message_id"])]["text"]
            assert f"prompt: {draft.prompt}\n" in shown
            await chat.feed(
                tg.press(fake, GROUP, header["message_id"], ALICE, button(header, "edit"))
            )
            asked = fake.calls_of("sendMessage")[-1].params["text"]
            assert f"now: <code>{draft.prompt}</code>" in asked

    asyncio.run(scenario())


def test_feed_refs_and_cards_answer_with_pictures_not_paths(
    fake: FakeBotApi, tg_runtime: Runtime
) -> None:
    fake.add_chat(GROUP, "group")
    data_dir = str(tg_runtime.settings.resolved_storage_dir)

    async def scenario() -> None:
        async with running(fake, tg_runtime) as chat:
            await chat.feed(tg.message(fake, GROUP, ALICE, "/project new Demo"))
            await chat.feed(tg.message(fake, GROUP, ALICE, "/imagine a kite --n 1"))
            await chat.idle()
            await chat.feed(tg.message(fake, GROUP, ALICE, "/ref add door", photo=png()))
            delivered = len(fake.calls_of("sendPhoto"))
            for command in ("/feed", "/ref list", "/cards"):
                asked = tg.message(fake, GROUP, ALICE, command)
                await chat.feed(asked)
                photo = fake.calls_of("sendPhoto")[-1]
                assert len(fake.calls_of("sendPhoto")) == delivered + 1, command
                delivered += 1
                assert photo.files["photo"][:3] == b"\xff\xd8\xff", "a JPEG contact sheet"
                assert (
                    photo.params["reply_parameters"]["message_id"] == asked["message"]["message_id"]
                )
                assert 0 < len(photo.params["caption"]) <= 1024
                assert "•" in last_text(fake), "the list comes as text too"
            assert not any(data_dir in t or ".png" in t for t in texts(fake))

    asyncio.run(scenario())


def test_generate_button_lets_the_assistant_finish_the_prompt_first(
    fake: FakeBotApi, tg_runtime: Runtime
) -> None:
    fake.add_chat(FORUM, "supergroup", forum=True)

    async def scenario() -> None:
        async with running(fake, tg_runtime) as chat:
            await chat.feed(tg.message(fake, FORUM, ALICE, "/project new Demo"))
            await chat.feed(tg.message(fake, FORUM, ALICE, "/card new a dragon --n 1"))
            header = header_message(fake, FORUM)
            hid = header["message_id"]
            await chat.feed(tg.press(fake, FORUM, hid, ALICE, button(header, "generate")))
            answer = last_sent(fake)["text"]
            assert answer.startswith("🤖 ✨ Completed the") and "queued v1" in answer
            await chat.idle()
            card = tg_runtime.presenter.card_view(1)
            assert card is not None and card.prompt != "a dragon"
            assert card.prompt.startswith("a dragon")
            version = version_message(fake, FORUM, 1)
            version_id = int(button(version, "new").split(":")[2])
            assert tg_runtime.presenter.version_view(version_id).prompt == card.prompt

    asyncio.run(scenario())
