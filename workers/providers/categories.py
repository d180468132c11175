"""Which model categories each provider makes, and the category of a request's profile."""

from __future__ import annotations

from collections.abc import Mapping

from core.catalog import ModelCatalog
from core.errors import LightboxError, Permanent
from core.media_profiles import PROVIDER_CATEGORIES
from core.ports import GenerationRequest


def makes(provider: str) -> tuple[str, ...]:
    """What the provider's API makes (core.media_profiles, as the models file is checked)."""
    return PROVIDER_CATEGORIES.get(provider, ("image",))


def category_of(provider: str, categories: Mapping[str, str], request: GenerationRequest) -> str:
    """The category of the request's profile (`categories`: profile id → category, injected
    at construction; image for a request built without one); a category this provider does
    not make is refused, naming the ones it does."""
    category = categories.get(request.profile or request.model, "image")
    if category not in makes(provider):
        raise Permanent(
            f'{provider}: the model profile "{request.profile or request.model}" makes '
            f"{category}, which {provider} does not; {provider} makes: {', '.join(makes(provider))}"
        )
    return category


def check_categories(catalog: ModelCatalog) -> None:
    """Refuse to start when a profile's category is one its provider does not make."""
    for profile in catalog.profiles.values():
        if profile.category not in makes(profile.provider):
            raise LightboxError(
                f'model "{profile.id}": category: {profile.provider} does not make '
                f"{profile.category}; it makes: {', '.join(makes(profile.provider))}"
            )
