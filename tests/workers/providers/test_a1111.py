"""AUTOMATIC1111/Forge txt2img and img2img against a fake web UI API."""

from __future__ import annotations

import base64
import json

import httpx
import pytest

from core.errors import Permanent, RemoteError, RetryLater
from workers.providers.a1111 import A1111Provider
from workers.providers.http import RetryPolicy

from .fakes import NO_RETRY, FakeServer, json_response, make_request, png, provenance, timeout

BASE = "http://sd.test:7860"
AUTH = "admin:hunter2-secret"
TXT2IMG, IMG2IMG = "/sdapi/v1/txt2img", "/sdapi/v1/img2img"


def answer() -> httpx.Response:
    info = json.dumps({"seed": 42, "sd_model_name": "sdxl"})
    return json_response(
        200, {"images": [base64.b64encode(png()).decode()], "parameters": {}, "info": info}
    )


MODELS = [{"title": "sdxl.safetensors [31e35c80fc]", "model_name": "sdxl", "hash": "31e35c80fc"}]


def fake() -> FakeServer:
    server = FakeServer().on("POST", TXT2IMG, answer()).on("POST", IMG2IMG, answer())
    return server.on("GET", "/sdapi/v1/sd-models", json_response(200, MODELS))


def provider(server: FakeServer, retry: RetryPolicy = NO_RETRY, **kw) -> A1111Provider:
    return A1111Provider(BASE, auth=AUTH, transport=server.transport, retry=retry, **kw)


def failure(server: FakeServer, **changes) -> RemoteError:
    with pytest.raises(RemoteError) as caught:
        provider(server).generate(make_request(model="sdxl", **changes))
    assert "hunter2" not in str(caught.value)
    return caught.value


@pytest.mark.parametrize("resolution", ["1K", "2K"])
@pytest.mark.parametrize("ratio", ["1:1", "16:9", "9:16", "4:3"])
def test_txt2img_body(resolution: str, ratio: str) -> None:
    server = fake()
    request = make_request(
        model="sdxl", resolution=resolution, aspect_ratio=ratio, negative_prompt="blur"
    )
    result = provider(server, options={"sdxl": {"input": {"steps": 30}}}).generate(request)
    body = server.body(TXT2IMG)
    assert (body["width"], body["height"]) == (request.width, request.height)
    assert body["prompt"] == "a red fox in snow" and body["negative_prompt"] == "blur"
    assert body["seed"] == 42 and body["steps"] == 30 and body["batch_size"] == 1
    assert body["override_settings"] == {"sd_model_checkpoint": "sdxl"}
    assert (
        server.last().headers["authorization"]
        == "Basic " + base64.b64encode(AUTH.encode()).decode()
    )
    assert result.info == {"mode": "txt2img"} and provenance(result.data)["provider"] == "a1111"


def test_start_image_uses_img2img_with_base64_init_image() -> None:
    server = fake()
    start = png("white")
    result = provider(server).generate(make_request(model="sdxl", init_image=start))
    body = server.body(IMG2IMG)
    assert body["init_images"] == [base64.b64encode(start).decode()]
    assert body["denoising_strength"] == 0.6 and result.info == {"mode": "img2img"}


def test_validation_error_is_permanent() -> None:
    detail = [
        {"loc": ["body", "width"], "msg": "value is not a valid integer", "type": "type_error"}
    ]
    error = failure(fake().on("POST", TXT2IMG, json_response(422, {"detail": detail})))
    assert isinstance(error, Permanent) and "not a valid integer" in str(error)


def test_server_error_then_success() -> None:
    sleeps: list[float] = []
    oom = json_response(
        500, {"error": "OutOfMemoryError", "detail": "", "body": "", "errors": "CUDA"}
    )
    server = fake().on("POST", TXT2IMG, [oom, answer()])
    provider(server, RetryPolicy(attempts=2, sleep=sleeps.append)).generate(
        make_request(model="sdxl")
    )
    assert sleeps == [1.0] and len(server.seen) == 3  # checkpoint list + 2 tries


def test_server_error_rate_limit_and_timeout_are_transient() -> None:
    assert isinstance(
        failure(fake().on("POST", TXT2IMG, json_response(500, {"error": "x"}))), RetryLater
    )
    limited = failure(fake().on("POST", TXT2IMG, json_response(429, {}, {"Retry-After": "9"})))
    assert isinstance(limited, RetryLater) and limited.delay == 9.0
    assert isinstance(failure(fake().on("POST", TXT2IMG, timeout)), RetryLater)


@pytest.mark.parametrize("body", [{"images": None}, {"images": ["!!"]}, {"detail": "?"}])
def test_malformed_bodies_are_permanent(body: dict) -> None:
    error = failure(fake().on("POST", TXT2IMG, json_response(200, body)))
    assert isinstance(error, Permanent) and "malformed" in str(error)


def test_no_images_is_no_image() -> None:
    error = failure(fake().on("POST", TXT2IMG, json_response(200, {"images": []})))
    assert "no image returned" in str(error)


def test_password_echoed_in_an_error_is_redacted() -> None:
    server = fake().on("POST", TXT2IMG, json_response(401, {"detail": f"bad auth {AUTH}"}))
    error = failure(server)
    assert "***" in str(error) and isinstance(error, Permanent)
