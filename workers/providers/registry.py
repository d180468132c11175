"""Builds the configured image providers and the model catalogue from LIGHTBOX_ settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.catalog import ModelCatalog
from core.errors import LightboxError
from core.model_profiles import catalog_for
from core.ports import ImageProvider
from workers.providers import fal, gemini, openai_images
from workers.providers.a1111 import A1111Provider
from workers.providers.capabilities import check_edits
from workers.providers.comfyui import SLOT_LEASE, ComfyUIProvider, load_workflow
from workers.providers.fal import FalProvider
from workers.providers.gemini import GeminiProvider
from workers.providers.gpu_slots import SlotBoard
from workers.providers.http import RetryPolicy
from workers.providers.local import LocalProvider
from workers.providers.openai_images import OpenAIImagesProvider
from workers.providers.profiles import profile_categories, profile_options

# The setting that enables each provider, for "not configured" messages.
ENABLING_SETTING = {
    "gemini": "LIGHTBOX_GEMINI_API_KEY",
    "fal": "LIGHTBOX_FAL_KEY",
    "openai": "LIGHTBOX_OPENAI_API_KEY",
    "comfyui": "LIGHTBOX_COMFYUI_URL",
    "a1111": "LIGHTBOX_A1111_URL",
}


class ProviderSettings(BaseSettings):
    """Provider keys, base URLs and the models file; a provider without its key is not built."""

    model_config = SettingsConfigDict(env_prefix="LIGHTBOX_", env_file=".env", extra="ignore")

    models_file: Path | None = None
    gemini_api_key: SecretStr | None = None
    gemini_base_url: str = gemini.DEFAULT_BASE_URL
    fal_key: SecretStr | None = None
    fal_base_url: str = fal.DEFAULT_BASE_URL
    openai_api_key: SecretStr | None = None
    openai_base_url: str = openai_images.DEFAULT_BASE_URL
    comfyui_url: str | None = None
    comfyui_workflow: Path | None = None
    comfyui_concurrency: int = Field(default=1, ge=1, le=16)
    a1111_url: str | None = None
    a1111_auth: SecretStr | None = None
    a1111_concurrency: int = Field(default=1, ge=1, le=16)
    provider_timeout: float | None = None
    provider_retry_attempts: int = 3
    provider_retry_deadline: float = 30.0


def load_provider_settings(**overrides: Any) -> ProviderSettings:
    """Read provider settings; a bad value stops the start with a message naming the setting."""
    try:
        return ProviderSettings(**overrides)
    except ValidationError as exc:
        problems = [
            f"LIGHTBOX_{str(e['loc'][0]).upper() if e['loc'] else '?'}: {e['msg']}"
            for e in exc.errors()
        ]
        raise LightboxError("invalid provider settings — " + "; ".join(problems)) from None


def build_catalog(settings: ProviderSettings) -> ModelCatalog:
    """The admin's model profiles (LIGHTBOX_MODELS_FILE), or only `local` without a file."""
    return catalog_for(settings.models_file)


def _secret(value: SecretStr | None) -> str:
    return value.get_secret_value() if value else ""


def build_providers(
    settings: ProviderSettings,
    catalog: ModelCatalog | None = None,
    *,
    transport: httpx.BaseTransport | None = None,
    retry: RetryPolicy | None = None,
    slots: SlotBoard | None = None,
) -> dict[str, ImageProvider]:
    """Every provider whose key or URL is set, plus "local"; `catalog` supplies model options.

    `slots` limits each self-hosted backend across processes (Redis); default: this process."""
    slots = slots or SlotBoard()
    retry = retry or RetryPolicy(
        attempts=settings.provider_retry_attempts, deadline=settings.provider_retry_deadline
    )
    common: dict[str, Any] = {"transport": transport, "retry": retry}
    if settings.provider_timeout:
        common["timeout"] = settings.provider_timeout
    local = LocalProvider(categories=profile_categories(catalog, "local"))
    providers: dict[str, ImageProvider] = {"local": local}
    if settings.gemini_api_key:
        providers["gemini"] = GeminiProvider(
            _secret(settings.gemini_api_key),
            base_url=settings.gemini_base_url,
            options=profile_options(catalog, "gemini"),
            **common,
        )
    if settings.fal_key:
        providers["fal"] = FalProvider(
            _secret(settings.fal_key),
            base_url=settings.fal_base_url,
            options=profile_options(catalog, "fal"),
            **common,
        )
    if settings.openai_api_key:
        providers["openai"] = OpenAIImagesProvider(
            _secret(settings.openai_api_key),
            base_url=settings.openai_base_url,
            options=profile_options(catalog, "openai"),
            **common,
        )
    if settings.comfyui_url:
        workflow = load_workflow(settings.comfyui_workflow) if settings.comfyui_workflow else None
        providers["comfyui"] = ComfyUIProvider(
            settings.comfyui_url,
            workflow=workflow,
            options=profile_options(catalog, "comfyui"),
            slots=slots.limit(settings.comfyui_url, settings.comfyui_concurrency, SLOT_LEASE),
            **common,
        )
    if settings.a1111_url:
        providers["a1111"] = A1111Provider(
            settings.a1111_url,
            auth=_secret(settings.a1111_auth) or None,
            slots=slots.limit(settings.a1111_url, settings.a1111_concurrency),
            options=profile_options(catalog, "a1111"),
            **common,
        )
    return providers


def check_catalog(catalog: ModelCatalog, providers: dict[str, ImageProvider]) -> None:
    """Refuse to start when an enabled profile names a provider that is not configured, or
    lists an edit operation its provider cannot run."""
    for profile in catalog.profiles.values():
        if profile.provider not in providers:
            setting = ENABLING_SETTING.get(profile.provider, "its settings")
            raise LightboxError(
                f'model "{profile.id}" uses the provider "{profile.provider}", '
                f"which is not configured; set {setting}"
            )
    check_edits(catalog)


def configure(
    settings: ProviderSettings | None = None,
    *,
    transport: httpx.BaseTransport | None = None,
    slots: SlotBoard | None = None,
) -> tuple[ModelCatalog, dict[str, ImageProvider]]:
    """The catalogue and providers for a process, checked; raises LightboxError naming the fix."""
    settings = settings or load_provider_settings()
    catalog = build_catalog(settings)
    providers = build_providers(settings, catalog, transport=transport, slots=slots)
    check_catalog(catalog, providers)
    return catalog, providers
