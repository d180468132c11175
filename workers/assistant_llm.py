"""The LLM assistant: an OpenAI-compatible chat endpoint, falling back to the offline heuristic."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

import httpx
from pydantic import ValidationError

from core.assistant.heuristic import HeuristicAssistant
from core.assistant.intents import kind_of
from core.assistant.invariants import violations
from core.assistant.types import Assistant, AssistantReply, ChatContext, Turn
from core.characters import MAX_DESCRIPTION
from core.errors import LightboxError
from core.settings_sections import AssistantSettings
from workers.assistant_prompt import (
    ANSWER_FOR_GENERATE,
    Answer,
    BadAnswer,
    chat_messages,
    read_answer,
    response_format,
    to_reply,
)
from workers.assistant_vision import NoDescription, describe_messages, read_description

log = logging.getLogger(__name__)


class Unavailable(Exception):
    """The endpoint gave no usable answer; the message says why, for the user's note."""


class Refused(Unavailable):
    """The model answered, but its proposal broke core's invariants."""


class LLMAssistant:
    """Asks the model for strict JSON; any failure is answered by the fallback with a note."""

    def __init__(
        self,
        settings: AssistantSettings,
        *,
        fallback: Assistant | None = None,
        transport: httpx.BaseTransport | None = None,
    ):
        if not settings.base_url:
            raise ValueError("LLMAssistant needs LIGHTBOX_ASSISTANT_BASE_URL")
        self.settings = settings
        self.fallback = fallback or HeuristicAssistant()
        headers = {"Content-Type": "application/json"}
        if settings.api_key:
            headers["Authorization"] = f"Bearer {settings.api_key.get_secret_value()}"
        self.client = httpx.Client(
            base_url=settings.base_url,
            headers=headers,
            timeout=settings.timeout,
            transport=transport,
        )

    def reply(self, context: ChatContext, history: list[Turn], message: str) -> AssistantReply:
        if kind_of(message) is not None:  # thanks, settings, undo, injection…: answered offline
            return self.fallback.reply(context, history, message)
        try:
            reply = to_reply(self._ask(chat_messages(context, history, message)), context)
            return _guarded(reply, context, message)
        except Unavailable as problem:
            return _noted(self.fallback.reply(context, history, message), problem)

    def complete(self, context: ChatContext, history: list[Turn]) -> AssistantReply:
        try:
            answer = self._ask(chat_messages(context, history, ANSWER_FOR_GENERATE))
            reply = replace(to_reply(answer, context), suggestions=[], status="ready")
            return _guarded(reply, context, "")
        except Unavailable as problem:
            return _noted(self.fallback.complete(context, history), problem)

    def describe_image(self, image: bytes, name: str) -> str | None:
        """A description of the character from their portrait; None when the model can't."""
        body = {
            "model": self.settings.model,
            "messages": describe_messages(image, name),
            "temperature": 0.2,
            "max_tokens": self.settings.max_tokens,
        }
        try:
            response = self.client.post("/chat/completions", json=body)
            if response.status_code != 200:
                raise Unavailable(_status_problem(response.status_code))
            return read_description(response.json(), MAX_DESCRIPTION)
        except httpx.TimeoutException:
            log.warning("describe: the assistant did not answer within %gs", self.settings.timeout)
        except (httpx.HTTPError, ValueError, Unavailable, NoDescription) as problem:
            log.warning("describe: no description (%s)", problem)
        return None

    def close(self) -> None:
        self.client.close()

    def _ask(self, messages: list[dict[str, str]]) -> Answer:
        body = {
            "model": self.settings.model,
            "messages": messages,
            "response_format": response_format(),
            "temperature": 0.2,
            "max_tokens": self.settings.max_tokens,
        }
        try:
            response = self.client.post("/chat/completions", json=body)
        except httpx.TimeoutException:
            raise Unavailable(f"it did not answer within {self.settings.timeout:g} s") from None
        except httpx.HTTPError as error:
            raise Unavailable(f"it could not be reached ({type(error).__name__})") from None
        if response.status_code != 200:
            raise Unavailable(_status_problem(response.status_code))
        try:
            return read_answer(response.json())
        except ValueError:
            raise Unavailable("its response was not JSON") from None
        except BadAnswer as problem:
            raise Unavailable(str(problem)) from None


def load_assistant_settings(**overrides: Any) -> AssistantSettings:
    """Read LIGHTBOX_ASSISTANT_*, turning validation errors into one message naming each."""
    try:
        return AssistantSettings(**overrides)
    except ValidationError as exc:
        problems = [
            f"LIGHTBOX_ASSISTANT_{str(e['loc'][0]).upper()}: "
            + str(e["msg"]).removeprefix("Value error, ")
            for e in exc.errors()
        ]
        raise LightboxError("invalid settings — " + "; ".join(problems)) from None


def build_assistant(settings: AssistantSettings | None = None) -> Assistant:
    """The configured assistant: the LLM when a base URL is set, else the offline heuristic."""
    settings = settings or load_assistant_settings()
    if not settings.base_url:
        return HeuristicAssistant()
    log.info("assistant: %s at %s", settings.model, settings.base_url)
    return LLMAssistant(settings)


def _status_problem(status: int) -> str:
    if status == 429:
        return "it is rate-limited right now (429)"
    if status >= 500:
        return f"it had a server error ({status})"
    if status in (401, 403):
        return f"it refused the API key ({status}); check LIGHTBOX_ASSISTANT_API_KEY"
    return f"it answered HTTP {status}"


def _guarded(reply: AssistantReply, context: ChatContext, message: str) -> AssistantReply:
    """The model's proposal, if it keeps core's invariants; else Unavailable names what it broke."""
    prompt = context.prompt if reply.prompt is None else reply.prompt
    negative = context.negative_prompt if reply.negative_prompt is None else reply.negative_prompt
    broken = violations(context, message, prompt, negative)
    if broken:
        raise Refused(broken[0])
    return reply


def _noted(reply: AssistantReply, problem: Unavailable) -> AssistantReply:
    if isinstance(problem, Refused):
        note = (
            f"(The AI assistant's change was refused: {problem}. The offline assistant answered.)"
        )
    else:
        note = f"(The AI assistant is unavailable: {problem}. The offline assistant answered.)"
    log.warning("assistant fallback: %s", problem)
    return replace(reply, text=f"{note} {reply.text}")
