"""The key cycle through a real PTB Application and the fake Bot API, in a forum and a group."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

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
    texts,
    version_message,
    version_messages,
)
from workers.runtime import Runtime


@pytest.mark.parametrize("kind", ["forum", "group"])
def test_key_cycle(kind: str, fake: FakeBotApi, tg_runtime: Runtime) -> None:
    chat_id = FORUM if kind == "forum" else GROUP
    fake.add_chat(chat_id, "supergroup" if kind == "forum" else "group", forum=kind == "forum")
    fake.admins[chat_id].add(ALICE["id"])

    async def scenario() -> None:
        async with running(fake, tg_runtime) as chat:
            assert [c["command"] for c in fake.commands][:2] == ["project", "imagine"]
            await chat.feed(tg.message(fake, chat_id, ALICE, "/project new Demo"))
            assert 'project "Demo" created' in last_text(fake)

            await chat.feed(tg.message(fake, chat_id, ALICE, "/imagine a red fox in snow --n 2"))
            await chat.idle()
            where: dict[str, Any]
            if kind == "forum":
                (topic_call,) = fake.calls_of("createForumTopic")
                topic = next(iter(fake.topics))[1]
                assert fake.topics[(chat_id, topic)] == "a red fox in snow"
                header = fake.calls_of("sendMessage")[-2]
                assert header.params["message_thread_id"] == topic
                assert "card #1" in header.params["text"]
                assert "topic “a red fox in snow”" in last_text(fake)
                where = {"topic": topic}
            else:
                assert not fake.calls_of("createForumTopic")
                header = header_message(fake, chat_id)
                queued = next(t for t in texts(fake) if "queued v1–v2" in t)
                assert "card #1 “a red fox in snow” created" in queued
                answer = next(m for m in fake.messages.values() if m.get("text") == queued)
                assert answer["reply_to_message"]["message_id"] == header["message_id"]
                where = {"reply_to": header["message_id"]}

            shown = version_messages(fake, chat_id)
            assert len(shown) == 2
            for posted in shown:
                if kind == "forum":
                    assert posted["message_thread_id"] == where["topic"]
                else:
                    assert posted["reply_to_message"]["message_id"] == where["reply_to"]
                keys = posted["reply_markup"]["inline_keyboard"]
                labels = [k["text"] for row in keys for k in row if k["text"] not in ("◀", "▶")]
                assert labels == [
                    "Approve",
                    "Reject",
                    "⭐ Favorite",
                    "New Version",
                    "↗ Fork",
                    "📌 Save as Ref",
                    "↩ Restore",
                    "Show prompt",
                    "🖌 Edit",
                    "🎨 Save as Design Default",
                    "🌐 Publish",
                    "🎬 Animate",
                    "🧊 3D",
                ]
            v1 = version_message(fake, chat_id, 1)
            v2 = version_message(fake, chat_id, 2)

            # ◀ on v2 views v1: the header shows the banner.
            await chat.feed(tg.press(fake, chat_id, v2["message_id"], ALICE, button(v2, "prev")))
            header_id = header_message(fake, chat_id)["message_id"]
            assert "viewing v1 of 2" in fake.messages[(chat_id, header_id)]["text"]
            assert "viewing v1" in fake.calls_of("answerCallbackQuery")[-1].params["text"]

            # Approve by button: answered, and the message shows the review.
            await chat.feed(tg.press(fake, chat_id, v1["message_id"], ALICE, button(v1, "approve")))
            answer = fake.calls_of("answerCallbackQuery")[-1]
            assert "approved" in answer.params["text"]
            assert "✅ approved" in fake.messages[(chat_id, v1["message_id"])]["caption"]

            # 📌 Save as Ref asks the name with ForceReply; the reply completes the press.
            await chat.feed(tg.press(fake, chat_id, v1["message_id"], ALICE, button(v1, "saveref")))
            question = last_sent(fake)
            assert fake.calls_of("sendMessage")[-1].params["reply_markup"]["force_reply"] is True
            await chat.feed(
                tg.message(
                    fake,
                    chat_id,
                    ALICE,
                    "fox",
                    reply_to=question["message_id"],
                    topic=where.get("topic"),
                )
            )
            assert "fox" in last_text(fake) and "ref" in last_text(fake)

            # ↗ Fork v2 named "night", then /new in the card's context generates in it.
            await chat.feed(tg.press(fake, chat_id, v2["message_id"], ALICE, button(v2, "fork")))
            question = last_sent(fake)
            await chat.feed(
                tg.message(
                    fake,
                    chat_id,
                    ALICE,
                    "night",
                    reply_to=question["message_id"],
                    topic=where.get("topic"),
                )
            )
            assert "direction “night” forked from v2" in last_text(fake)
            context = (
                {"topic": where["topic"]} if kind == "forum" else {"reply_to": v2["message_id"]}
            )
            await chat.feed(tg.message(fake, chat_id, ALICE, "/new --n 1", **context))
            assert "queued v3" in last_text(fake) and "night" in last_text(fake)
            await chat.idle()
            v3 = version_message(fake, chat_id, 3)
            assert "↗ night" in v3["caption"]

            # New Version by button, then ↩ Restore v1.
            await chat.feed(tg.press(fake, chat_id, v1["message_id"], ALICE, button(v1, "new")))
            assert "queued v4" in last_text(fake)
            await chat.idle()
            assert len(version_messages(fake, chat_id)) == 4
            await chat.feed(tg.press(fake, chat_id, v1["message_id"], ALICE, button(v1, "restore")))
            assert "↩ restored the prompt and settings of v1" in last_text(fake)
            assert all(q.answered for q in fake.queries.values()), "every press was answered"

    asyncio.run(scenario())
