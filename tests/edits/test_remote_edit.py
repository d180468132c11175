"""An edit made by a remote model, end to end: console → job → OpenAI's image edits (fake) →
a delivered version; an edit the profile lacks is refused naming the models that can."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from bot.router import CommandRouter
from core.catalog import LOCAL_PREVIEW, ModelCatalog, ModelProfile
from core.errors import BadInput
from core.identity import Actor, Place
from tests.conftest import RecordingSink, make_settings
from tests.workers.providers.fake_openai import FakeOpenAIImages, parts
from tests.workers.providers.fakes import NO_RETRY
from workers.providers.local import LocalProvider
from workers.providers.openai_images import OpenAIImagesProvider
from workers.runtime import Runtime

ANN = Actor("console", "ann", "Ann")
ROOM = Place("console", "room")
KEY = "sk-remote-edit-0123456789"
GPT = ModelProfile(
    id="gpt",
    label="GPT",
    provider="openai",
    provider_model="gpt-image-1",
    operations=("generate", "inpaint", "vary"),
)


@pytest.fixture
def fake() -> FakeOpenAIImages:
    return FakeOpenAIImages(KEY)


@pytest.fixture
def remote(
    db_url: str, tmp_path: Path, sink: RecordingSink, fake: FakeOpenAIImages
) -> Iterator[Runtime]:
    openai = OpenAIImagesProvider(
        KEY, base_url="https://openai.test/v1", transport=fake.transport, retry=NO_RETRY
    )
    runtime = Runtime(
        make_settings(db_url, tmp_path / "data"),
        sinks={"console": sink},
        catalog=ModelCatalog(profiles={"local": LOCAL_PREVIEW, "gpt": GPT}, default="local"),
        providers={"local": LocalProvider(), "openai": openai},
    )
    runtime.start_worker(threads=2, sweep_interval=None)
    yield runtime
    runtime.stop()


def test_inpaint_on_an_openai_profile_sends_a_transparent_mask(
    remote: Runtime, sink: RecordingSink, fake: FakeOpenAIImages
) -> None:
    router = CommandRouter(remote.studio)
    router.handle(ANN, ROOM, "/project new Demo")
    router.handle(ANN, ROOM, "/imagine a cottage --ar 1:1 --model gpt")
    assert remote.wait_idle(platforms=["console"], timeout=60)
    answer = router.handle(ANN, ROOM, "/edit inpaint B2:C3 a red door")
    assert "inpaint of v1" in answer.text
    assert remote.wait_idle(platforms=["console"], timeout=60)
    request = fake.requests[-1]
    assert request.url.path == "/v1/images/edits"
    form = {name: (kind, data) for name, kind, data in parts(request)}
    assert form["mask"][0] == "image/png"
    mask = Image.open(io.BytesIO(form["mask"][1]))
    image = Image.open(io.BytesIO(form["image"][1]))
    assert mask.mode == "RGBA" and mask.size == image.size
    alpha = mask.getchannel("A")
    w, h = mask.size
    assert alpha.getpixel((w // 2 - 1, h // 2 - 1)) == 0  # B2:C3 is the middle: edited
    assert alpha.getpixel((2, 2)) == 255  # A1's corner is kept
    [(v2, _, _)] = [post for post in sink.posts if post[0].number == 2]
    assert v2.status == "done" and "inpaint of v1" in v2.caption
    with pytest.raises(BadInput, match="GPT cannot upscale; models that can: local"):
        router.handle(ANN, ROOM, "/edit upscale 2")
