"""Gemini against a fake enforcing the real API's rules: seeds, image types, quota, redirects."""

from __future__ import annotations

import base64
import io

import httpx
import pytest
from PIL import Image

from core.errors import Permanent, RetryLater
from core.ports import RefImage
from workers.providers.gemini import GeminiProvider
from workers.providers.http import RetryPolicy

from .fake_gemini import FakeGemini, quota_exhausted
from .fakes import NO_RETRY, jpeg, make_request, png, provenance

KEY = "AIzaSy-rules-gemini-key-0123456789"
MODEL = "gemini-2.5-flash-image"


def gif(colour: str = "purple") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(buffer, format="GIF")
    return buffer.getvalue()


def gemini(fake: FakeGemini, retry: RetryPolicy = NO_RETRY, **kw) -> GeminiProvider:
    return GeminiProvider(
        KEY, base_url="https://gemini.test", transport=fake.transport, retry=retry, **kw
    )


@pytest.mark.parametrize("seed", [0, 2**31 - 1, 2**31, 3_000_000_000, 2**32 - 1])
def test_every_lightbox_seed_is_sent_as_an_int32(seed: int) -> None:
    fake = FakeGemini(KEY)
    result = gemini(fake).generate(make_request(model=MODEL, seed=seed))
    sent = fake.bodies[-1]["generationConfig"]["seed"]
    assert 0 <= sent <= 2**31 - 1 and provenance(result.data)["seed"] == sent


def test_the_fake_refuses_an_out_of_range_seed_like_the_api() -> None:
    fake = FakeGemini(KEY)
    body = {"contents": [], "generationConfig": {"seed": 3_000_000_000}}
    answer = fake.handle(httpx.Request("POST", f"https://g.test/v1beta/models/{MODEL}:generateContent",
                                       json=body, headers={"x-goog-api-key": KEY}))  # fmt: skip
    error = answer.json()["error"]
    assert answer.status_code == 400 and error["status"] == "INVALID_ARGUMENT"
    assert error["message"] == "Invalid value at 'generation_config.seed' (TYPE_INT32), 3000000000"


def test_a_profile_without_seeds_sends_none() -> None:
    fake = FakeGemini(KEY)
    provider = gemini(fake, options={"flash": {"seed": False}})
    result = provider.generate(make_request(model=MODEL, profile="flash", seed=3_000_000_000))
    assert "seed" not in fake.bodies[-1]["generationConfig"]
    assert provenance(result.data)["seed"] is None


def test_gif_refs_and_start_images_are_sent_as_png() -> None:
    fake = FakeGemini(KEY)
    request = make_request(model=MODEL, init_image=gif(), refs=[RefImage("anim", gif("green"))])
    gemini(fake).generate(request)
    images = [p["inlineData"] for p in fake.bodies[-1]["contents"][0]["parts"][1:]]
    assert [i["mimeType"] for i in images] == ["image/png", "image/png"]
    assert all(base64.b64decode(i["data"]).startswith(b"\x89PNG") for i in images)


def test_jpeg_and_png_refs_keep_their_bytes_and_true_type() -> None:
    fake = FakeGemini(KEY)
    refs = [RefImage("photo", jpeg()), RefImage("drawing", png())]
    gemini(fake).generate(make_request(model=MODEL, refs=refs))
    images = [p["inlineData"] for p in fake.bodies[-1]["contents"][0]["parts"][1:]]
    assert [i["mimeType"] for i in images] == ["image/jpeg", "image/png"]
    assert [base64.b64decode(i["data"]) for i in images] == [r.data for r in refs]


def test_per_minute_quota_waits_the_delay_the_body_asks_for() -> None:
    sleeps: list[float] = []
    fake = FakeGemini(
        KEY, script=[quota_exhausted("minute", "1.5s"), quota_exhausted("minute", "1.5s")]
    )
    retry = RetryPolicy(attempts=3, deadline=30, sleep=sleeps.append)
    gemini(fake, retry).generate(make_request(model=MODEL))
    assert sleeps == [1.5, 1.5] and len(fake.requests) == 3


def test_a_retry_delay_past_the_deadline_goes_to_the_job_queue_with_that_delay() -> None:
    sleeps: list[float] = []
    fake = FakeGemini(KEY, script=[quota_exhausted("minute", "36s")])
    retry = RetryPolicy(attempts=3, deadline=30, sleep=sleeps.append)
    with pytest.raises(RetryLater) as caught:
        gemini(fake, retry).generate(make_request(model=MODEL))
    assert caught.value.delay == 36.0 and sleeps == [] and len(fake.requests) == 1
    assert KEY not in str(caught.value)


def test_per_day_quota_is_permanent_with_a_clear_message() -> None:
    fake = FakeGemini(KEY, script=[quota_exhausted("day")])
    with pytest.raises(Permanent, match="quota is exhausted") as caught:
        gemini(fake, RetryPolicy(attempts=3, sleep=lambda s: None)).generate(
            make_request(model=MODEL)
        )
    assert "PerDay" in str(caught.value) and len(fake.requests) == 1


def test_two_profiles_on_one_model_get_their_own_options() -> None:
    fake = FakeGemini(KEY)
    provider = gemini(fake, options={"fast": {"image_size": False}, "hd": {"image_size": True}})
    provider.generate(make_request(model=MODEL, profile="hd", resolution="2K"))
    provider.generate(make_request(model=MODEL, profile="fast"))
    configs = [b["generationConfig"]["imageConfig"] for b in fake.bodies]
    assert configs == [{"aspectRatio": "1:1", "imageSize": "2K"}, {"aspectRatio": "1:1"}]


def test_a_redirect_is_followed_without_the_key_leaving_the_origin() -> None:
    fake = FakeGemini(KEY)
    elsewhere: list[httpx.Request] = []

    def route(request: httpx.Request) -> httpx.Response:
        if request.url.host == "gemini.test":
            return httpx.Response(
                307, headers={"location": f"https://mirror.test{request.url.path}"}
            )
        elsewhere.append(request)
        # The mirror serves the same API; it would accept the key but must never be given it.
        headers = {**request.headers, "x-goog-api-key": KEY}
        return fake.handle(
            httpx.Request("POST", request.url, headers=headers, content=request.read())
        )

    provider = GeminiProvider(
        KEY, base_url="https://gemini.test", transport=httpx.MockTransport(route), retry=NO_RETRY
    )
    provider.generate(make_request(model=MODEL))
    assert len(elsewhere) == 1 and "x-goog-api-key" not in elsewhere[0].headers
    assert elsewhere[0].method == "POST" and fake.bodies[-1]["contents"]
