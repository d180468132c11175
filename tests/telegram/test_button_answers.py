"""A button press is answered at once even when the chat's flood limiter holds 20 messages."""

from __future__ import annotations

import asyncio
import time

from telegram import Update

from bot.telegram.app import build_application
from tests.telegram import fake_updates as tg
from tests.telegram.fake_api import TOKEN, FakeBotApi
from tests.telegram.helpers import ALICE, BOB, GROUP, button, version_messages
from tests.waiting import settle_until
from workers.runtime import Runtime

QUEUED = 20
BUDGET = 0.8


def test_a_press_is_answered_before_the_flood_limiter_frees_the_chat(
    fake: FakeBotApi, tg_runtime: Runtime
) -> None:
    fake.add_chat(GROUP, "group")

    async def scenario() -> float:
        app = build_application(
            TOKEN,
            tg_runtime.studio,
            tg_runtime.bindings,
            base_url=fake.url,
            answer_budget=BUDGET,
            rate_limit=True,
        )
        async with app:

            async def feed(data: dict) -> None:
                await app.process_update(Update.de_json(data, app.bot))

            await feed(tg.message(fake, GROUP, ALICE, "/project new Demo"))
            await feed(tg.message(fake, GROUP, ALICE, "/imagine a quiet harbour --n 1"))
            assert await asyncio.to_thread(tg_runtime.wait_idle, ["telegram"], 30.0)
            [v1] = version_messages(fake, GROUP)
            # At most 20 messages pass the group limiter's burst; at least 20 wait behind it.
            sent_before = len(fake.calls_of("sendMessage"))
            notes = [
                asyncio.ensure_future(app.bot.send_message(GROUP, f"note {n}"))
                for n in range(2 * QUEUED)
            ]
            await settle_until(
                lambda: len(fake.calls_of("sendMessage")) > sent_before, "the first note"
            )
            assert sum(not note.done() for note in notes) >= QUEUED
            pressed = tg.press(fake, GROUP, v1["message_id"], BOB, button(v1, "approve"))
            start = time.monotonic()
            handling = asyncio.ensure_future(feed(pressed))
            await settle_until(lambda: fake.calls_of("answerCallbackQuery"), "the answer")
            [answer] = fake.calls_of("answerCallbackQuery")
            for pending in (*notes, handling):  # the rest would wait a minute for the limiter
                pending.cancel()
            await asyncio.gather(*notes, handling, return_exceptions=True)
            return answer.at - start

    answered_after = asyncio.run(scenario())
    assert answered_after < BUDGET + 0.5, f"answered after {answered_after:.2f}s"
