"""fal.ai queue: submit, status with queue position, result by returned URLs, cancel."""

from __future__ import annotations

import base64
import json

import httpx
import pytest

from core.errors import Permanent, RemoteError, RetryLater
from core.ports import GenerationResult, Pending
from workers.providers.fal import FalProvider
from workers.providers.http import RetryPolicy

from .fakes import NO_RETRY, FakeServer, json_response, make_request, png, provenance, refs, timeout

KEY = "fal-key-id:fal-key-secret-0123456789"
BASE = "https://queue.fal.test"
MODEL = "fal-ai/flux/dev"
APP = "/fal-ai/flux/requests/req-1"
CDN = "https://cdn.fal-media.test/files/fox.png"
LORAS = [{"path": "https://loras.test/fox.safetensors", "scale": 0.8}]
OPTIONS = {MODEL: {"image_to_image": "fal-ai/flux/dev/image-to-image", "loras": LORAS}}


def submitted(position: int = 3) -> httpx.Response:
    return json_response(
        200,
        {
            "request_id": "req-1",
            "status_url": f"{BASE}{APP}/status",
            "response_url": f"{BASE}{APP}",
            "cancel_url": f"{BASE}{APP}/cancel",
            "queue_position": position,
        },
    )


def result_body(**changes) -> dict:
    body = {
        "images": [{"url": CDN, "width": 1024, "height": 1024, "content_type": "image/png"}],
        "seed": 42,
        "has_nsfw_concepts": [False],
        "timings": {"inference": 1.3},
        "prompt": "a red fox in snow",
    }
    body.update(changes)
    return body


def server(status: list[httpx.Response] | None = None, result: dict | None = None) -> FakeServer:
    fake = FakeServer()
    fake.on("POST", f"/{MODEL}", submitted())
    fake.on("POST", "/fal-ai/flux/dev/image-to-image", submitted())
    fake.on("GET", f"{APP}/status", status or [json_response(200, {"status": "COMPLETED"})])
    fake.on("GET", APP, json_response(200, result or result_body()))
    fake.on("GET", "/files/fox.png", httpx.Response(200, content=png("orange")))
    return fake


def provider(fake: FakeServer, retry: RetryPolicy = NO_RETRY, **kw) -> FalProvider:
    return FalProvider(
        KEY, base_url=BASE, transport=fake.transport, retry=retry, options=OPTIONS, **kw
    )


def run(fake: FakeServer, **changes) -> tuple[Pending, GenerationResult | Pending]:
    fal = provider(fake)
    pending = fal.generate(make_request(model=MODEL, **changes))
    return pending, fal.poll(pending.handle)


def failure(fake: FakeServer, **changes) -> RemoteError:
    with pytest.raises(RemoteError) as caught:
        run(fake, **changes)
    assert KEY not in str(caught.value) and "fal-key-secret" not in str(caught.value)
    return caught.value


@pytest.mark.parametrize("resolution", ["1K", "2K"])
@pytest.mark.parametrize("ratio", ["1:1", "16:9", "9:16", "4:3", "21:9"])
def test_submit_poll_and_fetch_at_each_resolution_and_ratio(resolution: str, ratio: str) -> None:
    fake = server()
    pending, result = run(fake, resolution=resolution, aspect_ratio=ratio)
    assert isinstance(pending, Pending) and pending.progress == "queue position 3"
    submit = fake.seen[0]
    assert submit.url.path == f"/{MODEL}" and submit.headers["authorization"] == f"Key {KEY}"
    body = json.loads(submit.content)
    expected = make_request(resolution=resolution, aspect_ratio=ratio)
    assert body["image_size"] == {"width": expected.width, "height": expected.height}
    assert body["seed"] == 42 and body["num_images"] == 1 and body["prompt"] == "a red fox in snow"
    assert body["loras"] == LORAS
    assert isinstance(result, GenerationResult) and result.provider == "fal"
    assert result.info == {"request_id": "req-1", "seed": "42"}
    meta = provenance(result.data)
    assert meta["model"] == MODEL and meta["seed"] == 42 and meta["aspect_ratio"] == ratio


def test_aspect_ratio_style_models_get_ratio_and_resolution() -> None:
    fake = server()
    fal = FalProvider(
        KEY, base_url=BASE, transport=fake.transport, retry=NO_RETRY,
        options={MODEL: {"size": "aspect_ratio"}},
    )  # fmt: skip
    fal.generate(make_request(model=MODEL, resolution="4K", aspect_ratio="16:9"))
    body = fake.body(f"/{MODEL}")
    assert body["aspect_ratio"] == "16:9" and body["resolution"] == "4K"
    assert "image_size" not in body and "loras" not in body


def test_handle_holds_urls_and_ids_but_never_the_key() -> None:
    fake = server()
    pending = provider(fake).generate(make_request(model=MODEL))
    state = json.loads(pending.handle)
    assert state["request_id"] == "req-1" and state["status_url"] == f"{BASE}{APP}/status"
    assert KEY not in pending.handle and "fal-key-secret" not in pending.handle


def test_queue_position_then_in_progress_then_completed() -> None:
    statuses = [
        json_response(202, {"status": "IN_QUEUE", "queue_position": 1}),
        json_response(202, {"status": "IN_PROGRESS", "logs": []}),
        json_response(200, {"status": "COMPLETED"}),
    ]
    fake = server(status=statuses)
    fal = provider(fake)
    pending = fal.generate(make_request(model=MODEL))
    first = fal.poll(pending.handle)
    second = fal.poll(pending.handle)
    assert isinstance(first, Pending) and first.progress == "queue position 1"
    assert isinstance(second, Pending) and second.progress == "in progress"
    assert isinstance(fal.poll(pending.handle), GenerationResult)


def test_the_key_goes_only_to_the_queue_host_not_the_image_cdn() -> None:
    fake = server()
    run(fake)
    download = fake.last("/files/fox.png")
    assert download.url.host == "cdn.fal-media.test" and "authorization" not in download.headers
    assert all(
        r.headers["authorization"] == f"Key {KEY}"
        for r in fake.seen
        if r.url.host != download.url.host
    )


def test_image_to_image_posts_the_start_image_to_the_variant_endpoint() -> None:
    fake = server()
    start = png("white")
    run(fake, init_image=start, refs=refs(2))
    body = fake.body("/fal-ai/flux/dev/image-to-image")
    assert body["image_url"] == "data:image/png;base64," + base64.b64encode(start).decode()
    assert body["strength"] == 0.85
    assert [u.startswith("data:image/png;base64,") for u in body["image_urls"]] == [True, True]


def test_nsfw_result_is_a_safety_block() -> None:
    error = failure(server(result=result_body(has_nsfw_concepts=[True])))
    assert isinstance(error, Permanent) and "blocked by the provider's safety filter" in str(error)


def test_content_policy_422_is_a_safety_block() -> None:
    detail = [
        {
            "loc": ["body", "prompt"],
            "msg": "flagged by a content checker",
            "type": "content_policy_violation",
        }
    ]
    fake = server()
    fake.on("GET", APP, json_response(422, {"detail": detail}))
    error = failure(fake)
    assert (
        isinstance(error, Permanent)
        and "safety filter" in str(error)
        and "content checker" in str(error)
    )


def test_validation_error_is_permanent() -> None:
    fake = server()
    detail = [{"loc": ["body", "image_size"], "msg": "invalid size", "type": "value_error"}]
    fake.on("POST", f"/{MODEL}", json_response(422, {"detail": detail}))
    error = failure(fake)
    assert (
        isinstance(error, Permanent) and "invalid size" in str(error) and "HTTP 422" in str(error)
    )


def test_rate_limited_submit_is_transient_with_retry_after() -> None:
    fake = server()
    fake.on(
        "POST",
        f"/{MODEL}",
        json_response(429, {"detail": "Too many requests"}, {"Retry-After": "5"}),
    )
    error = failure(fake)
    assert isinstance(error, RetryLater) and error.delay == 5.0


def test_server_error_on_status_is_transient_then_retried() -> None:
    sleeps: list[float] = []
    statuses = [
        json_response(500, {"detail": "Internal Server Error"}),
        json_response(200, {"status": "COMPLETED"}),
    ]
    fake = server(status=statuses)
    fal = provider(fake, RetryPolicy(attempts=2, base_delay=0.25, sleep=sleeps.append))
    pending = fal.generate(make_request(model=MODEL))
    assert isinstance(fal.poll(pending.handle), GenerationResult) and sleeps == [0.25]


def test_server_error_is_transient() -> None:
    fake = server(status=[json_response(503, {"detail": "Service Unavailable"})])
    assert isinstance(failure(fake), RetryLater)


def test_timeout_is_transient() -> None:
    fake = server()
    fake.on("POST", f"/{MODEL}", timeout)
    assert isinstance(failure(fake), RetryLater)


@pytest.mark.parametrize(
    "answer",
    [
        json_response(200, {"images": "none"}),
        json_response(200, {"status": "DONE"}),
        httpx.Response(200, text="not json"),
    ],
)
def test_malformed_answers_are_permanent(answer: httpx.Response) -> None:
    fake = server(status=[answer] if "status" in answer.text else None)
    if "status" not in answer.text:
        fake.on("GET", APP, answer)
    error = failure(fake)
    assert isinstance(error, Permanent) and "malformed" in str(error)


def test_empty_images_is_no_image() -> None:
    error = failure(server(result=result_body(images=[])))
    assert isinstance(error, Permanent) and "no image returned" in str(error)


def test_cancel_puts_the_cancel_url_and_tolerates_already_completed() -> None:
    fake = server(status=[json_response(202, {"status": "IN_QUEUE", "queue_position": 4})])
    fake.on("PUT", f"{APP}/cancel", [
        json_response(202, {"status": "CANCELLATION_REQUESTED"}),
        json_response(400, {"status": "ALREADY_COMPLETED"}),
    ])  # fmt: skip
    fal = provider(fake)
    pending = fal.generate(make_request(model=MODEL))
    fal.cancel(pending.handle)
    cancel = fake.last(f"{APP}/cancel")
    assert cancel.method == "PUT" and cancel.headers["authorization"] == f"Key {KEY}"
    fal.cancel(pending.handle)
    assert len([r for r in fake.seen if r.method == "PUT"]) == 2


def test_cancelled_request_fails_permanently_when_polled() -> None:
    fake = server(
        status=[json_response(200, {"status": "COMPLETED", "error": "Request was cancelled"})]
    )
    error = failure(fake)
    assert isinstance(error, Permanent) and "cancelled" in str(error)


def test_a_handle_pointing_elsewhere_is_refused() -> None:
    fake = server()
    fal = provider(fake)
    state = json.loads(fal.generate(make_request(model=MODEL)).handle)
    state["status_url"] = "https://evil.test/steal"
    with pytest.raises(RemoteError, match="another host"):
        fal.poll(json.dumps(state))
    assert all(r.url.host != "evil.test" for r in fake.seen)
