"""LoRA allow-lists in the models file, `--lora` parsing, and the checks between them."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.catalog import ModelCatalog
from core.errors import BadInput
from core.loras import LoraAsk, resolve, shown, uses
from core.model_profiles import ModelsFileError, load_catalog
from core.prompt_params import apply_options, format_flags, parse_prompt, parse_settings

FLUX = """
[[models]]
id = "flux"
provider = "fal"
lora = true
max_loras = 2
[[models.loras]]
name = "ink"
label = "Ink wash"
provider_lora = "https://l.test/ink.safetensors"
default = 0.8
max = 1.2
[[models.loras]]
name = "grain"
provider_lora = "https://l.test/grain.safetensors"
"""
X = '[[models]]\nid = "x"\nprovider = "fal"\nlora = true\n'


def load(tmp_path: Path, text: str) -> ModelCatalog:
    path = tmp_path / "models.toml"
    path.write_text(text, encoding="utf-8")
    return load_catalog(path)


def test_a_profile_reads_its_loras_and_lists_them(tmp_path: Path) -> None:
    flux = load(tmp_path, FLUX).get("flux")
    ink, grain = flux.loras
    assert (ink.name, ink.label, ink.default_weight, ink.max_weight) == (
        "ink",
        "Ink wash",
        0.8,
        1.2,
    )
    assert (grain.label, grain.default_weight, grain.max_weight) == ("grain", 1.0, 1.0)
    assert flux.max_loras == 2
    assert "LoRAs: ink, grain (up to 2 at once)" in flux.describe()


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            '[[models]]\nid = "x"\nprovider = "gemini"\nlora = true\n',
            "lora: gemini does not take LoRAs (providers that do: fal, a1111, comfyui)",
        ),
        (
            '[[models]]\nid = "x"\nprovider = "fal"\n[[models.loras]]\nname = "a"\n',
            "loras: LoRAs are listed but lora = true is not set",
        ),
        (X + "[[models.loras]]\nname = 'a'\ndefault = 2\nmax = 1\n", "default 2 is above max 1"),
        (X + "[[models.loras]]\nname = 'a'\nmax = 5\n", "max: must be a weight from 0 to 4"),
        (
            X + "lora_max_weight = 2\n[[models.loras]]\nname = 'a'\nmax = 3\n",
            "loras #1: max: must be a weight from 0 to 2 (lora_max_weight)",
        ),
        (
            X + "lora_max_weight = 0\n",
            "lora_max_weight: must be a number above 0 and at most 10 (the highest LoRA weight "
            "the endpoint takes; fal default 4)",
        ),
        (X + "lora_max_weight = '2'\n", "lora_max_weight: must be a number above 0"),
        (
            '[[models]]\nid = "x"\nprovider = "fal"\nlora_max_weight = 2\n',
            "lora_max_weight: is set but lora = true is not set",
        ),
        (X + "[[models.loras]]\nname = 'a b'\n", "loras #1: name: use 1–64"),
        (X + "[[models.loras]]\nname = 'a'\npath = 'p'\n", "path: unknown field"),
        (X + "[[models.loras]]\nname = 'a'\n[[models.loras]]\nname = 'A'\n", "used twice"),
        (X + "max_loras = 9\n", "max_loras: must be a whole number from 1 to 8"),
        (
            '[[models]]\nid = "x"\nprovider = "gemini"\ncategory = "video"\n',
            "category: gemini cannot make video; gemini makes: image "
            "(video is made by: local, fal)",
        ),
        (
            '[[models]]\nid = "x"\nprovider = "fal"\ncategory = "clips"\n',
            'category: "clips" is not a category; known: image, video, music, voice, 3d',
        ),
    ],
)
def test_bad_lora_profiles_are_refused_at_start(tmp_path: Path, text: str, words: str) -> None:
    with pytest.raises(ModelsFileError) as caught:
        load(tmp_path, text)
    assert 'model "x"' in str(caught.value) and words in str(caught.value)


def test_each_profile_bounds_its_lora_weights(tmp_path: Path) -> None:
    """fal endpoints differ (0–4 on flux-lora, 0–2 or 0–1 elsewhere): a profile says its own;
    A1111 and ComfyUI take any weight up to Lightbox's ceiling of 10."""
    text = X + "lora_max_weight = 1\n[[models.loras]]\nname = 'a'\nmax = 1\n"
    text += '[[models]]\nid = "forge"\nprovider = "a1111"\nlora = true\n'
    text += "[[models.loras]]\nname = 'b'\nmax = 7.5\n"
    catalog = load(tmp_path, text)
    assert catalog.get("x").loras[0].max_weight == 1.0
    assert catalog.get("forge").loras[0].max_weight == 7.5


def test_lora_flags_parse_repeat_and_round_trip() -> None:
    params = parse_prompt("a fox --lora ink:0.5, grain --lora neon", models=["flux"])
    assert params.loras == (LoraAsk("ink", 0.5), LoraAsk("grain"), LoraAsk("neon"))
    assert format_flags(params) == "--lora ink:0.5, grain, neon"
    cleared = parse_settings("--lora none", models=["flux"], command="/new")
    assert cleared is not None and cleared.loras == ()
    assert parse_prompt("a fox", models=["flux"]).loras is None
    with pytest.raises(BadInput, match="the LoRA list was given twice"):
        apply_options(params, {"lora": "ink"}, models=["flux"])
    merged = apply_options(parse_prompt("a fox", models=[]), {"lora": "ink:1"}, models=[])
    assert merged.loras == (LoraAsk("ink", 1.0),)


def test_stored_loras_follow_the_profile_as_it_is_now(tmp_path: Path) -> None:
    catalog = load(tmp_path, FLUX)
    flux = catalog.get("flux")
    picks = resolve(catalog, flux, (LoraAsk("INK"), LoraAsk("grain", 0.3)))
    assert picks == (LoraAsk("ink", 0.8), LoraAsk("grain", 0.3))
    rows = [{"name": "ink", "weight": 0.8}]
    assert [u.provider_lora for u in uses(flux, rows)] == ["https://l.test/ink.safetensors"]
    assert shown(rows) == "ink 0.8"
    with pytest.raises(BadInput, match='the LoRA "gone" is no longer offered on flux'):
        uses(flux, [{"name": "gone", "weight": 1}])
    with pytest.raises(BadInput, match="given twice"):
        resolve(catalog, flux, (LoraAsk("ink"), LoraAsk("Ink")))
