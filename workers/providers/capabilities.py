"""Which edit operations each provider can run, checked against the models file at start-up."""

from __future__ import annotations

from core.catalog import ModelCatalog, ModelProfile
from core.edit_ops import LOCAL_ONLY, MODEL_EDITS, Operation
from core.errors import LightboxError
from workers.providers import a1111_edits, comfyui_edits, fal_edits, gemini_edits, openai_edits

EVERY_EDIT = frozenset(op.value for op in MODEL_EDITS)
PROVIDER_EDITS: dict[str, frozenset[str]] = {
    "local": EVERY_EDIT,  # classic image processing, offline
    "gemini": gemini_edits.ABLE,
    "openai": openai_edits.ABLE,
    "fal": fal_edits.ABLE,
    "comfyui": comfyui_edits.ABLE,
    "a1111": a1111_edits.ABLE,
}
# Providers that run each edit on an endpoint the profile names (fal model, ComfyUI workflow).
NEEDS_ENDPOINT = {"fal", "comfyui"}
NO_MODEL = {op.value for op in LOCAL_ONLY} | {Operation.generate.value, Operation.reproduce.value}
# Image-to-media operations go with the profile's category (core.media_profiles checks them).
NO_MODEL |= {Operation.animate.value, Operation.to3d.value}


def missing_edit(profile: ModelProfile) -> str | None:
    """Why the profile lists an edit its provider cannot run, or None when all are runnable."""
    able = PROVIDER_EDITS.get(profile.provider, frozenset())
    for op in profile.operations:
        if op in NO_MODEL:
            continue
        if op not in able:
            can = ", ".join(sorted(able)) or "no edits"
            return f"{profile.provider} cannot {op} (it can: {can})"
        if profile.provider in NEEDS_ENDPOINT and op not in profile.endpoints:
            if op == Operation.vary.value and profile.options.get("image_to_image"):
                continue
            return f"{op} needs endpoints.{op} (the {profile.provider} endpoint that does it)"
    return None


def check_edits(catalog: ModelCatalog) -> None:
    """Refuse to start when an enabled profile lists an edit its provider cannot run."""
    for profile in catalog.profiles.values():
        problem = missing_edit(profile)
        if problem:
            raise LightboxError(f'model "{profile.id}": operations: {problem}')
