"""Shared provider HTTP: retries within a deadline, Retry-After, origin-bound keys, redaction."""

from __future__ import annotations

import email.utils
import io
import json
import time

import httpx
import pytest
from PIL import Image

from core.errors import RemoteError, RetryLater
from workers.providers.http import ProviderHTTP, RetryPolicy, parse_retry_after, redact
from workers.providers.provenance import sniff_mime, stamp

from .fakes import FakeServer, jpeg, json_response, png, timeout

KEY = "secret-key-0123456789"


def client(server: FakeServer, retry: RetryPolicy) -> ProviderHTTP:
    return ProviderHTTP(
        "demo", "https://api.demo.test/v1", auth_headers={"Authorization": f"Bearer {KEY}"},
        secrets=[KEY], retry=retry, transport=server.transport,
    )  # fmt: skip


def test_parse_retry_after_seconds_dates_and_garbage() -> None:
    assert parse_retry_after("12") == 12.0
    assert parse_retry_after("-3") == 0.0
    assert parse_retry_after(None) is None and parse_retry_after("soon") is None
    future = email.utils.formatdate(time.time() + 30, usegmt=True)
    assert 25 <= (parse_retry_after(future) or 0) <= 31


def test_redact_removes_the_key_and_its_base64_form() -> None:
    import base64

    encoded = base64.b64encode(KEY.encode()).decode()
    assert redact(f"key {KEY} basic {encoded}", [KEY]) == "key *** basic ***"


def test_retry_after_beyond_the_deadline_hands_over_to_the_job_queue_at_once() -> None:
    sleeps: list[float] = []
    server = FakeServer().on("GET", "/v1/x", json_response(429, {}, {"Retry-After": "120"}))
    http = client(server, RetryPolicy(attempts=5, deadline=30, sleep=sleeps.append))
    with pytest.raises(RemoteError) as caught:
        http.request("GET", "x", what="probe")
    assert isinstance(caught.value, RetryLater) and caught.value.delay == 120.0
    assert sleeps == [] and len(server.seen) == 1


def test_short_retry_after_is_waited_then_retried() -> None:
    sleeps: list[float] = []
    server = FakeServer().on(
        "GET",
        "/v1/x",
        [json_response(429, {}, {"Retry-After": "2"}), json_response(200, {"ok": 1})],
    )
    http = client(server, RetryPolicy(attempts=3, sleep=sleeps.append))
    assert http.json(http.request("GET", "x", what="probe"), "probe") == {"ok": 1}
    assert sleeps == [2.0]


def test_backoff_doubles_and_stops_after_the_attempts() -> None:
    sleeps: list[float] = []
    server = FakeServer().on("GET", "/v1/x", json_response(503, {"error": "down"}))
    http = client(server, RetryPolicy(attempts=4, base_delay=0.5, sleep=sleeps.append))
    with pytest.raises(RemoteError, match="server busy") as caught:
        http.request("GET", "x", what="probe")
    assert (
        isinstance(caught.value, RetryLater) and sleeps == [0.5, 1.0, 2.0] and len(server.seen) == 4
    )


def test_connection_errors_are_transient() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    http = client(FakeServer().on("GET", "/v1/x", refuse), RetryPolicy(attempts=1))
    with pytest.raises(RemoteError, match="could not reach") as caught:
        http.request("GET", "x", what="probe")
    assert isinstance(caught.value, RetryLater)


def test_credentials_go_only_to_the_configured_origin() -> None:
    server = (
        FakeServer()
        .on("GET", "/v1/x", json_response(200, {}))
        .on("GET", "/file", json_response(200, {}))
    )
    http = client(server, RetryPolicy(attempts=1))
    http.request("GET", "x", what="probe")
    http.request("GET", "https://cdn.other.test/file", what="download")
    http.request("GET", "http://api.demo.test/file", what="plain http")
    own, cdn, plain = server.seen
    assert own.headers["authorization"] == f"Bearer {KEY}"
    assert "authorization" not in cdn.headers and "authorization" not in plain.headers


def test_stamp_adds_a_png_text_chunk_and_keeps_the_image() -> None:
    stamped = stamp(png(), {"prompt": "fox ü", "seed": 1})
    image = Image.open(io.BytesIO(stamped))
    image.load()
    assert json.loads(image.text["lightbox"]) == {"prompt": "fox ü", "seed": 1}
    assert image.size == (8, 6)


def test_stamp_adds_a_jpeg_comment_and_leaves_other_bytes_alone() -> None:
    stamped = stamp(jpeg(), {"seed": 7})
    image = Image.open(io.BytesIO(stamped))
    image.load()
    assert json.loads(image.info["comment"]) == {"seed": 7}
    assert stamp(b"GIF89a...", {"seed": 1}) == b"GIF89a..."
    assert sniff_mime(stamped) == "image/jpeg"


def test_a_generation_that_timed_out_is_not_sent_again_within_the_call() -> None:
    sleeps: list[float] = []
    server = FakeServer().on("POST", "/v1/draw", timeout)
    http = client(server, RetryPolicy(attempts=3, deadline=30, sleep=sleeps.append))
    with pytest.raises(RetryLater, match="timed out") as caught:
        http.request("POST", "draw", what="draw", json={})
    assert len(server.seen) == 1 and sleeps == [] and (caught.value.delay or 0) >= 60


def test_redirects_are_followed_and_credentials_stay_with_their_origin() -> None:
    server = FakeServer()
    server.on("GET", "/v1/moved", httpx.Response(302, headers={"location": "/v1/here"}))
    server.on("GET", "/v1/here", httpx.Response(307, headers={"location": "https://cdn.test/f"}))
    server.on("GET", "/f", json_response(200, {"ok": True}))
    response = client(server, RetryPolicy(attempts=1)).request("GET", "moved", what="probe")
    assert response.json() == {"ok": True}
    hops = [(r.url.host, r.url.path, "authorization" in r.headers) for r in server.seen]
    assert hops == [
        ("api.demo.test", "/v1/moved", True),
        ("api.demo.test", "/v1/here", True),
        ("cdn.test", "/f", False),
    ]


def test_a_post_redirected_with_303_becomes_a_get_without_the_body() -> None:
    server = FakeServer()
    server.on("POST", "/v1/jobs", httpx.Response(303, headers={"location": "/v1/jobs/1"}))
    server.on("GET", "/v1/jobs/1", json_response(200, {"id": 1}))
    client(server, RetryPolicy(attempts=1)).request("POST", "jobs", what="submit", json={"a": 1})
    assert [(r.method, r.content) for r in server.seen] == [("POST", b'{"a":1}'), ("GET", b"")]
