"""fal.ai against a queue fake enforcing the real service's rules: enums, balance, profiles."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import Permanent
from core.ports import GenerationResult, Pending
from workers.providers.fal import FalProvider
from workers.providers.http import RetryPolicy
from workers.providers.registry import ProviderSettings, build_catalog, build_providers

from .fake_fal import FakeFalQueue
from .fakes import NO_RETRY, make_request

KEY = "fal-rules-key-0123456789"
MODEL = "fal-ai/nano-banana"


def fal(fake: FakeFalQueue, **kw) -> FalProvider:
    return FalProvider(KEY, base_url=fake.base, transport=fake.transport, retry=NO_RETRY, **kw)


def run(provider: FalProvider, **changes) -> GenerationResult:
    answer = provider.generate(make_request(model=MODEL, **changes))
    for _ in range(5):
        assert isinstance(answer, Pending)
        answer = provider.poll(answer.handle)
        if isinstance(answer, GenerationResult):
            return answer
    raise AssertionError("never finished")


@pytest.mark.parametrize(("ratio", "sent"), [("32:18", "16:9"), ("7:3", "21:9"), ("1:1", "1:1")])
def test_aspect_ratios_are_sent_in_the_enum_spelling(ratio: str, sent: str) -> None:
    fake = FakeFalQueue(KEY)
    run(fal(fake, options={MODEL: {"size": "aspect_ratio"}}), aspect_ratio=ratio)
    [payload] = fake.inputs.values()
    assert payload["aspect_ratio"] == sent


def test_a_ratio_outside_the_enum_is_refused_before_anything_is_paid_for() -> None:
    fake = FakeFalQueue(KEY)
    with pytest.raises(Permanent, match="aspect ratio 5:3 is not offered"):
        fal(fake, options={MODEL: {"size": "aspect_ratio"}}).generate(
            make_request(model=MODEL, aspect_ratio="5:3")
        )
    assert fake.requests == []


def test_the_fake_refuses_a_non_canonical_ratio_like_the_model_does() -> None:
    fake = FakeFalQueue(KEY)
    pending = fal(fake).generate(make_request(model=MODEL))
    fake.inputs["req-1"]["aspect_ratio"] = "32:18"
    fake.polls_before_done = 0
    with pytest.raises(Permanent, match="aspect_ratio: Input should be '21:9'"):
        fal(fake).poll(pending.handle)


def test_an_exhausted_balance_is_permanent_with_a_clear_message() -> None:
    fake = FakeFalQueue(KEY, locked=True)
    provider = FalProvider(
        KEY,
        base_url=fake.base,
        transport=fake.transport,
        retry=RetryPolicy(attempts=3, sleep=lambda s: None),
    )
    with pytest.raises(Permanent, match="quota is exhausted.*Exhausted balance"):
        provider.generate(make_request(model=MODEL))
    assert len(fake.requests) == 1


def test_a_profile_without_seeds_sends_none() -> None:
    fake = FakeFalQueue(KEY)
    run(fal(fake, options={"styled": {"seed": False}}), profile="styled")
    [payload] = fake.inputs.values()
    assert "seed" not in payload


def test_two_profiles_on_one_model_get_their_own_loras(tmp_path: Path) -> None:
    models = tmp_path / "models.toml"
    models.write_text(
        """
[[models]]
id = "ink"
provider = "fal"
provider_model = "fal-ai/flux-lora"
lora = true
options = { loras = [{ path = "https://loras.test/ink.safetensors", scale = 0.8 }] }
[[models]]
id = "pastel"
provider = "fal"
provider_model = "fal-ai/flux-lora"
lora = true
options = { loras = [{ path = "https://loras.test/pastel.safetensors", scale = 0.6 }] }
"""
    )
    fake = FakeFalQueue(KEY)
    settings = ProviderSettings(
        models_file=models, fal_key=KEY, fal_base_url=fake.base, _env_file=None
    )  # type: ignore[call-arg]
    catalog = build_catalog(settings)
    provider = build_providers(settings, catalog, transport=fake.transport, retry=NO_RETRY)["fal"]
    for profile in ("ink", "pastel"):
        provider.generate(make_request(model="fal-ai/flux-lora", profile=profile))
    sent = [payload["loras"][0]["path"] for payload in fake.inputs.values()]
    assert sent == ["https://loras.test/ink.safetensors", "https://loras.test/pastel.safetensors"]


def test_the_image_comes_from_the_cdn_without_the_key() -> None:
    fake = FakeFalQueue(KEY)
    run(fal(fake))
    [download] = [r for r in fake.requests if r.url.host == "v3.fal.media"]
    assert "authorization" not in download.headers
