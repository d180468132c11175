"""Per-profile provider settings: each profile's options and seed, looked up by profile id."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.catalog import ModelCatalog
from core.ports import GenerationRequest

Options = Mapping[str, Mapping[str, Any]]
UINT32_MAX = 2**32 - 1


def profile_options(catalog: ModelCatalog | None, provider: str) -> dict[str, dict[str, Any]]:
    """Each profile's options keyed by profile id (two profiles on one model stay apart).

    The profile's `seed` flag travels as the option `seed`: false means no seed is sent; its
    edit operations and per-operation endpoints travel as `operations` and `endpoints`.
    """
    if catalog is None:
        return {}
    profiles = [*catalog.profiles.values(), *catalog.disabled.values()]
    return {
        p.id: {
            **p.options,
            "seed": p.seed,
            "operations": list(p.operations),
            "endpoints": dict(p.endpoints),
        }
        for p in profiles
        if p.provider == provider
    }


def profile_categories(catalog: ModelCatalog | None, provider: str) -> dict[str, str]:
    """Each of the provider's profiles' category (image, video, music, voice, 3d) by profile id."""
    if catalog is None:
        return {}
    profiles = [*catalog.profiles.values(), *catalog.disabled.values()]
    return {p.id: p.category for p in profiles if p.provider == provider}


def options_for(options: Options, request: GenerationRequest) -> Mapping[str, Any]:
    """The options of the request's profile (by model id for a request built without one)."""
    return options.get(request.profile or request.model, {})


def seed_for(options: Options, request: GenerationRequest, maximum: int) -> int | None:
    """The seed to send, folded into 0…maximum; None when the profile has seeds turned off."""
    if options_for(options, request).get("seed") is False:
        return None
    return request.seed % (maximum + 1)
