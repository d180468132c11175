"""AUTOMATIC1111 against a fake with its real behaviour: checkpoint fallback, one GPU, seeds."""

from __future__ import annotations

import threading

import pytest

from core.errors import Permanent
from workers.providers.a1111 import A1111Provider
from workers.providers.registry import ProviderSettings, build_providers

from .fake_a1111 import FakeWebUI
from .fakes import NO_RETRY, make_request, provenance

AUTH = "admin:rules-secret-pass"
BASE = "http://gpu-box.test:7860"


def webui(fake: FakeWebUI, **kw) -> A1111Provider:
    return A1111Provider(BASE, auth=AUTH, transport=fake.transport, retry=NO_RETRY, **kw)


@pytest.mark.parametrize("name", ["sd_xl_base_1.0", "juggernaut.safetensors [aaaa1111bb]"])
def test_a_listed_checkpoint_is_drawn_with(name: str) -> None:
    fake = FakeWebUI(AUTH)
    webui(fake).generate(make_request(model=name))
    assert fake.drawn_with == [fake.models[0 if "xl" in name else 1]["model_name"]]


def test_an_unknown_checkpoint_is_refused_instead_of_silently_replaced() -> None:
    fake = FakeWebUI(AUTH)
    with pytest.raises(Permanent, match='no checkpoint "sdxl-typo"') as caught:
        webui(fake).generate(make_request(model="sdxl-typo"))
    assert "sd_xl_base_1.0" in str(caught.value) and fake.drawn_with == []
    assert "rules-secret-pass" not in str(caught.value)


def test_a_checkpoint_added_later_is_found_on_a_fresh_list() -> None:
    fake = FakeWebUI(AUTH)
    provider = webui(fake)
    provider.generate(make_request(model="sd_xl_base_1.0"))
    fake.models.append({"title": "new.safetensors [cc]", "model_name": "new", "hash": "cc"})
    provider.generate(make_request(model="new"))
    assert fake.drawn_with == ["sd_xl_base_1.0", "new"]


def test_one_gpu_gets_one_request_at_a_time_from_each_worker_process() -> None:
    fake = FakeWebUI(AUTH, overlap_wait=0.3)
    provider = webui(fake)
    errors: list[BaseException] = []

    def draw() -> None:
        try:
            provider.generate(make_request(model="sd_xl_base_1.0"))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=draw) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert errors == [] and len(fake.drawn_with) == 3 and fake.most_in_flight == 1


def test_concurrency_is_a_setting() -> None:
    settings = ProviderSettings(a1111_url=BASE, a1111_concurrency=2, _env_file=None)  # type: ignore[call-arg]
    provider = build_providers(settings)["a1111"]
    assert isinstance(provider, A1111Provider) and provider.slots.limit == 2


def test_a_profile_without_seeds_lets_the_web_ui_pick_one() -> None:
    fake = FakeWebUI(AUTH)
    result = webui(fake, options={"forge": {"seed": False}}).generate(
        make_request(model="sd_xl_base_1.0", profile="forge", seed=99)
    )
    assert fake.bodies[-1]["seed"] == -1 and provenance(result.data)["seed"] == 1234
