"""Start-up refuses profiles listing edits their provider cannot run; endpoints reach providers."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from core.errors import LightboxError
from workers.providers.registry import ProviderSettings, build_catalog, build_providers, configure

from .edit_samples import edit
from .fake_fal import FakeFalQueue
from .fakes import NO_RETRY
from .test_comfyui_edits import VARY

KEY = "fal-capability-key-0123456789"


def settings(tmp_path: Path, text: str, **extra: object) -> ProviderSettings:
    models = tmp_path / "models.toml"
    models.write_text(text, encoding="utf-8")
    return ProviderSettings(models_file=models, _env_file=None, **extra)


@pytest.mark.parametrize(
    ("profile", "problem"),
    [
        ('provider = "gemini"\noperations = ["inpaint", "upscale"]',
         "operations: gemini cannot upscale (it can: inpaint, outpaint, replacebg, vary)"),
        ('provider = "fal"\noperations = ["inpaint"]',
         "operations: inpaint needs endpoints.inpaint"),
        ('provider = "openai"\noperations = ["faceswap"]', "operations: openai cannot faceswap"),
    ],
)  # fmt: skip
def test_a_profile_listing_an_edit_its_provider_cannot_run_stops_the_start(
    tmp_path: Path, profile: str, problem: str
) -> None:
    keys = {"gemini_api_key": "g", "fal_key": "f", "openai_api_key": "o"}
    with pytest.raises(LightboxError, match=re.escape(f'model "x": {problem}')):
        configure(settings(tmp_path, f'[[models]]\nid = "x"\n{profile}\n', **keys))


def test_fal_vary_may_use_the_image_to_image_option_and_local_edits_need_nothing(
    tmp_path: Path,
) -> None:
    text = """[[models]]
id = "x"
provider = "fal"
operations = ["vary", "crop", "collage"]
options = { image_to_image = "fal-ai/flux/dev/image-to-image" }
"""
    catalog, _ = configure(settings(tmp_path, text, fal_key="f"))
    assert catalog.get("x").can("vary")


def test_the_models_file_endpoint_reaches_the_fal_provider(tmp_path: Path) -> None:
    text = """[[models]]
id = "fill"
provider = "fal"
provider_model = "fal-ai/flux/dev"
operations = ["inpaint"]
endpoints = { inpaint = "fal-ai/flux-pro/v1/fill" }
"""
    fake = FakeFalQueue(KEY)
    chosen = settings(tmp_path, text, fal_key=KEY, fal_base_url=fake.base)
    catalog = build_catalog(chosen)
    provider = build_providers(chosen, catalog, transport=fake.transport, retry=NO_RETRY)["fal"]
    provider.generate(edit("inpaint", model="fal-ai/flux/dev", profile="fill"))
    [submit] = fake.requests
    assert submit.url.path == "/fal-ai/flux-pro/v1/fill"


def test_a_comfyui_edit_workflow_without_its_slots_stops_the_start(tmp_path: Path) -> None:
    workflow = tmp_path / "inpaint.json"
    workflow.write_text(json.dumps(VARY), encoding="utf-8")
    text = f"""[[models]]
id = "sdxl"
provider = "comfyui"
operations = ["inpaint"]
endpoints = {{ inpaint = "{workflow}" }}
"""
    chosen = settings(tmp_path, text, comfyui_url="http://gpu-box.test:8188")
    with pytest.raises(LightboxError, match=r"inpaint.json: the workflow has no \{\{mask\}\} slot"):
        configure(chosen)
