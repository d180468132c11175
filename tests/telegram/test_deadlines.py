"""The Bot API's rules on timing and rights: a callback query answered too late, topic rights."""

from __future__ import annotations

import asyncio

import pytest

from bot.telegram.botapi import BotApi, Refused
from tests.telegram import fake_updates as tg
from tests.telegram.conftest import running
from tests.telegram.fake_api import TOKEN, FakeBotApi
from tests.telegram.fake_methods import QUERY_SECONDS
from tests.telegram.helpers import ALICE, FORUM, GROUP, button, version_message
from workers.runtime import Runtime


def test_a_press_answered_after_its_deadline_still_counts_and_shows_its_result(
    fake: FakeBotApi, tg_runtime: Runtime, caplog: pytest.LogCaptureFixture
) -> None:
    """Telegram refuses the late answer ("query is too old"); the press was the person's
    intent: the version is approved and its message shows it, nothing crashes."""
    fake.add_chat(GROUP, "group")

    async def scenario() -> None:
        async with running(fake, tg_runtime) as chat:
            await chat.feed(tg.message(fake, GROUP, ALICE, "/project new Demo"))
            await chat.feed(tg.message(fake, GROUP, ALICE, "/imagine a lighthouse --n 1"))
            await chat.idle()
            v1 = version_message(fake, GROUP, 1)
            late = tg.press(
                fake, GROUP, v1["message_id"], ALICE, button(v1, "approve"), age=QUERY_SECONDS + 1
            )
            await chat.feed(late)
            await chat.idle()
            [answer] = fake.calls_of("answerCallbackQuery")
            assert answer.params["callback_query_id"] == late["callback_query"]["id"]
            assert not fake.queries[answer.params["callback_query_id"]].answered
            assert "✅" in version_message(fake, GROUP, 1)["caption"]

    asyncio.run(scenario())
    assert any("query is too old" in record.getMessage().lower() for record in caplog.records)


def test_topics_need_the_manage_topics_right_except_the_bots_own(fake: FakeBotApi) -> None:
    """createForumTopic needs can_manage_topics; editForumTopic too unless the bot made the
    topic (tdlib ForumTopicManager). The bot's reaction to the first is in test_cards."""
    fake.add_chat(FORUM, "supergroup", forum=True)
    api = BotApi(TOKEN, fake.url)
    try:
        mine = api.call("createForumTopic", {"chat_id": FORUM, "name": "card"})
        fake.topics[(FORUM, 9999)] = "someone else's"
        fake.revoke(FORUM, "can_manage_topics")
        with pytest.raises(Refused, match="not enough rights to create a topic"):
            api.call("createForumTopic", {"chat_id": FORUM, "name": "another"})
        topic = mine["message_thread_id"]
        api.call("editForumTopic", {"chat_id": FORUM, "message_thread_id": topic, "name": "x"})
        with pytest.raises(Refused, match="not enough rights to edit the topic"):
            api.call("editForumTopic", {"chat_id": FORUM, "message_thread_id": 9999, "name": "y"})
    finally:
        api.close()
