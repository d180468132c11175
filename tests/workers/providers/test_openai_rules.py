"""OpenAI Images against a fake enforcing the real API's rules: file types, quota, retry hints."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from core.errors import Permanent, RetryLater
from core.ports import RefImage
from workers.providers.http import RetryPolicy
from workers.providers.openai_images import OpenAIImagesProvider

from .fake_openai import FakeOpenAIImages, no_credit, parts, rate_limited
from .fakes import NO_RETRY, jpeg, make_request, png

KEY = "sk-rules-openai-0123456789abcdef"
MODEL = "gpt-image-1"


def gif() -> bytes:
    buffer = io.BytesIO()
    Image.new("P", (8, 8), 3).save(buffer, format="GIF")
    return buffer.getvalue()


def openai(fake: FakeOpenAIImages, retry: RetryPolicy = NO_RETRY, **kw) -> OpenAIImagesProvider:
    return OpenAIImagesProvider(
        KEY, base_url="https://openai.test/v1", transport=fake.transport, retry=retry, **kw
    )


def test_a_gif_ref_is_uploaded_as_png() -> None:
    fake = FakeOpenAIImages(KEY)
    refs = [RefImage("anim", gif()), RefImage("photo", jpeg())]
    openai(fake).generate(make_request(model=MODEL, refs=refs, init_image=png()))
    files = [(kind, data[:4]) for name, kind, data in parts(fake.requests[-1]) if name == "image[]"]
    assert [kind for kind, _ in files] == ["image/png", "image/png", "image/jpeg"]
    assert files[1][1] == b"\x89PNG"


def test_the_fake_refuses_a_gif_with_the_real_wording() -> None:
    fake = FakeOpenAIImages(KEY)
    answer = fake.check_files([("image[]", "image/gif", gif())])
    assert answer is not None and answer.status_code == 400
    assert answer.json()["error"]["message"] == (
        "Invalid file 'image': unsupported mimetype ('image/gif'). "
        "Supported file formats are 'image/jpeg', 'image/png', and 'image/webp'."
    )


def test_no_seed_is_sent_to_an_api_without_one() -> None:
    fake = FakeOpenAIImages(KEY)
    openai(fake).generate(make_request(model=MODEL, seed=7))
    assert "seed" not in fake.fields[-1]


def test_insufficient_quota_is_permanent_and_not_retried() -> None:
    fake = FakeOpenAIImages(KEY, script=[no_credit()])
    with pytest.raises(Permanent, match="quota is exhausted"):
        openai(fake, RetryPolicy(attempts=3, sleep=lambda s: None)).generate(
            make_request(model=MODEL)
        )
    assert len(fake.requests) == 1


def test_retry_after_ms_is_honoured_before_retry_after() -> None:
    sleeps: list[float] = []
    fake = FakeOpenAIImages(KEY, script=[rate_limited(1500)])
    openai(fake, RetryPolicy(attempts=3, sleep=sleeps.append)).generate(make_request(model=MODEL))
    assert sleeps == [1.5] and len(fake.requests) == 2


def test_a_long_rate_limit_goes_to_the_job_queue_with_its_delay() -> None:
    fake = FakeOpenAIImages(KEY, script=[rate_limited(90_000)])
    with pytest.raises(RetryLater) as caught:
        openai(fake, RetryPolicy(attempts=3, deadline=30)).generate(make_request(model=MODEL))
    assert caught.value.delay == 90.0


def test_two_profiles_on_one_model_get_their_own_quality() -> None:
    fake = FakeOpenAIImages(KEY)
    provider = openai(fake, options={"draft": {"quality": "low"}, "final": {"quality": "high"}})
    provider.generate(make_request(model=MODEL, profile="final"))
    provider.generate(make_request(model=MODEL, profile="draft"))
    assert [f["quality"] for f in fake.fields] == ["high", "low"]
