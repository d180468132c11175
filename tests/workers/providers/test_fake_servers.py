"""Gemini and fal providers over real sockets against the aiohttp fakes, configured by settings."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.errors import Permanent, RemoteError, RetryLater
from core.ports import GenerationResult, Pending
from workers.providers.http import RetryPolicy
from workers.providers.registry import ProviderSettings, build_catalog, build_providers

from .fake_servers import FakeProviderServer
from .fakes import make_request, provenance

MODELS = """
[[models]]
id = "flash"
provider = "gemini"
provider_model = "gemini-flash-image"
[[models]]
id = "schnell"
provider = "fal"
provider_model = "fal-ai/flux-1/schnell"
"""


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeProviderServer]:
    server = FakeProviderServer(polls_before_done=1)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def providers(fake: FakeProviderServer, tmp_path: Path) -> dict:
    models = tmp_path / "models.toml"
    models.write_text(MODELS)
    settings = ProviderSettings(
        models_file=models,
        gemini_api_key=fake.gemini_key,
        gemini_base_url=fake.url,
        fal_key=fake.fal_key,
        fal_base_url=fake.url,
        provider_timeout=5,
    )
    return build_providers(settings, build_catalog(settings), retry=RetryPolicy(attempts=1))


def poll_until_done(provider, pending: Pending) -> GenerationResult:  # type: ignore[no-untyped-def]
    progress = [pending.progress]
    for _ in range(10):
        answer = provider.poll(pending.handle)
        if isinstance(answer, GenerationResult):
            assert progress[:2] == ["queue position 2", "queue position 1"]
            return answer
        progress.append(answer.progress)
    raise AssertionError(f"never finished: {progress}")


def test_gemini_over_http(providers: dict) -> None:
    result = providers["gemini"].generate(make_request(model="gemini-flash-image"))
    assert isinstance(result, GenerationResult) and provenance(result.data)["provider"] == "gemini"


def test_gemini_errors_over_http(providers: dict) -> None:
    gemini = providers["gemini"]
    for word, transient in (("[safety]", False), ("[busy]", True), ("[broken]", False)):
        with pytest.raises(RemoteError) as caught:
            gemini.generate(make_request(model="gemini-flash-image", prompt=f"fox {word}"))
        assert isinstance(caught.value, RetryLater) is transient
    assert not isinstance(caught.value, RetryLater)
    with pytest.raises(RemoteError) as caught:
        gemini.generate(make_request(model="gemini-flash-image", prompt="fox [busy]"))
    assert caught.value.delay == 1.0


def test_fal_queue_cycle_over_http(providers: dict) -> None:
    fal = providers["fal"]
    started = time.perf_counter()
    pending = fal.generate(make_request(model="fal-ai/flux-1/schnell", seed=7))
    assert isinstance(pending, Pending) and "fake-fal-key" not in pending.handle
    result = poll_until_done(fal, pending)
    assert provenance(result.data)["seed"] == 7 and result.info["seed"] == "7"
    assert time.perf_counter() - started < 5


def test_fal_cancel_over_http(providers: dict, fake: FakeProviderServer) -> None:
    fal = providers["fal"]
    pending = fal.generate(make_request(model="fal-ai/flux-1/schnell"))
    fal.cancel(pending.handle)
    assert json.loads(pending.handle)["request_id"] in fake.cancelled
    with pytest.raises(RemoteError, match="cancelled") as caught:
        fal.poll(pending.handle)
    assert isinstance(caught.value, Permanent)


def test_fal_safety_over_http(providers: dict) -> None:
    fal = providers["fal"]
    pending = fal.generate(make_request(model="fal-ai/flux-1/schnell", prompt="x [safety]"))
    with pytest.raises(RemoteError, match="safety filter"):
        for _ in range(5):
            fal.poll(pending.handle)
