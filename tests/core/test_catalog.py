"""The model catalogue and the admin's TOML model profiles."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.catalog import LOCAL_PREVIEW, ModelCatalog, ModelProfile
from core.errors import BadInput
from core.model_profiles import ModelsFileError, catalog_for, load_catalog

X = '[[models]]\nid = "x"\nprovider = "fal"\n'
LOCALS = ["local", "local-3d", "local-music", "local-video", "local-voice"]
EXAMPLE = Path(__file__).resolve().parents[2] / "deploy" / "models.example.toml"

PRO = """
[[models]]
id = "pro"
label = "Pro"
provider = "gemini"
provider_model = "gemini-pro-image"
resolutions = ["1K", "2K"]
aspect_ratios = ["1:1", "16:9"]
max_count = 4
max_refs = 3
negative_prompt = false
seed = true
plans = ["pro"]
cost = { "1K" = 2, "2K" = 3.5 }
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "models.toml"
    path.write_text(text, encoding="utf-8")
    return path


def catalog(tmp_path: Path, text: str = PRO) -> ModelCatalog:
    return load_catalog(write(tmp_path, text))


def test_default_catalog_offers_one_local_preview_per_category() -> None:
    assert catalog_for(None).ids() == LOCALS
    kinds = {catalog_for(None).get(i).category for i in LOCALS}
    assert kinds == {"image", "video", "music", "voice", "3d"}
    assert ModelCatalog().get("LOCAL") is LOCAL_PREVIEW
    everything = dict(aspect_ratio="21:9", has_negative=True, has_seed=True, ref_count=8)
    assert ModelCatalog().check("local", resolution="4K", count=5, **everything) is LOCAL_PREVIEW


def test_the_shipped_example_parses(tmp_path: Path) -> None:
    shipped = load_catalog(EXAMPLE)
    assert shipped.default == "flash"
    assert {"local", "flash", "pro", "flux-schnell", "flux-lora"} <= set(shipped.ids())
    assert "gpt-image" in shipped.disabled and "gpt-image" not in shipped.ids()
    lora = shipped.get("flux-lora")
    assert lora.lora and lora.options["loras"][0]["scale"] == 0.8
    assert shipped.get("pro").cost_of("4K", 2) == 12


def test_profile_fields_are_read(tmp_path: Path) -> None:
    pro = catalog(tmp_path).get("pro")
    assert pro.provider == "gemini" and pro.remote_model == "gemini-pro-image"
    assert pro.resolutions == ("1K", "2K") and pro.aspect_ratios == ("1:1", "16:9")
    assert (pro.max_count, pro.max_refs, pro.seed, pro.negative_prompt) == (4, 3, True, False)
    assert pro.cost == {"1K": 2.0, "2K": 3.5} and pro.plans == ("pro",)
    assert (pro.image_input, pro.mask, pro.lora, pro.category) == (False, False, False, "image")


def test_unset_capabilities_are_off(tmp_path: Path) -> None:
    bare = catalog(tmp_path, '[[models]]\nid = "bare"\nprovider = "fal"\n').get("bare")
    assert bare.label == "bare" and bare.provider_model == "bare"
    assert (bare.resolutions, bare.aspect_ratios, bare.max_count, bare.max_refs) == (
        ("1K",),
        ("1:1",),
        1,
        0,
    )
    assert not (bare.negative_prompt or bare.seed or bare.image_input or bare.mask or bare.lora)


def test_local_is_kept_unless_the_file_says_otherwise(tmp_path: Path) -> None:
    assert catalog(tmp_path).ids() == [*LOCALS, "pro"]
    assert catalog(tmp_path).default == "local"
    only = catalog(tmp_path, "include_local = false\n" + PRO)
    assert only.ids() == ["pro"] and only.default == "pro"


@pytest.mark.parametrize(
    ("text", "where", "field"),
    [
        ('[[models]]\nprovider = "fal"\n', "model #1", "id: required text"),
        (
            '[[models]]\nid = "x"\nprovider = "dalle"\n',
            'model "x"',
            'provider: "dalle" is not one of',
        ),
        (X + 'resolutions = ["8K"]\n', 'model "x"', "resolutions"),
        (X + 'aspect_ratios = ["16x9"]\n', 'model "x"', "aspect_ratios"),
        (X + "max_count = 9\n", 'model "x"', "max_count: must be"),
        (X + 'seed = "yes"\n', 'model "x"', "seed: must be true"),
        (X + 'cost = { "2K" = 1 }\n', 'model "x"', "cost"),
        (X + 'cost = { "1K" = -1 }\n', 'model "x"', "cost: 1K"),
        (X + "max_ref = 2\n", 'model "x"', "max_ref: unknown"),
        ('[[models]]\nid = "X Y"\nprovider = "fal"\n', "model #1", "id: use"),
        (X + 'options = { loras = [{ path = "a" }] }\n', 'model "x"', "options: loras"),
        (X + '[[models]]\nid = "x"\nprovider = "fal"\n', 'model "x"', "id: used twice"),
    ],
)
def test_validation_errors_name_file_profile_and_field(
    tmp_path: Path, text: str, where: str, field: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ModelsFileError) as caught:
        load_catalog(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: {where}: ") and field in message


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("models = [", "not valid TOML"),
        ("modles = []", "modles: unknown top-level key"),
        ('default = "nope"\n' + PRO, 'default: "nope" is not an enabled model'),
        ("include_local = false\n", "no enabled model"),
    ],
)
def test_file_level_errors(tmp_path: Path, text: str, problem: str) -> None:
    with pytest.raises(ModelsFileError, match="models.toml: ") as caught:
        catalog(tmp_path, text)
    assert problem in str(caught.value)


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ModelsFileError, match="missing.toml: cannot read"):
        load_catalog(tmp_path / "missing.toml")


def test_check_refuses_what_the_profile_lacks(tmp_path: Path) -> None:
    models = catalog(tmp_path)
    ok = dict(resolution="1K", count=1, plan="pro")
    assert models.check("PRO", **ok, aspect_ratio="16:9", has_seed=True, ref_count=3).id == "pro"
    assert models.check("pro", **ok, aspect_ratio="32:18").id == "pro"
    cases = {
        "does not offer 4K; allowed: 1K, 2K": {**ok, "resolution": "4K"},
        "at most 4 images": {**ok, "count": 5},
        "aspect ratio 9:16; allowed: 1:1, 16:9": {**ok, "aspect_ratio": "9:16"},
        "the admin has not enabled negative prompts for Pro": {**ok, "has_negative": True},
        "takes at most 3 refs": {**ok, "ref_count": 4},
        "the admin has not enabled image input for Pro": {**ok, "has_image_input": True},
        "the admin has not enabled masks for Pro": {**ok, "has_mask": True},
        "available on plans: pro": {**ok, "plan": "free"},
    }
    for message, kwargs in cases.items():
        with pytest.raises(BadInput, match=message):
            models.check("pro", **kwargs)


def test_refs_and_seed_off_are_refused_with_admin_message(tmp_path: Path) -> None:
    models = catalog(tmp_path, '[[models]]\nid = "bare"\nprovider = "fal"\nlabel = "Bare"\n')
    with pytest.raises(BadInput, match="the admin has not enabled reference images for Bare"):
        models.check("bare", resolution="1K", count=1, ref_count=1)
    with pytest.raises(BadInput, match="the admin has not enabled seeds for Bare"):
        models.check("bare", resolution="1K", count=1, has_seed=True)


def test_disabled_and_unknown_models(tmp_path: Path) -> None:
    models = catalog(tmp_path, PRO.replace("seed = true", "enabled = false"))
    with pytest.raises(BadInput, match='the admin has disabled the model "pro"'):
        models.get("pro")
    with pytest.raises(BadInput, match='unknown model "nope"; available: local'):
        models.get("nope")


def test_describe_and_category_listing(tmp_path: Path) -> None:
    models = catalog(tmp_path)
    line = models.get("pro").describe()
    assert line.startswith("Pro (pro) · image · 1K/2K · aspect 1:1 16:9 · ×1–4")
    assert "up to 3 refs" in line and "seed" in line and "negative" not in line
    assert "credits per image: 1K 2, 2K 3.5" in line and "plans: pro" in line
    assert [p.id for p in models.by_category("image", plan="free")] == ["local"]
    assert [p.id for p in models.by_category("image", plan="pro")] == ["local", "pro"]
    assert [p.id for p in models.by_category("image")] == ["local", "pro"]  # plans not enforced
    assert models.check("pro", resolution="1K", count=1).id == "pro"
    assert "aspect any" in LOCAL_PREVIEW.describe()


def test_code_built_profiles_keep_the_old_constructor() -> None:
    profile = ModelProfile(id="m", label="M", provider="local", resolutions=("1K",), max_count=2)
    assert profile.max_refs == 8 and profile.remote_model == "m" and profile.allows_ratio("7:3")
