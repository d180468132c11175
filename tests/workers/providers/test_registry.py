"""Building providers and the catalogue from LIGHTBOX_ settings alone."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from core.errors import LightboxError
from core.ports import GenerationResult, Pending
from workers.providers.comfyui import ComfyUIProvider
from workers.providers.fal import FalProvider
from workers.providers.gemini import GeminiProvider
from workers.providers.local import LocalProvider
from workers.providers.registry import (
    ProviderSettings,
    build_catalog,
    build_providers,
    check_catalog,
    configure,
    load_provider_settings,
)

from .fakes import FakeServer, json_response, make_request, png
from .test_comfyui import WORKFLOW

MODELS = """
default = "flash"
[[models]]
id = "flash"
provider = "gemini"
provider_model = "gemini-flash-image"
options = { image_size = false }

[[models]]
id = "flux"
provider = "fal"
provider_model = "fal-ai/flux-lora"
lora = true
options = { loras = [{ path = "https://l.test/a.safetensors", scale = 0.5 }] }
"""

ENV = (
    "GEMINI_API_KEY", "GEMINI_BASE_URL", "FAL_KEY", "FAL_BASE_URL", "OPENAI_API_KEY",
    "OPENAI_BASE_URL", "COMFYUI_URL", "COMFYUI_WORKFLOW", "A1111_URL", "A1111_AUTH", "MODELS_FILE",
)  # fmt: skip


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no stray .env
    for name in ENV:
        monkeypatch.delenv(f"LIGHTBOX_{name}", raising=False)


LOCALS = ["local", "local-3d", "local-music", "local-video", "local-voice"]


def test_nothing_configured_gives_only_local() -> None:
    settings = ProviderSettings()
    providers = build_providers(settings, build_catalog(settings))
    assert list(providers) == ["local"] and isinstance(providers["local"], LocalProvider)
    assert build_catalog(settings).ids() == LOCALS  # one offline preview per category


def test_environment_alone_configures_gemini_and_fal(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    models = tmp_path / "models.toml"
    models.write_text(MODELS)
    monkeypatch.setenv("LIGHTBOX_MODELS_FILE", str(models))
    monkeypatch.setenv("LIGHTBOX_GEMINI_API_KEY", "g-key-123456")
    monkeypatch.setenv("LIGHTBOX_GEMINI_BASE_URL", "http://127.0.0.1:9001")
    monkeypatch.setenv("LIGHTBOX_FAL_KEY", "f-key-123456")
    monkeypatch.setenv("LIGHTBOX_FAL_BASE_URL", "http://127.0.0.1:9002")
    settings = load_provider_settings()
    assert "g-key-123456" not in repr(settings)
    encoded = base64.b64encode(png()).decode()
    server = FakeServer()
    server.on("POST", "/v1beta/models/gemini-flash-image:generateContent", json_response(
        200, {"candidates": [{"content": {"parts": [{"inlineData": {"data": encoded}}]}}]}
    ))  # fmt: skip
    server.on("POST", "/fal-ai/flux-lora", json_response(200, {"request_id": "r1"}))
    catalog = build_catalog(settings)
    providers = build_providers(settings, catalog, transport=server.transport)
    check_catalog(catalog, providers)
    assert catalog.default == "flash" and sorted(providers) == ["fal", "gemini", "local"]
    assert isinstance(providers["gemini"], GeminiProvider)
    result = providers["gemini"].generate(
        make_request(model=catalog.get("flash").remote_model, profile="flash")
    )
    assert isinstance(result, GenerationResult)
    assert server.last().url.port == 9001
    assert server.body()["generationConfig"]["imageConfig"] == {"aspectRatio": "1:1"}
    assert isinstance(providers["fal"], FalProvider)
    pending = providers["fal"].generate(make_request(model="fal-ai/flux-lora", profile="flux"))
    assert isinstance(pending, Pending)
    assert server.body("/fal-ai/flux-lora")["loras"] == [
        {"path": "https://l.test/a.safetensors", "scale": 0.5}
    ]
    assert json.loads(pending.handle)["status_url"] == (
        "http://127.0.0.1:9002/fal-ai/flux-lora/requests/r1/status"
    )
    assert "f-key-123456" not in pending.handle


def test_self_hosted_servers_and_workflow(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    workflow = tmp_path / "wf.json"
    workflow.write_text(json.dumps(WORKFLOW))
    monkeypatch.setenv("LIGHTBOX_COMFYUI_URL", "http://127.0.0.1:8188")
    monkeypatch.setenv("LIGHTBOX_COMFYUI_WORKFLOW", str(workflow))
    monkeypatch.setenv("LIGHTBOX_A1111_URL", "http://127.0.0.1:7860")
    monkeypatch.setenv("LIGHTBOX_OPENAI_API_KEY", "sk-123456")
    providers = build_providers(ProviderSettings())
    assert sorted(providers) == ["a1111", "comfyui", "local", "openai"]
    comfy = providers["comfyui"]
    assert isinstance(comfy, ComfyUIProvider) and comfy.workflow == WORKFLOW


def test_a_profile_whose_provider_is_not_configured_stops_the_start(tmp_path: Path) -> None:
    models = tmp_path / "models.toml"
    models.write_text(MODELS)
    settings = ProviderSettings(models_file=models)
    catalog = build_catalog(settings)
    with pytest.raises(
        LightboxError, match='"flash" uses the provider "gemini".*LIGHTBOX_GEMINI_API_KEY'
    ):
        check_catalog(catalog, build_providers(settings, catalog))


def test_bad_settings_name_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIGHTBOX_PROVIDER_RETRY_ATTEMPTS", "many")
    with pytest.raises(LightboxError, match="LIGHTBOX_PROVIDER_RETRY_ATTEMPTS"):
        load_provider_settings()


def test_configure_gives_a_checked_catalog_and_providers(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    catalog, providers = configure()
    assert catalog.ids() == LOCALS and list(providers) == ["local"]
    models = tmp_path / "models.toml"
    models.write_text(MODELS)
    monkeypatch.setenv("LIGHTBOX_MODELS_FILE", str(models))
    with pytest.raises(LightboxError, match="LIGHTBOX_GEMINI_API_KEY"):
        configure()
    monkeypatch.setenv("LIGHTBOX_MODELS_FILE", str(tmp_path / "missing.toml"))
    with pytest.raises(LightboxError, match="missing.toml: cannot read"):
        configure()
