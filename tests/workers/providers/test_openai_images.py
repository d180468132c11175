"""OpenAI Images generations and multipart edits against a fake server."""

from __future__ import annotations

import base64
from email.parser import BytesParser
from email.policy import HTTP

import httpx
import pytest

from core.errors import Permanent, RemoteError, RetryLater
from workers.providers.http import RetryPolicy
from workers.providers.openai_images import OpenAIImagesProvider

from .fakes import NO_RETRY, FakeServer, json_response, make_request, png, provenance, refs, timeout

KEY = "sk-test-openai-0123456789abcdef"
BASE = "https://openai.test/v1"
MODEL = "gpt-image-1"
GENERATIONS, EDITS = "/v1/images/generations", "/v1/images/edits"


def answer(data: bytes | None = None) -> httpx.Response:
    b64 = base64.b64encode(data or png()).decode()
    return json_response(200, {"created": 1700000000, "data": [{"b64_json": b64}], "usage": {}})


def fake() -> FakeServer:
    return FakeServer().on("POST", GENERATIONS, answer()).on("POST", EDITS, answer())


def provider(server: FakeServer, retry: RetryPolicy = NO_RETRY, **kw) -> OpenAIImagesProvider:
    return OpenAIImagesProvider(KEY, base_url=BASE, transport=server.transport, retry=retry, **kw)


def form_parts(request: httpx.Request) -> list[tuple[str, str | None, bytes]]:
    """(field name, filename, content) for each multipart part, in order."""
    head = f"Content-Type: {request.headers['content-type']}\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + request.content)
    return [
        (
            p.get_param("name", header="content-disposition"),
            p.get_filename(),
            p.get_payload(decode=True),
        )
        for p in message.iter_parts()
    ]


def failure(server: FakeServer, **changes) -> RemoteError:
    with pytest.raises(RemoteError) as caught:
        provider(server).generate(make_request(model=MODEL, **changes))
    assert KEY not in str(caught.value)
    return caught.value


@pytest.mark.parametrize(
    ("ratio", "size"), [("1:1", "1024x1024"), ("3:2", "1536x1024"), ("16:9", "1536x1024"),
                        ("2:3", "1024x1536"), ("9:16", "1024x1536")],
)  # fmt: skip
def test_generation_sends_model_prompt_size_and_format(ratio: str, size: str) -> None:
    server = fake()
    result = provider(server).generate(make_request(model=MODEL, aspect_ratio=ratio))
    sent = server.last(GENERATIONS)
    assert sent.headers["authorization"] == f"Bearer {KEY}"
    assert server.body() == {
        "model": MODEL, "prompt": "a red fox in snow", "n": 1, "size": size, "output_format": "png"
    }  # fmt: skip
    assert result.provider == "openai" and result.info["endpoint"] == "generation"
    assert provenance(result.data)["size"] == size


@pytest.mark.parametrize(("resolution", "quality"), [("1K", "medium"), ("2K", "high")])
def test_profile_quality_per_resolution_and_size_table(resolution: str, quality: str) -> None:
    server = fake()
    options = {MODEL: {"quality": {"1K": "medium", "2K": "high"}, "sizes": {"1:1": "auto"}}}
    provider(server, options=options).generate(make_request(model=MODEL, resolution=resolution))
    body = server.body()
    assert body["quality"] == quality and body["size"] == "auto"


def test_refs_and_start_image_use_the_edits_endpoint_with_repeated_image_parts() -> None:
    server = fake()
    start = png("white")
    request = make_request(model=MODEL, refs=refs(3), init_image=start, negative_prompt="blur")
    result = provider(server).generate(request)
    parts = form_parts(server.last(EDITS))
    images = [content for name, _, content in parts if name == "image[]"]
    assert images == [start, *(r.data for r in request.refs)]
    fields = {name: content.decode() for name, filename, content in parts if filename is None}
    assert fields["model"] == MODEL and fields["size"] == "1024x1024" and fields["n"] == "1"
    assert fields["prompt"] == "a red fox in snow\n\nAvoid: blur"
    assert result.info["endpoint"] == "edit"
    assert server.last(EDITS).headers["authorization"] == f"Bearer {KEY}"


def test_moderation_block_is_a_permanent_safety_error() -> None:
    body = {"error": {"message": "Your request was rejected by the safety system.",
                      "type": "image_generation_user_error", "param": None,
                      "code": "moderation_blocked"}}  # fmt: skip
    error = failure(FakeServer().on("POST", GENERATIONS, json_response(400, body)))
    assert isinstance(error, Permanent) and "blocked by the provider's safety filter" in str(error)


def test_rate_limit_is_transient_with_retry_after() -> None:
    body = {
        "error": {
            "message": "Rate limit reached",
            "type": "requests",
            "code": "rate_limit_exceeded",
        }
    }
    server = FakeServer().on("POST", GENERATIONS, json_response(429, body, {"retry-after": "20"}))
    error = failure(server)
    assert isinstance(error, RetryLater) and error.delay == 20.0


def test_server_error_then_success() -> None:
    sleeps: list[float] = []
    body = {"error": {"message": "The server had an error", "type": "server_error"}}
    server = FakeServer().on("POST", GENERATIONS, [json_response(500, body), answer()])
    result = provider(server, RetryPolicy(attempts=3, sleep=sleeps.append)).generate(
        make_request(model=MODEL)
    )
    assert result.mime == "image/png" and sleeps == [1.0]


def test_server_error_is_transient_when_retries_are_used_up() -> None:
    body = {"error": {"message": "The server had an error", "type": "server_error"}}
    assert isinstance(
        failure(FakeServer().on("POST", GENERATIONS, json_response(502, body))), RetryLater
    )


def test_timeout_is_transient() -> None:
    assert isinstance(failure(FakeServer().on("POST", GENERATIONS, timeout)), RetryLater)


@pytest.mark.parametrize(
    "body", [{"data": None}, {"data": [{"b64_json": "bm90IGFuIGltYWdl"}]}, ["not", "an", "object"]]
)
def test_malformed_bodies_are_permanent(body: object) -> None:
    error = failure(FakeServer().on("POST", GENERATIONS, json_response(200, body)))
    assert isinstance(error, Permanent) and "malformed" in str(error)


def test_empty_data_is_no_image() -> None:
    error = failure(FakeServer().on("POST", GENERATIONS, json_response(200, {"data": []})))
    assert "no image returned" in str(error)


def test_invalid_key_message_is_redacted() -> None:
    body = {"error": {"message": f"Incorrect API key provided: {KEY}.", "code": "invalid_api_key"}}
    error = failure(FakeServer().on("POST", GENERATIONS, json_response(401, body)))
    assert isinstance(error, Permanent) and "Incorrect API key provided: ***" in str(error)
