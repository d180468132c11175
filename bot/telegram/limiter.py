"""The flood-limit throttle: sends wait for per-chat limits; lookups and answers do not."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from telegram._utils.types import JSONDict
from telegram.ext import AIORateLimiter

# Telegram's flood limits count messages sent into chats; these calls post nothing, and a button
# answer is due within seconds ("query is too old"), so they never queue behind a chat's messages.
UNTHROTTLED = frozenset(
    {"answerCallbackQuery", "getChatMember", "getChat", "getChatAdministrators", "getFile", "getMe"}
)


class FloodLimiter(AIORateLimiter):
    """PTB's AIORateLimiter (30 msg/s overall, 20/min per group) for everything that sends."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | JSONDict | list[JSONDict]:
        if endpoint in UNTHROTTLED:
            return await callback(*args, **kwargs)
        return await super().process_request(
            callback, args, kwargs, endpoint, data, rate_limit_args
        )
