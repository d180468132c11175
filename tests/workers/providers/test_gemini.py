"""Gemini generateContent against a fake server with the documented request/response shapes."""

from __future__ import annotations

import base64

import httpx
import pytest

from core.errors import Permanent, RemoteError, RetryLater
from workers.providers.gemini import ASPECT_RATIOS, GeminiProvider
from workers.providers.http import RetryPolicy

from .fakes import NO_RETRY, FakeServer, json_response, make_request, png, provenance, refs, timeout

KEY = "AIzaSy-test-gemini-key-0123456789"
MODEL = "gemini-3-pro-image"
PATH = f"/v1beta/models/{MODEL}:generateContent"


def image_answer(data: bytes | None = None) -> dict:
    encoded = base64.b64encode(data or png()).decode()
    return {
        "candidates": [
            {
                "content": {
                    "role": "model",
                    "parts": [
                        {"text": "planning the composition", "thought": True},
                        {"inlineData": {"mimeType": "image/png", "data": encoded}, "thought": True},
                        {"text": "Here is your fox."},
                        {"inlineData": {"mimeType": "image/png", "data": encoded}},
                    ],
                },
                "finishReason": "STOP",
                "index": 0,
            }
        ],
        "usageMetadata": {"promptTokenCount": 12},
    }


def provider(server: FakeServer, retry: RetryPolicy = NO_RETRY, **kw) -> GeminiProvider:
    return GeminiProvider(
        KEY, base_url="https://gemini.test", transport=server.transport, retry=retry, **kw
    )


def failure(server: FakeServer, **changes) -> RemoteError:
    with pytest.raises(RemoteError) as caught:
        provider(server).generate(make_request(model=MODEL, **changes))
    assert KEY not in str(caught.value)
    return caught.value


@pytest.mark.parametrize("resolution", ["1K", "2K", "4K"])
@pytest.mark.parametrize("ratio", ASPECT_RATIOS)
def test_success_at_every_resolution_and_ratio(resolution: str, ratio: str) -> None:
    server = FakeServer().on("POST", PATH, json_response(200, image_answer()))
    result = provider(server).generate(
        make_request(model=MODEL, resolution=resolution, aspect_ratio=ratio)
    )
    sent = server.last()
    assert sent.headers["x-goog-api-key"] == KEY
    body = server.body()
    config = body["generationConfig"]
    assert config["responseModalities"] == ["TEXT", "IMAGE"]
    assert config["imageConfig"] == {"aspectRatio": ratio, "imageSize": resolution}
    assert body["contents"][0]["parts"] == [{"text": "a red fox in snow"}]
    assert result.mime == "image/png" and result.provider == "gemini"
    assert result.info["text"] == "Here is your fox."
    meta = provenance(result.data)
    assert meta["prompt"] == "a red fox in snow" and meta["seed"] == 42
    assert meta["model"] == MODEL and meta["provider"] == "gemini"
    assert KEY not in result.data.decode("latin-1")


def test_refs_and_start_image_go_as_inline_parts_after_the_text() -> None:
    server = FakeServer().on("POST", PATH, json_response(200, image_answer()))
    start = png("white")
    request = make_request(model=MODEL, refs=refs(2), init_image=start, negative_prompt="text")
    provider(server).generate(request)
    parts = server.body()["contents"][0]["parts"]
    assert parts[0] == {"text": "a red fox in snow\n\nAvoid: text"}
    datas = [base64.b64decode(p["inlineData"]["data"]) for p in parts[1:]]
    assert datas == [start, *(r.data for r in request.refs)]
    assert all(p["inlineData"]["mimeType"] == "image/png" for p in parts[1:])


def test_a_model_without_image_size_gets_only_the_aspect_ratio() -> None:
    server = FakeServer().on("POST", PATH, json_response(200, image_answer()))
    provider(server, options={MODEL: {"image_size": False}}).generate(make_request(model=MODEL))
    assert server.body()["generationConfig"]["imageConfig"] == {"aspectRatio": "1:1"}


@pytest.mark.parametrize(("ratio", "sent"), [("32:18", "16:9"), ("7:3", "21:9"), ("2:2", "1:1")])
def test_equivalent_ratios_are_sent_in_the_api_spelling(ratio: str, sent: str) -> None:
    server = FakeServer().on("POST", PATH, json_response(200, image_answer()))
    provider(server).generate(make_request(model=MODEL, aspect_ratio=ratio))
    assert server.body()["generationConfig"]["imageConfig"]["aspectRatio"] == sent


def test_an_unsupported_aspect_ratio_is_refused_before_sending() -> None:
    server = FakeServer()
    error = failure(server, aspect_ratio="5:3")
    assert isinstance(error, Permanent) and "allowed: 1:1" in str(error)
    assert server.seen == []


@pytest.mark.parametrize(
    "reason",
    ["SAFETY", "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "PROHIBITED_CONTENT"],
)
def test_finish_reason_safety_blocks_are_permanent(reason: str) -> None:
    answer = {"candidates": [{"finishReason": reason, "index": 0}]}
    error = failure(FakeServer().on("POST", PATH, json_response(200, answer)))
    assert isinstance(error, Permanent)
    assert "blocked by the provider's safety filter" in str(error) and reason in str(error)


def test_prompt_feedback_block_is_permanent() -> None:
    answer = {"promptFeedback": {"blockReason": "PROHIBITED_CONTENT", "safetyRatings": []}}
    error = failure(FakeServer().on("POST", PATH, json_response(200, answer)))
    assert isinstance(error, Permanent) and "safety filter" in str(error)


@pytest.mark.parametrize("reason", ["NO_IMAGE", "IMAGE_OTHER"])
def test_no_image_reasons(reason: str) -> None:
    answer = {"candidates": [{"finishReason": reason, "index": 0}]}
    error = failure(FakeServer().on("POST", PATH, json_response(200, answer)))
    assert isinstance(error, Permanent) and "no image returned" in str(error)


def test_recitation_is_permanent() -> None:
    answer = {"candidates": [{"finishReason": "IMAGE_RECITATION"}]}
    error = failure(FakeServer().on("POST", PATH, json_response(200, answer)))
    assert isinstance(error, Permanent) and "IMAGE_RECITATION" in str(error)


def test_text_only_answer_is_no_image_with_what_the_model_said() -> None:
    answer = {
        "candidates": [
            {"content": {"parts": [{"text": "I can't draw that."}]}, "finishReason": "STOP"}
        ]
    }
    error = failure(FakeServer().on("POST", PATH, json_response(200, answer)))
    assert "no image returned" in str(error) and "I can't draw that." in str(error)


def test_rate_limit_is_transient_with_retry_after() -> None:
    body = {"error": {"code": 429, "message": "Resource exhausted", "status": "RESOURCE_EXHAUSTED"}}
    server = FakeServer().on("POST", PATH, json_response(429, body, {"Retry-After": "17"}))
    error = failure(server)
    assert (
        isinstance(error, RetryLater) and error.delay == 17.0 and "Resource exhausted" in str(error)
    )


def test_server_error_is_transient() -> None:
    body = {"error": {"code": 500, "message": "Internal error", "status": "INTERNAL"}}
    error = failure(FakeServer().on("POST", PATH, json_response(500, body)))
    assert isinstance(error, RetryLater) and error.delay is None


def test_server_error_then_success_is_retried_with_backoff() -> None:
    sleeps: list[float] = []
    body = {"error": {"code": 503, "message": "overloaded", "status": "UNAVAILABLE"}}
    server = FakeServer().on(
        "POST", PATH, [json_response(503, body), json_response(200, image_answer())]
    )
    retry = RetryPolicy(attempts=3, base_delay=0.5, sleep=sleeps.append)
    result = provider(server, retry).generate(make_request(model=MODEL))
    assert result.mime == "image/png" and sleeps == [0.5] and len(server.seen) == 2


def test_timeout_is_transient() -> None:
    error = failure(FakeServer().on("POST", PATH, timeout))
    assert isinstance(error, RetryLater) and "timed out" in str(error)


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(200, text="<html>proxy error</html>"),
        json_response(200, {"candidates": "nope"}),
        json_response(
            200, {"candidates": [{"content": {"parts": [{"inlineData": {"data": "%%"}}]}}]}
        ),
    ],
)
def test_malformed_bodies_are_permanent(answer: httpx.Response) -> None:
    error = failure(FakeServer().on("POST", PATH, answer))
    assert isinstance(error, Permanent) and "malformed" in str(error)


def test_bad_key_is_permanent_and_the_key_is_redacted_even_if_echoed() -> None:
    body = {
        "error": {"code": 400, "message": f"API key not valid: {KEY}", "status": "INVALID_ARGUMENT"}
    }
    error = failure(FakeServer().on("POST", PATH, json_response(400, body)))
    assert isinstance(error, Permanent) and "API key not valid: ***" in str(error)
