"""Model profiles declare their edit operations and per-operation endpoints in the models file."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.router import CommandRouter
from core.catalog import LOCAL_PREVIEW
from core.errors import BadInput
from core.identity import Actor, Place
from core.model_profiles import ModelsFileError, load_catalog
from core.ports import ImageProvider
from tests.conftest import RecordingSink, make_settings
from workers.providers.local import LocalProvider
from workers.runtime import Runtime

EXAMPLE = Path(__file__).resolve().parents[2] / "deploy" / "models.example.toml"
FILL = """
[[models]]
id = "fill"
label = "Flux fill"
provider = "fal"
operations = ["inpaint", "upscale", "crop"]
[models.endpoints]
inpaint = "fal-ai/flux-pro/v1/fill"
upscale = " fal-ai/clarity-upscaler "

[[models]]
id = "plain"
label = "Plain"
provider = "gemini"
"""


def load(tmp_path: Path, text: str = FILL):
    path = tmp_path / "models.toml"
    path.write_text(text, encoding="utf-8")
    return load_catalog(path)


def test_operations_and_endpoints_are_read_with_generate_first(tmp_path: Path) -> None:
    models = load(tmp_path)
    fill = models.get("fill")
    assert fill.operations == ("generate", "inpaint", "upscale", "crop")
    assert fill.endpoints == {
        "inpaint": "fal-ai/flux-pro/v1/fill",
        "upscale": "fal-ai/clarity-upscaler",
    }
    assert fill.can("inpaint") and not fill.can("outpaint") and fill.can("generate")


def test_a_file_profile_only_generates_unless_it_declares_edits(tmp_path: Path) -> None:
    plain = load(tmp_path).get("plain")
    assert plain.operations == ("generate",) and plain.endpoints == {}
    assert not plain.can("vary") and not plain.can("inpaint")
    assert LOCAL_PREVIEW.can("inpaint")  # a code-built profile does every edit


def test_check_operation_names_the_profiles_that_can(tmp_path: Path) -> None:
    models = load(tmp_path)
    assert models.check_operation("FILL", "upscale").id == "fill"
    with pytest.raises(BadInput, match="Plain cannot inpaint; models that can: fill, local"):
        models.check_operation("plain", "inpaint")


def test_describe_lists_the_edits(tmp_path: Path) -> None:
    models = load(tmp_path)
    assert "edits: inpaint, upscale, crop" in models.get("fill").describe()
    assert "no edits" in models.get("plain").describe()
    assert "edits: all" in LOCAL_PREVIEW.describe()


X = '[[models]]\nid = "x"\nprovider = "fal"\n'


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (X + 'operations = ["inpaint", "sharpen"]\n',
         'operations: "sharpen" is not one of: generate, vary, inpaint, outpaint, crop'),
        (X + 'operations = "inpaint"\n', "operations: must be a list of text"),
        (X + 'endpoints = { inpaint = "fal-ai/flux-pro/v1/fill" }\n',
         'endpoints: "inpaint" is not listed in operations'),
        (X + 'operations = ["inpaint"]\nendpoints = { paint = "a" }\n',
         'endpoints: "paint" is not one of: generate, vary'),
        (X + 'operations = ["inpaint"]\nendpoints = { inpaint = "  " }\n',
         "endpoints: inpaint: must be non-empty text"),
        (X + 'endpoints = "fal-ai/flux-pro/v1/fill"\n', "endpoints: must be a table"),
        (X + 'operations = ["crop"]\ncost_ops = { crop = 1 }\n',
         'cost_ops: "crop" is done by Lightbox itself and is always free'),
        (X + 'cost_ops = { upscale = 0.5 }\n', 'cost_ops: "upscale" is not listed in operations'),
        (X + 'operations = ["upscale"]\ncost_ops = { upscale = -1 }\n',
         "cost_ops: upscale: must be a multiplier of cost from 0 to 100"),
    ],
)  # fmt: skip
def test_bad_operations_stop_the_start_naming_what_is_allowed(
    tmp_path: Path, text: str, problem: str
) -> None:
    with pytest.raises(ModelsFileError) as caught:
        load(tmp_path, text)
    assert 'model "x": ' + problem in str(caught.value)


def test_the_shipped_example_declares_edits() -> None:
    shipped = load_catalog(EXAMPLE)
    lora = shipped.get("flux-lora")
    assert lora.can("inpaint") and lora.endpoints["inpaint"] == "fal-ai/flux-pro/v1/fill"
    assert shipped.get("flash").can("inpaint") and not shipped.get("flash").can("upscale")
    assert not shipped.get("flux-schnell").can("vary")
    assert shipped.disabled["forge"].endpoints["upscale"] == "R-ESRGAN 4x+"
    assert lora.cost_ops == {"upscale": 0.5, "removebg": 0.25}
    assert lora.cost_of("2K", 1, "upscale") == 1.0 and lora.cost_of("2K", 1, "vary") == 2.0
    assert "edits cost: removebg ×0.25, upscale ×0.5" in lora.describe()


def test_models_command_shows_each_models_edits(
    db_url: str, tmp_path: Path, sink: RecordingSink
) -> None:
    providers: dict[str, ImageProvider] = {n: LocalProvider() for n in ("local", "gemini", "fal")}
    runtime = Runtime(
        make_settings(db_url, tmp_path / "data"),
        sinks={"console": sink},
        catalog=load(tmp_path),
        providers=providers,
    )
    try:
        outcome = CommandRouter(runtime.studio).handle(
            Actor("console", "ann", "Ann"), Place("console", "room"), "/models"
        )
    finally:
        runtime.stop()
    fill = next(item for item in outcome.items if item.startswith("Flux fill (fill)"))
    assert "edits: inpaint, upscale, crop" in fill
    assert "no edits" in next(item for item in outcome.items if item.startswith("Plain"))
