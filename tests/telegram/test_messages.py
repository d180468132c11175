"""Messages: reactions on version messages, uploads with a caption, card chat, errors, /help."""

from __future__ import annotations

import asyncio

from tests.telegram import fake_updates as tg
from tests.telegram.conftest import running
from tests.telegram.fake_api import FakeBotApi
from tests.telegram.helpers import (
    ALICE,
    BOB,
    FORUM,
    GROUP,
    button,
    header_message,
    last_sent,
    last_text,
    png,
    texts,
    until,
    version_message,
    version_messages,
)
from workers.runtime import Runtime


def test_reactions_approve_and_favorite(fake: FakeBotApi, tg_runtime: Runtime) -> None:
    fake.add_chat(GROUP, "group")

    async def scenario() -> None:
        async with running(fake, tg_runtime) as chat:
            await chat.feed(tg.message(fake, GROUP, ALICE, "/project new Demo"))
            await chat.feed(tg.message(fake, GROUP, ALICE, "/imagine a kite --n 1"))
            await chat.idle()
            v1 = version_message(fake, GROUP, 1)["message_id"]
            await chat.feed(tg.reaction(fake, GROUP, v1, ALICE, [], ["👍"]))
            assert "✅ approved" in fake.messages[(GROUP, v1)]["caption"]
            await chat.feed(tg.reaction(fake, GROUP, v1, ALICE, ["👍"], ["👍", "❤"]))
            assert "⭐1" in fake.messages[(GROUP, v1)]["caption"]
            await chat.feed(tg.reaction(fake, GROUP, v1, ALICE, ["👍", "❤"], ["👍"]))
            assert "⭐" not in fake.messages[(GROUP, v1)]["caption"]
            edits = len(fake.calls_of("editMessageCaption"))
            header = header_message(fake, GROUP)["message_id"]
            await chat.feed(tg.reaction(fake, GROUP, header, ALICE, [], ["👍"]))
            assert len(fake.calls_of("editMessageCaption")) == edits  # not a version message

    asyncio.run(scenario())


def test_upload_and_ref_from_photos_with_a_caption(fake: FakeBotApi, tg_runtime: Runtime) -> None:
    fake.add_chat(FORUM, "supergroup", forum=True)

    async def scenario() -> None:
        async with running(fake, tg_runtime) as chat:
            await chat.feed(tg.message(fake, FORUM, ALICE, "/project new Demo"))
            await chat.feed(tg.message(fake, FORUM, ALICE, "/card new a blue door"))
            topic = next(iter(fake.topics))[1]
            await chat.feed(tg.message(fake, FORUM, ALICE, "/upload", topic=topic, photo=png()))
            assert "📤 uploaded as v1" in last_text(fake)
            await chat.idle()
            (posted,) = version_messages(fake, FORUM)
            assert posted["message_thread_id"] == topic and "upload" in posted["caption"]
            assert fake.calls_of("getFile")
            await chat.feed(
                tg.message(fake, FORUM, ALICE, "/upload", topic=topic, document=png((800, 200)))
            )
            assert "📤 uploaded as v2" in last_text(fake)
            await chat.feed(tg.message(fake, FORUM, ALICE, "/ref add door", photo=png()))
            await chat.feed(tg.message(fake, FORUM, ALICE, "/refs"))
            assert "door" in last_text(fake)
            await chat.feed(tg.message(fake, FORUM, ALICE, "/upload", topic=topic))
            assert last_text(fake).startswith("⚠️ attach an image")

    asyncio.run(scenario())


def test_problems_are_named_and_card_chat_needs_a_card(
    fake: FakeBotApi, tg_runtime: Runtime
) -> None:
    fake.add_chat(GROUP, "group")
    fake.add_chat(FORUM, "supergroup", forum=True)

    async def scenario() -> None:
        async with running(fake, tg_runtime) as chat:
            await chat.feed(tg.message(fake, GROUP, ALICE, "/project new Demo"))
            await chat.feed(tg.message(fake, GROUP, ALICE, "/imagine a fox --ar 1:100"))
            assert "1:4" in last_text(fake)
            assert not any("🃏" in t for t in texts(fake)), "a refused card posts no header"
            sent = len(fake.calls_of("sendMessage"))
            await chat.feed(tg.message(fake, GROUP, ALICE, "just chatting"))
            assert len(fake.calls_of("sendMessage")) == sent, "plain group talk is not ours"
            await chat.feed(tg.message(fake, GROUP, ALICE, "/help@some_other_bot"))
            assert len(fake.calls_of("sendMessage")) == sent
            await chat.feed(tg.message(fake, GROUP, ALICE, "/help@lightbox_test_bot"))
            assert "Lightbox commands" in last_text(fake)

    asyncio.run(scenario())


def test_refinement_chat_in_a_card_reply_chain(fake: FakeBotApi, tg_runtime: Runtime) -> None:
    fake.add_chat(GROUP, "group")

    async def scenario() -> None:
        async with running(fake, tg_runtime) as chat:
            await chat.feed(tg.message(fake, GROUP, ALICE, "/project new Demo"))
            await chat.feed(tg.message(fake, GROUP, ALICE, "/imagine a kite --n 1"))
            await chat.idle()
            v1 = version_message(fake, GROUP, 1)["message_id"]
            await chat.feed(tg.message(fake, GROUP, ALICE, "make it red", reply_to=v1))
            assert last_text(fake).startswith("🤖")
            await chat.feed(tg.message(fake, GROUP, ALICE, "/version 1", reply_to=v1))
            assert len(version_messages(fake, GROUP)) == 2  # /version shows the photo again

    asyncio.run(scenario())


def test_chat_admins_become_owners_and_full_size_sends_the_original(
    fake: FakeBotApi, tg_runtime: Runtime
) -> None:
    fake.add_chat(GROUP, "group")
    fake.admins[GROUP].add(ALICE["id"])
    carol = tg.person(1003, "Carol")

    async def scenario() -> None:
        async with running(fake, tg_runtime) as chat:
            await chat.feed(tg.message(fake, GROUP, BOB, "/project new Demo"))
            await chat.feed(tg.message(fake, GROUP, ALICE, "/imagine a red barn --n 1"))
            await chat.feed(tg.message(fake, GROUP, carol, "/project members"))
            members = last_text(fake)
            assert "Alice — owner" in members and "Carol — editor" in members
            await chat.idle()
            v1 = version_message(fake, GROUP, 1)
            version_id = int(button(v1, "approve").split(":")[2])
            await chat.feed(tg.press(fake, GROUP, v1["message_id"], carol, f"v1:full:{version_id}"))
            (document,) = fake.calls_of("sendDocument")
            assert document.files["document"].startswith(b"\x89PNG")

    asyncio.run(scenario())


def test_private_chat_replies_and_open_card(fake: FakeBotApi, tg_runtime: Runtime) -> None:
    fake.add_chat(ALICE["id"], "private", title="Alice")

    async def scenario() -> None:
        async with running(fake, tg_runtime) as chat:
            await chat.feed(tg.message(fake, ALICE["id"], ALICE, "/project new Solo"))
            await chat.feed(tg.message(fake, ALICE["id"], ALICE, "/imagine a paper boat --n 1"))
            await chat.idle()
            v1 = version_message(fake, ALICE["id"], 1)
            await chat.feed(tg.message(fake, ALICE["id"], ALICE, "warmer colours"))
            assert last_text(fake).startswith("🤖"), "the new card is open in a private chat"
            await chat.feed(
                tg.message(fake, ALICE["id"], ALICE, "/approve", reply_to=v1["message_id"])
            )
            assert last_text(fake).startswith("v1 ✅ approved")
            await chat.feed(tg.message(fake, ALICE["id"], ALICE, "/open paper"))
            assert "opened card #1" in last_text(fake)
            assert len(version_messages(fake, ALICE["id"])) == 2  # /open shows the latest version
            await chat.feed(tg.message(fake, ALICE["id"], ALICE, "softer light please"))
            assert last_text(fake).startswith("🤖")

    asyncio.run(scenario())


def test_assistant_suggestions_are_buttons_in_the_card_context(
    fake: FakeBotApi, tg_runtime: Runtime
) -> None:
    """Plain group: the card's question comes with suggestion buttons; a press answers it."""
    fake.add_chat(GROUP, "group")

    async def scenario() -> None:
        async with running(fake, tg_runtime) as chat:
            await chat.feed(tg.message(fake, GROUP, ALICE, "/project new Demo"))
            await chat.feed(tg.message(fake, GROUP, ALICE, "/card new a dragon"))
            bot_id = fake.bot_user["id"]
            header = next(
                m
                for m in fake.messages.values()
                if m["from"]["id"] == bot_id and "card #1" in str(m.get("text", ""))
            )
            await chat.feed(
                tg.message(fake, GROUP, ALICE, "a dragon", reply_to=header["message_id"])
            )
            asked = last_sent(fake)
            keys = [k for row in asked["reply_markup"]["inline_keyboard"] for k in row]
            assert [k["callback_data"].split(":")[1] for k in keys][:2] == ["pick1", "pick2"]
            label = keys[0]["text"]
            await chat.feed(
                tg.press(fake, GROUP, asked["message_id"], ALICE, keys[0]["callback_data"])
            )
            card = tg_runtime.presenter.card_view(1)
            assert card is not None and label in card.prompt
            assert last_text(fake).startswith("🤖")

    asyncio.run(scenario())


def test_workers_refresh_the_card_header_with_progress(
    fake: FakeBotApi, tg_runtime: Runtime
) -> None:
    fake.add_chat(GROUP, "group")

    async def scenario() -> None:
        async with running(fake, tg_runtime) as chat:
            await chat.feed(tg.message(fake, GROUP, ALICE, "/project new Demo"))
            await chat.feed(tg.message(fake, GROUP, ALICE, "/imagine a kite --n 2"))
            await chat.idle()

            def final_header() -> str:
                edits = [
                    str(c.params.get("text", ""))
                    for c in fake.calls_of("editMessageText")
                    if "card #1" in str(c.params.get("text", ""))
                ]
                return edits[-1] if edits else ""

            await until(lambda: "v2: ✅ done" in final_header())  # follows the job's end
            assert "v1: ✅ done" in final_header() and "v2: ✅ done" in final_header()

    asyncio.run(scenario())


def test_replying_to_the_bots_answer_stays_in_the_card(
    fake: FakeBotApi, tg_runtime: Runtime
) -> None:
    fake.add_chat(GROUP, "group")

    async def scenario() -> None:
        async with running(fake, tg_runtime) as chat:
            await chat.feed(tg.message(fake, GROUP, ALICE, "/project new Demo"))
            await chat.feed(tg.message(fake, GROUP, ALICE, "/imagine a kite --n 1"))
            await chat.idle()
            v1 = version_message(fake, GROUP, 1)["message_id"]
            await chat.feed(tg.message(fake, GROUP, ALICE, "make it red", reply_to=v1))
            answer = last_sent(fake)
            assert answer["text"].startswith("🤖")
            # Bob never opened the card: only the reply ties his message to it.
            before = len(fake.calls_of("sendMessage"))
            await chat.feed(tg.message(fake, GROUP, BOB, "closer", reply_to=answer["message_id"]))
            assert len(fake.calls_of("sendMessage")) == before + 1
            assert last_text(fake).startswith("🤖"), last_text(fake)
            card = tg_runtime.presenter.card_view(1)
            assert card is not None and "red" in card.prompt and "close" in card.prompt

    asyncio.run(scenario())
