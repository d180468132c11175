"""LoRA styles through the console: picked with --lora, sent to fal (fake), stored on the
version, shown in its caption and info, reused by Reproduce; bad asks refused, changing nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import func, select

from bot.router import CommandRouter
from core.catalog import ModelCatalog
from core.errors import BadInput
from core.identity import Actor, Place
from core.model_profiles import load_catalog
from core.models import Card, Job, Version
from tests.conftest import RecordingSink, make_settings
from tests.workers.providers.fake_fal import FakeFalQueue
from tests.workers.providers.fakes import NO_RETRY
from workers.providers.fal import FalProvider
from workers.providers.local import LocalProvider
from workers.providers.profiles import profile_options
from workers.runtime import Runtime

ANN = Actor("console", "ann", "Ann")
ROOM = Place("console", "room")
KEY = "fal-lora-key-0123456789"
INK = "https://loras.test/ink.safetensors"
GRAIN = "https://loras.test/grain.safetensors"
MODELS = f"""
default = "flux"
include_local = false

[[models]]
id = "flux"
label = "Flux LoRA"
provider = "fal"
provider_model = "fal-ai/flux-lora"
aspect_ratios = ["*"]
seed = true
image_input = true
lora = true
max_loras = 2
operations = ["vary"]
endpoints = {{ vary = "fal-ai/flux-lora/image-to-image" }}

[[models.loras]]
name = "ink"
label = "Ink wash"
provider_lora = "{INK}"
default = 0.8
max = 1.2

[[models.loras]]
name = "grain"
provider_lora = "{GRAIN}"

[[models.loras]]
name = "neon"
provider_lora = "https://loras.test/neon.safetensors"

[[models]]
id = "forge"
provider = "a1111"
lora = true
loras = [{{ name = "pastel", provider_lora = "pastel_v1" }}]

[[models]]
id = "flash"
label = "Flash"
provider = "gemini"
image_input = true
operations = ["vary"]
"""


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> ModelCatalog:
    path = tmp_path_factory.mktemp("lora") / "models.toml"
    path.write_text(MODELS)
    return load_catalog(path)


@pytest.fixture
def fake() -> FakeFalQueue:
    return FakeFalQueue(KEY, polls_before_done=0)


@pytest.fixture
def studio(
    db_url: str, tmp_path: Path, sink: RecordingSink, fake: FakeFalQueue, catalog: ModelCatalog
) -> Iterator[Runtime]:
    fal = FalProvider(
        KEY,
        base_url=fake.base,
        options=profile_options(catalog, "fal"),
        poll_after=0.01,
        transport=fake.transport,
        retry=NO_RETRY,
    )
    runtime = Runtime(
        make_settings(db_url, tmp_path / "data"),
        sinks={"console": sink},
        catalog=catalog,
        providers={"fal": fal, "gemini": LocalProvider()},
    )
    runtime.start_worker(threads=2, sweep_interval=None)
    yield runtime
    runtime.stop()


def say(runtime: Runtime, text: str) -> list[str]:
    outcome = CommandRouter(runtime.studio).handle(ANN, ROOM, text)
    assert runtime.wait_idle(platforms=["console"], timeout=60)
    return [outcome.text, *outcome.items]


def test_picked_loras_reach_fal_and_stay_with_the_version(
    studio: Runtime, fake: FakeFalQueue, sink: RecordingSink
) -> None:
    say(studio, "/project new Demo")
    say(studio, "/imagine a fox in snow --lora ink --lora grain:0.5")
    [first] = fake.inputs.values()
    assert first["loras"] == [{"path": INK, "scale": 0.8}, {"path": GRAIN, "scale": 0.5}]
    view = sink.posts[-1][0]
    assert "LoRA ink 0.8 + grain 0.5" in view.caption
    assert "LoRAs: ink 0.8 + grain 0.5" in say(studio, "/edit info")
    say(studio, "/edit reproduce")
    assert list(fake.inputs.values())[-1]["loras"] == first["loras"]
    say(studio, "/fork inky")
    say(studio, "/new")  # in the direction: its source image goes along, the LoRAs too
    forked = list(fake.inputs.values())[-1]
    assert forked["loras"] == first["loras"] and forked["image_url"].startswith("data:image/")
    with pytest.raises(BadInput, match=r"uses the LoRA\(s\) ink, grain: Flash does not take"):
        say(studio, "/new --model flash")
    say(studio, "/new --lora none")
    assert "loras" not in list(fake.inputs.values())[-1]
    with studio.db.session() as session:
        stored = session.exec(select(Version.loras).order_by(Version.number)).all()
    both = [{"name": "ink", "weight": 0.8}, {"name": "grain", "weight": 0.5}]
    assert stored == [both, both, both, []]


REFUSALS = [
    ("--lora inc", 'unknown LoRA "inc" for Flux LoRA; did you mean ink or grain? allowed: ink'),
    ("--lora pastel", "not allowed on Flux LoRA; it is offered on: forge. Flux LoRA allows: ink"),
    ("--lora ink:1.5", "the weight of ink is at most 1.2 on Flux LoRA (default 0.8); got 1.5"),
    ("--lora ink:-1", "a weight cannot be negative"),
    ("--lora ink:lots", 'the weight must be a number such as 0.8, got "lots"'),
    ("--lora ink --lora grain neon", "takes at most 2 LoRA(s) at once; got 3"),
    ("--lora ink --lora none", "--lora none cannot be combined with other --lora names"),
    ("--model flash --lora ink", "Flash does not take LoRAs; models that do: flux, forge"),
]


def test_bad_lora_asks_are_refused_naming_what_is_allowed(
    studio: Runtime, fake: FakeFalQueue
) -> None:
    say(studio, "/project new Demo")
    for flags, words in REFUSALS:
        with pytest.raises(BadInput, match=re.escape(words)):
            say(studio, f"/imagine a fox {flags}")
    with studio.db.session() as session:
        for table in (Card, Job):
            assert session.exec(select(func.count()).select_from(table)).one() == 0
    assert fake.inputs == {}


def test_edits_keep_the_parents_loras_and_say_which_the_edit_model_drops(
    studio: Runtime, fake: FakeFalQueue
) -> None:
    say(studio, "/project new Demo")
    say(studio, "/imagine a fox in snow --lora ink --lora grain:0.5")
    [first] = fake.inputs.values()
    text = say(studio, "/edit v1 vary")[0]
    assert "LoRA ink 0.8 + grain 0.5" in text and "dropped" not in text
    varied = list(fake.inputs.values())[-1]
    assert varied["loras"] == first["loras"] and varied["image_url"].startswith("data:")
    say(
        studio, "/prompt a fox in snow --model flash --lora none"
    )  # the card moves to a model without LoRAs
    text = say(studio, "/edit v1 vary")[0]
    assert "LoRA dropped: ink (Flash takes no LoRAs); grain (Flash takes no LoRAs)" in text
    with studio.db.session() as session:
        rows = session.exec(select(Version.operation, Version.loras).order_by(Version.number))
        stored = [tuple(row) for row in rows.all()]
    both = [{"name": "ink", "weight": 0.8}, {"name": "grain", "weight": 0.5}]
    assert stored == [("generate", both), ("vary", both), ("vary", [])]
