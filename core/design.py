"""Production design: the project's style, negative prompt, seed policy and default settings."""

from __future__ import annotations

from sqlmodel import Session

from core.access import Role, require_role
from core.catalog import ModelCatalog
from core.db import held
from core.errors import BadInput
from core.models import Card, CardContext, Design, Version, VersionContext
from core.models.base import row_id, utcnow
from core.names import clean_text
from core.projects import Context
from core.prompt_params import PromptParams

MAX_STYLE = 1000
POLICIES = ("random", "fixed")


def design_of(session: Session, project_id: int) -> Design:
    """The project's design (an unsaved default one when none was set)."""
    return session.get(Design, project_id) or Design(project_id=project_id)


def start_card(session: Session, card: Card, catalog: ModelCatalog) -> None:
    """A new card (or portrait) starts from the design; flags given with it apply after."""
    design = design_of(session, card.project_id)
    if design.model and design.model in catalog.profiles:
        card.model = design.model
    card.resolution = design.resolution or card.resolution
    card.aspect_ratio = design.aspect_ratio or card.aspect_ratio
    card.negative_prompt = design.negative_prompt
    card.seed = design.seed if design.seed_policy == "fixed" else None


def set_design(
    session: Session,
    ctx: Context,
    catalog: ModelCatalog,
    params: PromptParams | None = None,
    *,
    style: str | None = None,
) -> Design:
    """Change the design (editors): settings from --flags, the style prompt from text."""
    require_role(session, ctx.project, ctx.user, Role.editor)
    design = design_of(session, row_id(ctx.project))
    if style is not None:
        design.style_prompt = clean_text(
            style, what="style prompt", max_length=MAX_STYLE, allow_empty=True
        )
    if params is not None:
        named = (params.scene, params.cast, params.loras, params.duration, params.voice)
        if any(given is not None for given in named):
            raise BadInput(
                "the design takes --ar --res --seed --no --model, not --scene, --with, --lora, "
                "--duration or --voice"
            )
        if params.model is not None:
            design.model = catalog.get(params.model).id
        design.resolution = params.resolution or design.resolution
        design.aspect_ratio = params.aspect_ratio or design.aspect_ratio
        if params.negative_prompt is not None:
            design.negative_prompt = params.negative_prompt
        if params.seed is not None:
            design.seed_policy, design.seed = "fixed", params.seed
        elif params.random_seed:
            design.seed_policy, design.seed = "random", None
    _check(design, catalog)
    return _save(session, ctx, design)


def save_from_version(session: Session, ctx: Context, version: Version) -> Design:
    """🎨 Save as Design Default: the version's seed, negative prompt and style."""
    require_role(session, ctx.project, ctx.user, Role.editor)
    if version.source != "generated" or version.status != "done":
        state = version.source if version.source != "generated" else version.status
        raise BadInput(
            f"v{version.number} is {state}; only a finished generated version has a seed and "
            "style to save"
        )
    design = design_of(session, row_id(ctx.project))
    design.seed_policy, design.seed = "fixed", version.seed
    design.negative_prompt = version.negative_prompt
    context = session.get(VersionContext, version.id)
    if context is not None:
        design.style_prompt = context.style_prompt
    return _save(session, ctx, design)


def describe(design: Design, catalog: ModelCatalog) -> list[str]:
    """The design as lines for /design."""
    seed = f"fixed {design.seed}" if design.seed_policy == "fixed" else "random"
    model = design.model or f"{catalog.default} (instance default)"
    return [
        f"style: {design.style_prompt or '(none)'}",
        f"negative: {design.negative_prompt or '(none)'}",
        f"seed: {seed}",
        f"model: {model}",
        f"resolution: {design.resolution or '1K (default)'}",
        f"aspect: {design.aspect_ratio or '1:1 (default)'}",
    ]


def deviations(session: Session, card: Card, style: str) -> list[str]:
    """How a card differs from its project's design ("seed 42 (design: random)")."""
    design = session.get(Design, card.project_id)
    if design is None:
        return []
    found = []
    wanted_seed = design.seed if design.seed_policy == "fixed" else None
    if card.seed != wanted_seed:
        shown = "random" if wanted_seed is None else str(wanted_seed)
        found.append(f"seed {card.seed if card.seed is not None else 'random'} (design: {shown})")
    if card.negative_prompt != design.negative_prompt:
        found.append("negative prompt")
    if style != design.style_prompt:
        found.append("style")
    for name, wanted in (
        ("model", design.model),
        ("resolution", design.resolution),
        ("aspect_ratio", design.aspect_ratio),
    ):
        if wanted and getattr(card, name) != wanted:
            found.append(f"{name.replace('_', ' ')} {getattr(card, name)} (design: {wanted})")
    return found


def drift(session: Session, card: Card) -> list[str]:
    """The card's deviations from the design, its style read from its placement."""
    placed = held(session, session.get(CardContext, card.id))
    return deviations(session, card, placed.style_prompt if placed else "")


def _check(design: Design, catalog: ModelCatalog) -> None:
    catalog.check(
        design.model or catalog.default,
        resolution=design.resolution or "1K",
        count=1,
        aspect_ratio=design.aspect_ratio,
        has_negative=bool(design.negative_prompt),
        has_seed=design.seed is not None,
    )


def _save(session: Session, ctx: Context, design: Design) -> Design:
    design.updated_by, design.updated_at = ctx.user.id, utcnow()
    session.add(design)
    session.flush()
    return design
