"""What a media provider reads: a voice line exactly as written, music and motion prompts as
written — no characters, scene or design style appended (an image gets its context block)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.router import CommandRouter
from core.ports import GenerationRequest, GenerationResult
from tests.conftest import RecordingSink, make_settings
from tests.core.test_media_versions import ANN, HERE
from workers.providers.local import LocalProvider
from workers.runtime import Runtime


class Reading(LocalProvider):
    """The local provider, noting the prompt each profile was asked with."""

    def __init__(self) -> None:
        super().__init__()
        self.prompts: dict[str, list[str]] = {}

    def generate(self, request: GenerationRequest) -> GenerationResult:
        self.prompts.setdefault(request.profile, []).append(request.prompt)
        return super().generate(request)


@pytest.fixture
def reading(db_url: str, tmp_path: Path, sink: RecordingSink) -> Iterator[tuple[Runtime, Reading]]:
    provider = Reading()
    rt = Runtime(
        make_settings(db_url, tmp_path / "data"),
        sinks={"console": sink},
        providers={"local": provider},
    )
    rt.start_worker(threads=2, sweep_interval=None)
    yield rt, provider
    rt.stop()


@pytest.mark.parametrize("db_url", ["postgres"], indirect=True)  # provider-side: one backend
def test_media_prompts_go_as_written(reading: tuple[Runtime, Reading]) -> None:
    runtime, provider = reading
    router = CommandRouter(runtime.studio)
    for command in (
        "/project new Demo",
        "/design style watercolour, soft morning light",
        "/character new Mara: a harbour pilot with a red scarf",
        "/imagine Mara on the pier at dawn",
    ):
        router.handle(ANN, HERE, command)
    assert runtime.wait_idle(platforms=["console"], timeout=60)
    [image_prompt] = provider.prompts["local"]
    assert image_prompt.startswith("Mara on the pier at dawn\n\n")
    assert "Style: watercolour, soft morning light" in image_prompt  # images get the context

    router.handle(ANN, HERE, "/animate v1 Mara waves, slow zoom")
    router.handle(ANN, HERE, "/voice Mara, bring the boat in — now! --voice deep")
    router.handle(ANN, HERE, "/music Mara's theme: calm piano --duration 5")
    assert runtime.wait_idle(platforms=["console"], timeout=60)
    assert provider.prompts["local-video"] == ["Mara waves, slow zoom"]
    assert provider.prompts["local-voice"] == ["Mara, bring the boat in — now!"]
    assert provider.prompts["local-music"] == ["Mara's theme: calm piano"]
