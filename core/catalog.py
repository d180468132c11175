"""The model catalogue: which image models this instance offers and what each allows."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from core.errors import BadInput
from core.loras import LoraStyle
from core.names import is_number

ANY_RATIO = "*"


@dataclass(frozen=True)
class ModelProfile:
    """An admin-configured model: who draws it, what it can do, what it costs, who may use it.

    Defaults are permissive so code-built profiles (the local preview) allow everything; the
    models file (core/model_profiles.py) applies conservative defaults instead.
    """

    id: str
    label: str
    provider: str
    resolutions: tuple[str, ...] = ("1K", "2K", "4K")
    max_count: int = 5
    max_refs: int = 8
    provider_model: str = ""
    category: str = "image"
    aspect_ratios: tuple[str, ...] = (ANY_RATIO,)
    negative_prompt: bool = True
    seed: bool = True
    image_input: bool = True
    mask: bool = False
    lora: bool = False
    cost: dict[str, float] = field(default_factory=dict)
    plans: tuple[str, ...] = ()
    enabled: bool = True
    options: dict[str, Any] = field(default_factory=dict)
    operations: tuple[str, ...] = ()
    """Edit operations (core.edit_ops) the profile can do; () on a code-built profile = all."""
    endpoints: dict[str, str] = field(default_factory=dict)
    """Per-operation remote endpoint or workflow where the provider needs another one."""
    cost_ops: dict[str, float] = field(default_factory=dict)
    """Per edit operation, a multiplier of the per-image `cost` (unlisted operations: × 1)."""
    loras: tuple[LoraStyle, ...] = ()
    """The LoRA styles users may pick with `--lora` (core.loras); needs `lora`."""
    max_loras: int = 1
    """How many of them one request may use at once."""
    durations: tuple[float, ...] = ()
    """Clip lengths in seconds a video or music profile offers; the first is the default."""
    voices: tuple[str, ...] = ()
    """Voice ids a voice profile offers; the first is the default."""

    @property
    def remote_model(self) -> str:
        """The id the provider knows this model by."""
        return self.provider_model or self.id

    def allows_ratio(self, aspect_ratio: str) -> bool:
        """Whether the ratio is offered, comparing in lowest terms (32:18 is 16:9)."""
        if ANY_RATIO in self.aspect_ratios:
            return True
        return reduce_ratio(aspect_ratio) in {reduce_ratio(r) for r in self.aspect_ratios}

    def can(self, operation: str) -> bool:
        """Whether the profile does the edit operation (a code-built profile does them all)."""
        return operation == "generate" or not self.operations or operation in self.operations

    def edits(self) -> str:
        """The edit operations in words, for /models ("edits: vary, inpaint" or "no edits")."""
        if not self.operations:
            return "edits: all"
        named = [op for op in self.operations if op != "generate"]
        return "edits: " + ", ".join(named) if named else "no edits"

    def allows_plan(self, plan: str | None) -> bool:
        """Whether `plan` may use the model; None (no billing plans yet) is not gated."""
        return not self.plans or plan is None or plan in self.plans

    def cost_of(self, resolution: str, count: int = 1, operation: str = "generate") -> float:
        """Credits for `count` images at `resolution` made by `operation` (0 when the admin set
        no price); an edit costs the image price times its `cost_ops` multiplier."""
        return self.cost.get(resolution, 0.0) * self.cost_ops.get(operation, 1.0) * count

    def features(self) -> list[str]:
        """The optional capabilities the admin enabled, in words."""
        named = [
            (self.max_refs > 0, f"up to {self.max_refs} refs"),
            (self.image_input, "image input"),
            (self.negative_prompt, "negative prompt"),
            (self.seed, "seed"),
            (self.mask, "mask"),
            (self.lora and not self.loras, "LoRA"),
            (self.lora and bool(self.loras), self._lora_list()),
        ]
        return [text for enabled, text in named if enabled]

    def _lora_list(self) -> str:
        names = ", ".join(style.name for style in self.loras)
        return f"LoRAs: {names} (up to {self.max_loras} at once)"

    def describe(self) -> str:
        """One line for a /models list: what it supports and what it costs."""
        if self.category != "image":
            return describe_media(self)
        ratios = "any" if ANY_RATIO in self.aspect_ratios else " ".join(self.aspect_ratios)
        parts = [
            f"{self.label} ({self.id}) · {self.category}",
            "/".join(self.resolutions),
            f"aspect {ratios}",
            f"×1–{self.max_count}",
            *self.features(),
        ]
        parts.append(self.edits())
        if self.cost:
            prices = ", ".join(f"{res} {_number(self.cost[res])}" for res in sorted(self.cost))
            parts.append(f"credits per image: {prices}")
            if self.cost_ops:
                ops = ", ".join(
                    f"{op} ×{_number(self.cost_ops[op])}" for op in sorted(self.cost_ops)
                )
                parts.append(f"edits cost: {ops}")
        if self.plans:
            parts.append("plans: " + ", ".join(self.plans))
        return " · ".join(parts)


def reduce_ratio(aspect_ratio: str) -> str:
    """ "W:H" in lowest terms; text that is not a ratio is returned unchanged."""
    width, _, height = aspect_ratio.partition(":")
    if not (is_number(width) and is_number(height)) or len(aspect_ratio) > 24:
        return aspect_ratio
    w, h = int(width), int(height)
    common = math.gcd(w, h) or 1
    return f"{w // common}:{h // common}"


def _number(value: float) -> str:
    return f"{value:g}"


LOCAL_PREVIEW = ModelProfile(id="local", label="local preview", provider="local")
VOICES = ("narrator", "bright", "deep")
"""The local voice preview's voices (pitches of its tones)."""


def _local(
    category: str,
    label: str,
    *,
    operations: tuple[str, ...] = (),
    durations: tuple[float, ...] = (),
    voices: tuple[str, ...] = (),
) -> ModelProfile:
    """An offline preview profile of a media category (workers/providers/local_media.py)."""
    return ModelProfile(
        id=f"local-{category}",
        label=label,
        provider="local",
        category=category,
        resolutions=("1K",),
        max_count=1,
        max_refs=0,
        negative_prompt=False,
        image_input=bool(operations),
        operations=operations,
        durations=tuple(float(d) for d in durations),
        voices=voices,
    )


LOCAL_MEDIA = (
    _local(
        "video", "local video preview", operations=("generate", "animate"), durations=(2, 5, 10)
    ),
    _local("music", "local music preview", operations=("generate",), durations=(5, 10, 30)),
    _local("voice", "local voice preview", operations=("generate",), voices=VOICES),
    _local("3d", "local 3D preview", operations=("to3d",)),
)
"""One offline profile per media category: the embedded default makes every kind."""
LOCAL_PROFILES = {p.id: p for p in (LOCAL_PREVIEW, *LOCAL_MEDIA)}


def describe_media(profile: ModelProfile) -> str:
    """A video, music, voice or 3D profile for /models: lengths, voices, operations, price."""
    parts = [f"{profile.label} ({profile.id}) · {profile.category}"]
    if profile.durations:
        parts.append("durations " + "/".join(_number(d) for d in profile.durations) + " s")
    if profile.voices:
        parts.append("voices: " + ", ".join(profile.voices))
    named = [op for op in profile.operations if op != "generate"]
    if named:
        parts.append("from an image: " + ", ".join(named))
    price = profile.cost_of(profile.resolutions[0])
    if profile.cost:
        parts.append(f"credits per generation: {_number(price)}")
    if profile.plans:
        parts.append("plans: " + ", ".join(profile.plans))
    return " · ".join(parts)


def _not_enabled(profile: ModelProfile, feature: str) -> BadInput:
    return BadInput(f"the admin has not enabled {feature} for {profile.label}")


@dataclass
class ModelCatalog:
    """The enabled model profiles, looked up by id (case-insensitive)."""

    profiles: dict[str, ModelProfile] = field(default_factory=lambda: dict(LOCAL_PROFILES))
    default: str = "local"
    disabled: dict[str, ModelProfile] = field(default_factory=dict)

    def ids(self) -> list[str]:
        return sorted(self.profiles)

    def get(self, model_id: str) -> ModelProfile:
        for key, profile in self.profiles.items():
            if key.lower() == model_id.lower():
                return profile
        if any(key.lower() == model_id.lower() for key in self.disabled):
            raise BadInput(f'the admin has disabled the model "{model_id}"')
        raise BadInput(f'unknown model "{model_id}"; available: {", ".join(self.ids())}')

    def by_category(self, category: str = "image", plan: str | None = None) -> list[ModelProfile]:
        """Enabled profiles of a category that `plan` may use, in id order."""
        return [
            self.profiles[key]
            for key in self.ids()
            if self.profiles[key].category == category and self.profiles[key].allows_plan(plan)
        ]

    def check(
        self,
        model_id: str,
        *,
        resolution: str,
        count: int,
        aspect_ratio: str | None = None,
        has_negative: bool = False,
        has_seed: bool = False,
        ref_count: int = 0,
        has_image_input: bool = False,
        has_mask: bool = False,
        plan: str | None = None,
    ) -> ModelProfile:
        """The profile, after checking the request against what the model allows."""
        profile = self.get(model_id)
        if profile.category != "image":  # only images are made today (core.categories)
            able = ", ".join(p.id for p in self.by_category("image")) or "none"
            raise BadInput(
                f"{profile.label} is a {profile.category} model; images are made with: {able}"
            )
        if not profile.allows_plan(plan):
            raise BadInput(
                f"{profile.label} is available on plans: {', '.join(profile.plans)} "
                f"(your plan: {plan}); an admin can change it (lightbox plan set)"
            )
        if resolution not in profile.resolutions:
            raise BadInput(
                f"{profile.label} does not offer {resolution}; allowed: "
                + ", ".join(profile.resolutions)
            )
        if count > profile.max_count:
            raise BadInput(f"{profile.label} makes at most {profile.max_count} images at once")
        if aspect_ratio is not None and not profile.allows_ratio(aspect_ratio):
            raise BadInput(
                f"{profile.label} does not offer aspect ratio {aspect_ratio}; allowed: "
                + ", ".join(profile.aspect_ratios)
            )
        if has_negative and not profile.negative_prompt:
            raise _not_enabled(profile, "negative prompts")
        if has_seed and not profile.seed:
            raise _not_enabled(profile, "seeds")
        if ref_count and not profile.max_refs:
            raise _not_enabled(profile, "reference images")
        if ref_count > profile.max_refs:
            raise BadInput(f"{profile.label} takes at most {profile.max_refs} refs")
        if has_image_input and not profile.image_input:
            raise _not_enabled(profile, "image input")
        if has_mask and not profile.mask:
            raise _not_enabled(profile, "masks")
        return profile

    def check_operation(self, model_id: str, operation: str) -> ModelProfile:
        """The profile, if it can do `operation`; otherwise a refusal naming profiles that can."""
        profile = self.get(model_id)
        if profile.can(operation):
            return profile
        able = [p.id for p in self.profiles.values() if p.can(operation)]
        offer = f"models that can: {', '.join(sorted(able))}" if able else "no model here can"
        raise BadInput(f"{profile.label} cannot {operation}; {offer}")
