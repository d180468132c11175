"""Loads the admin's model profiles (TOML, `LIGHTBOX_MODELS_FILE`) into a ModelCatalog."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from core import media_profiles
from core.catalog import ANY_RATIO, LOCAL_PROFILES, ModelCatalog, ModelProfile
from core.categories import MADE, not_made
from core.edit_ops import LOCAL_ONLY, Operation
from core.errors import LightboxError
from core.lora_profiles import lora_fields
from core.sizes import RESOLUTIONS, normalize_aspect_ratio

PROVIDERS = ("local", "gemini", "fal", "openai", "comfyui", "a1111")
CATEGORIES = MADE
ID_RE = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
FLAGS = ("negative_prompt", "seed", "image_input", "mask", "lora", "enabled")
KNOWN = {
    "id", "label", "category", "provider", "provider_model", "resolutions", "aspect_ratios",
    "max_count", "max_refs", "cost", "plans", "options", "operations", "endpoints", "cost_ops",
    "loras", "max_loras", "lora_max_weight", "durations", "voices", *FLAGS,
}  # fmt: skip
OPERATIONS = tuple(op.value for op in Operation)
TOP_LEVEL = {"models", "default", "include_local"}


class ModelsFileError(LightboxError):
    """The models file is unreadable or a profile in it is invalid."""


class _Reader:
    """Reads one profile table, naming the file, the profile and the field in every error."""

    def __init__(self, path: Path, where: str, table: dict[str, Any]):
        self.path, self.where, self.table = path, where, table

    def fail(self, name: str, problem: str) -> ModelsFileError:
        return ModelsFileError(f"{self.path}: {self.where}: {name}: {problem}")

    def text(self, name: str, default: str | None = None) -> str:
        value = self.table.get(name, default)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(name, "required text" if value is None else "must be non-empty text")
        return value.strip()

    def flag(self, name: str, default: bool) -> bool:
        value = self.table.get(name, default)
        if not isinstance(value, bool):
            raise self.fail(name, "must be true or false")
        return value

    def whole(self, name: str, default: int, low: int, high: int) -> int:
        value = self.table.get(name, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(name, f"must be a whole number from {low} to {high}")
        return value

    def texts(self, name: str, default: list[str]) -> list[str]:
        value = self.table.get(name, default)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(name, "must be a list of text")
        return [v.strip() for v in value]

    def choice(self, name: str, allowed: tuple[str, ...], default: str | None = None) -> str:
        value = self.text(name, default)
        if value not in allowed:
            raise self.fail(name, f'"{value}" is not one of: {", ".join(allowed)}')
        return value


def _profile(reader: _Reader) -> ModelProfile:
    model_id = reader.text("id")
    if not ID_RE.fullmatch(model_id):
        raise reader.fail("id", "use 1–64 lower-case letters, digits, '.', '_' or '-'")
    reader.where = f'model "{model_id}"'
    unknown = sorted(set(reader.table) - KNOWN)
    if unknown:
        raise reader.fail(unknown[0], "unknown field; known: " + ", ".join(sorted(KNOWN)))
    provider = reader.choice("provider", PROVIDERS)
    resolutions = reader.texts("resolutions", ["1K"])
    for res in resolutions:
        if res not in RESOLUTIONS:
            raise reader.fail("resolutions", f'"{res}" is not one of: {", ".join(RESOLUTIONS)}')
    if not resolutions:
        raise reader.fail("resolutions", "list at least one")
    ratios = reader.texts("aspect_ratios", ["1:1"])
    if not ratios:
        raise reader.fail("aspect_ratios", 'list at least one (or "*" for any)')
    try:
        ratios = [r if r == ANY_RATIO else normalize_aspect_ratio(r) for r in ratios]
    except LightboxError as exc:
        raise reader.fail("aspect_ratios", str(exc)) from None
    operations = _operations(reader)
    category = reader.text("category", "image")
    if category not in CATEGORIES:
        raise reader.fail("category", not_made(category))
    media_profiles.check_category(reader, provider, category)
    media_profiles.check_operations(reader, category, operations)
    loras, max_loras = lora_fields(reader, provider)
    return ModelProfile(
        id=model_id,
        label=reader.text("label", model_id),
        provider=provider,
        provider_model=reader.text("provider_model", model_id),
        category=category,
        resolutions=tuple(resolutions),
        aspect_ratios=tuple(ratios),
        max_count=reader.whole("max_count", 1, 1, 5),
        max_refs=reader.whole("max_refs", 0, 0, 16),
        negative_prompt=reader.flag("negative_prompt", False),
        seed=reader.flag("seed", False),
        image_input=reader.flag("image_input", False),
        mask=reader.flag("mask", False),
        lora=reader.flag("lora", False),
        cost=_costs(reader, resolutions),
        plans=tuple(reader.texts("plans", [])),
        enabled=reader.flag("enabled", True),
        options=_options(reader),
        operations=operations,
        endpoints=_endpoints(reader, operations),
        cost_ops=_cost_ops(reader, operations),
        loras=loras,
        max_loras=max_loras,
        durations=media_profiles.durations(reader, category),
        voices=media_profiles.voices(reader, category),
    )


def _costs(reader: _Reader, resolutions: list[str]) -> dict[str, float]:
    flat = media_profiles.flat_cost(reader, resolutions)
    table = reader.table.get("cost", {}) if flat is None else flat
    if not isinstance(table, dict):
        raise reader.fail("cost", 'must be a table such as { "1K" = 1, "2K" = 2 }')
    costs: dict[str, float] = {}
    for res, price in table.items():
        if res not in resolutions:
            raise reader.fail("cost", f'"{res}" is not one of this model\'s resolutions')
        if isinstance(price, bool) or not isinstance(price, int | float) or price < 0:
            raise reader.fail("cost", f"{res}: must be a number of credits ≥ 0")
        costs[res] = float(price)
    return costs


def _cost_ops(reader: _Reader, operations: tuple[str, ...]) -> dict[str, float]:
    """Per-operation multipliers of `cost`; Lightbox's own edits are free and take none."""
    table = reader.table.get("cost_ops", {})
    if not isinstance(table, dict):
        raise reader.fail("cost_ops", "must be a table such as { upscale = 0.5 }")
    multipliers: dict[str, float] = {}
    for op, factor in table.items():
        if op in LOCAL_ONLY:
            raise reader.fail("cost_ops", f'"{op}" is done by Lightbox itself and is always free')
        if op not in operations:
            raise reader.fail("cost_ops", f'"{op}" is not listed in operations')
        if (
            isinstance(factor, bool)
            or not isinstance(factor, int | float)
            or not 0 <= factor <= 100
        ):
            raise reader.fail("cost_ops", f"{op}: must be a multiplier of cost from 0 to 100")
        multipliers[op] = float(factor)
    return multipliers


def _operations(reader: _Reader) -> tuple[str, ...]:
    """The declared operations, "generate" first; a file profile only generates by default."""
    declared = reader.texts("operations", [])
    for op in declared:
        if op not in OPERATIONS:
            raise reader.fail("operations", f'"{op}" is not one of: {", ".join(OPERATIONS)}')
    return tuple(dict.fromkeys([Operation.generate.value, *declared]))


def _endpoints(reader: _Reader, operations: tuple[str, ...]) -> dict[str, str]:
    """Per-operation endpoint (fal app, ComfyUI workflow file, A1111 upscaler) of an operation."""
    table = reader.table.get("endpoints", {})
    if not isinstance(table, dict):
        raise reader.fail(
            "endpoints", 'must be a table such as { inpaint = "fal-ai/flux-pro/v1/fill" }'
        )
    endpoints: dict[str, str] = {}
    for op, endpoint in table.items():
        if op not in OPERATIONS:
            raise reader.fail("endpoints", f'"{op}" is not one of: {", ".join(OPERATIONS)}')
        if op not in operations:
            raise reader.fail("endpoints", f'"{op}" is not listed in operations')
        if not isinstance(endpoint, str) or not endpoint.strip():
            raise reader.fail("endpoints", f"{op}: must be non-empty text")
        endpoints[op] = endpoint.strip()
    return endpoints


def _options(reader: _Reader) -> dict[str, Any]:
    options = reader.table.get("options", {})
    if not isinstance(options, dict):
        raise reader.fail("options", "must be a table")
    if options.get("loras") and not reader.table.get("lora", False):
        raise reader.fail("options", "loras are listed but lora = true is not set")
    return dict(options)


def load_catalog(path: Path | str) -> ModelCatalog:
    """Parse and validate the models file; raise ModelsFileError naming file, profile, field."""
    path = Path(path)
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ModelsFileError(f"{path}: cannot read the models file ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ModelsFileError(f"{path}: not valid TOML: {exc}") from None
    unknown = sorted(set(document) - TOP_LEVEL)
    if unknown:
        raise ModelsFileError(f"{path}: {unknown[0]}: unknown top-level key")
    tables = document.get("models", [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise ModelsFileError(f"{path}: models: write each profile as a [[models]] table")
    top = _Reader(path, "top level", document)
    catalog = ModelCatalog(profiles={})
    if top.flag("include_local", True):  # one offline preview per category
        catalog.profiles.update(LOCAL_PROFILES)
    for number, table in enumerate(tables, start=1):
        profile = _profile(_Reader(path, f"model #{number}", table))
        if profile.id in catalog.profiles or profile.id in catalog.disabled:
            raise ModelsFileError(f'{path}: model "{profile.id}": id: used twice')
        target = catalog.profiles if profile.enabled else catalog.disabled
        target[profile.id] = profile
    if not catalog.profiles:
        raise ModelsFileError(f"{path}: no enabled model (and include_local = false)")
    fallback = "local" if "local" in catalog.profiles else catalog.ids()[0]
    catalog.default = top.text("default", fallback)
    if catalog.default not in catalog.profiles:
        raise ModelsFileError(f'{path}: default: "{catalog.default}" is not an enabled model')
    return catalog


def catalog_for(path: Path | str | None) -> ModelCatalog:
    """The catalogue from the models file, or only the local preview when none is configured."""
    return load_catalog(path) if path else ModelCatalog()
