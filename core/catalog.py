"""The model catalogue: which image models this instance offers and what each allows."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.errors import BadInput


@dataclass(frozen=True)
class ModelProfile:
    """An admin-configured model: who draws it and what it can do."""

    id: str
    label: str
    provider: str
    resolutions: tuple[str, ...] = ("1K", "2K", "4K")
    max_count: int = 5
    max_refs: int = 8
    provider_model: str = ""


LOCAL_PREVIEW = ModelProfile(id="local", label="local preview", provider="local")


@dataclass
class ModelCatalog:
    """The enabled model profiles, looked up by id (case-insensitive)."""

    profiles: dict[str, ModelProfile] = field(default_factory=lambda: {"local": LOCAL_PREVIEW})
    default: str = "local"

    def ids(self) -> list[str]:
        return sorted(self.profiles)

    def get(self, model_id: str) -> ModelProfile:
        for key, profile in self.profiles.items():
            if key.lower() == model_id.lower():
                return profile
        raise BadInput(f'unknown model "{model_id}"; available: {", ".join(self.ids())}')

    def check(self, model_id: str, *, resolution: str, count: int) -> ModelProfile:
        """The profile, after checking the request against what the model allows."""
        profile = self.get(model_id)
        if resolution not in profile.resolutions:
            raise BadInput(
                f"{profile.label} does not offer {resolution}; allowed: "
                + ", ".join(profile.resolutions)
            )
        if count > profile.max_count:
            raise BadInput(f"{profile.label} makes at most {profile.max_count} images at once")
        return profile
