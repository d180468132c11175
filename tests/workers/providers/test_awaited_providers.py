"""Awaited Gemini and OpenAI calls send, retry and refuse exactly as their blocking calls do."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

import httpx
import pytest

from core.errors import Permanent, RetryLater
from core.ports import GenerationResult, Pending
from workers.providers.gemini import GeminiProvider
from workers.providers.http import RetryPolicy
from workers.providers.openai_images import OpenAIImagesProvider

from .fake_gemini import FakeGemini, quota_exhausted
from .fake_openai import FakeOpenAIImages, no_credit, rate_limited
from .fakes import NO_RETRY, make_request, png, provenance

GEMINI_KEY = "AIzaSy-awaited-gemini-key-0123456789"
OPENAI_KEY = "sk-awaited-openai-0123456789abcdef"


def awaited(call: Coroutine[Any, Any, GenerationResult | Pending]) -> GenerationResult:
    result = asyncio.run(call)
    assert isinstance(result, GenerationResult)
    return result


def test_awaited_gemini_sends_the_same_body_and_stamps_the_same_image() -> None:
    fake = FakeGemini(GEMINI_KEY)
    provider = GeminiProvider(
        GEMINI_KEY, base_url="https://gemini.test", transport=fake.transport, retry=NO_RETRY
    )
    request = make_request(model="gemini-2.5-flash-image", seed=7, init_image=png())
    blocking = provider.generate(request)
    result = awaited(provider.generate_async(request))
    assert fake.bodies[0] == fake.bodies[1]
    assert provenance(result.data) == provenance(blocking.data)


def test_awaited_gemini_quota_refusals_are_classified_as_blocking_ones() -> None:
    fake = FakeGemini(GEMINI_KEY, script=[quota_exhausted("minute", "36s"), quota_exhausted("day")])
    provider = GeminiProvider(
        GEMINI_KEY,
        base_url="https://gemini.test",
        transport=fake.transport,
        retry=RetryPolicy(attempts=3, deadline=30),
    )
    request = make_request(model="gemini-2.5-flash-image")
    with pytest.raises(RetryLater) as later:  # 36 s is past the deadline: the job queue waits
        awaited(provider.generate_async(request))
    assert later.value.delay == 36.0
    with pytest.raises(Permanent, match="quota is exhausted") as refused:
        awaited(provider.generate_async(request))
    assert GEMINI_KEY not in str(refused.value) and len(fake.requests) == 2


def test_awaited_openai_waits_the_asked_delay_and_refuses_no_credit_once() -> None:
    pauses: list[float] = []

    async def pause(seconds: float) -> None:
        pauses.append(seconds)

    fake = FakeOpenAIImages(OPENAI_KEY, script=[rate_limited(1500), no_credit()])
    provider = OpenAIImagesProvider(
        OPENAI_KEY,
        base_url="https://openai.test/v1",
        transport=fake.transport,
        retry=RetryPolicy(attempts=3, pause=pause),
    )
    with pytest.raises(Permanent, match="quota is exhausted"):
        awaited(provider.generate_async(make_request(model="gpt-image-1")))
    assert pauses == [1.5] and len(fake.requests) == 2
    result = awaited(provider.generate_async(make_request(model="gpt-image-1", init_image=png())))
    assert provenance(result.data)["provider"] == "openai"
    assert fake.requests[-1].url.path == "/v1/images/edits"


def test_a_blocking_only_transport_keeps_the_provider_off_the_call_pool() -> None:
    class Blocking(httpx.BaseTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            return httpx.Response(500)

    provider = GeminiProvider(GEMINI_KEY, transport=Blocking(), retry=NO_RETRY)
    assert not provider.awaitable  # never falls back to the real network
    assert GeminiProvider(GEMINI_KEY).awaitable
