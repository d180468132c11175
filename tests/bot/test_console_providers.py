"""The console key cycle against fake Gemini and fal.ai servers, by configuration alone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session, col, select

from core.db import Database
from core.models import Job, Ref, Version
from tests.bot.test_console import console, printed_images
from tests.workers.providers.fake_servers import FakeProviderServer

MODELS = """
default = "flash"

[[models]]
id = "flash"
label = "Flash ⚡ — faster"
provider = "gemini"
provider_model = "gemini-flash-image"
aspect_ratios = ["1:1", "16:9"]
max_refs = 4
seed = true
image_input = true

[[models]]
id = "schnell"
label = "Flux schnell"
provider = "fal"
provider_model = "fal-ai/flux-1/schnell"
aspect_ratios = ["*"]
max_refs = 0
seed = true
"""


@pytest.fixture
def fake() -> Iterator[FakeProviderServer]:
    server = FakeProviderServer(polls_before_done=1)
    server.start()
    yield server
    server.stop()


def test_key_cycle_on_fake_gemini_and_fal(
    db_url: str, tmp_path: Path, fake: FakeProviderServer
) -> None:
    models = tmp_path / "models.toml"
    models.write_text(MODELS)
    env = {
        "LIGHTBOX_MODELS_FILE": str(models),
        "LIGHTBOX_GEMINI_API_KEY": fake.gemini_key,
        "LIGHTBOX_GEMINI_BASE_URL": fake.url,
        "LIGHTBOX_FAL_KEY": fake.fal_key,
        "LIGHTBOX_FAL_BASE_URL": fake.url,
    }
    script = "\n".join(
        [
            "/project new Demo",
            "/imagine a red fox in snow --ar 16:9 --seed 42",
            "/approve",
            "/saveref fox",
            "/new",
            "/new --model schnell",
            "/restore 1",
            "/feed approved",
        ]
    )
    result = console(script + "\n", db_url, tmp_path, extra_env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    warnings = [line for line in result.stdout.splitlines() if "⚠️" in line]
    # Flux schnell takes no refs: the reply names the ref it left out, nothing else warns.
    assert warnings == [
        "⚠️ this model takes 0 ref(s); left out: fox (reorder with /ref reorder to choose)"
    ]
    assert "Flash ⚡ — faster" in result.stdout and "Flux schnell" in result.stdout
    assert sorted({number for number, _, _ in printed_images(result.stdout)}) == [1, 2, 3]
    db = Database.from_url(db_url)
    with Session(db.engine) as session:
        versions = session.exec(select(Version).order_by(col(Version.number))).all()
        (ref,) = session.exec(select(Ref)).all()
        fal_job = session.exec(select(Job).where(Job.version_id == versions[2].id)).one()
    db.dispose()
    assert [(v.model, v.provider, v.status) for v in versions] == [
        ("flash", "gemini", "done"),
        ("flash", "gemini", "done"),
        ("schnell", "fal", "done"),
    ]
    assert versions[1].ref_ids == [ref.id] and versions[2].ref_ids == []
    assert fal_job.remote_handle and fal_job.attempts == 1
    # Gemini got the ratio and size, and the saved ref as an inline image part the second time.
    first, second = fake.bodies
    assert first["generationConfig"]["imageConfig"]["aspectRatio"] == "16:9"
    inline = [p for p in second["contents"][0]["parts"] if "inlineData" in p]
    assert len(inline) == 1
    fal_calls = [(m, p) for m, p in fake.seen if "flux-1" in p]
    assert fal_calls[0] == ("POST", "/fal-ai/flux-1/schnell")
    assert any(p.endswith("/status") for _, p in fal_calls)
