"""Card use cases: create, find, edit the prompt draft (autosave), save, restore, status."""

from __future__ import annotations

from sqlmodel import Session, col, func, select

from core.access import Role, require_role
from core.archive import hidden
from core.catalog import ModelCatalog
from core.design import start_card
from core.errors import BadInput, NotFound
from core.identity import Place
from core.loras import LoraAsk, loaded, resolve, stored
from core.media_choice import check_draft, media_settings, refuse_media_flags
from core.models import Card, CardThread, PromptRevision, Version
from core.models.base import row_id, utcnow
from core.names import clean_text, is_number, parse_number
from core.placement import place_card
from core.projects import Context
from core.prompt_params import PromptParams

TITLE_LENGTH = 60


def create_card(
    session: Session,
    ctx: Context,
    place: Place,
    params: PromptParams,
    catalog: ModelCatalog,
    *,
    thread_target: str | None = None,
) -> Card:
    """A new card from a parsed prompt and settings, living in this chat's thread."""
    require_role(session, ctx.project, ctx.user, Role.editor)
    card = Card(
        project_id=row_id(ctx.project),
        title=_title(params.prompt),
        prompt=params.prompt,
        model=catalog.default,
        author_id=row_id(ctx.user),
        status="ready",
    )
    start_card(session, card, catalog)  # the production design first, then the flags
    apply_params(card, params, catalog)
    session.add(card)
    session.flush()
    place_card(session, ctx, card, params)
    session.add(
        CardThread(
            card_id=row_id(card),
            platform=place.platform,
            target=thread_target or place.thread_id or place.chat_id,
            chat_id=place.chat_id,
        )
    )
    _revise(session, card, ctx, "create")
    return card


def apply_params(card: Card, params: PromptParams, catalog: ModelCatalog) -> None:
    """Copy the given flags onto the card's settings, checked against the chosen model."""
    current = catalog.profiles.get(card.model)
    if params.model is None and current is not None and current.category != "image":
        media_settings(card, params, current)  # a /video, /music or /voice card
        return
    refuse_media_flags(card, params, catalog.get(params.model or card.model).category)
    model = catalog.get(params.model).id if params.model else card.model
    resolution = params.resolution or card.resolution
    count = params.count or card.count
    aspect_ratio = params.aspect_ratio or card.aspect_ratio
    seed = params.seed if params.seed is not None else card.seed
    if params.random_seed:
        seed = None
    negative = (
        params.negative_prompt if params.negative_prompt is not None else card.negative_prompt
    )
    catalog.check(
        model,
        resolution=resolution,
        count=count,
        aspect_ratio=aspect_ratio,
        has_negative=bool(negative),
        has_seed=params.seed is not None,
    )
    loras = card_loras(card, params, catalog, model)
    card.model, card.resolution, card.count = model, resolution, count
    card.aspect_ratio, card.seed, card.negative_prompt = aspect_ratio, seed, negative
    card.loras = stored(loras)


def card_loras(
    card: Card, params: PromptParams, catalog: ModelCatalog, model: str
) -> tuple[LoraAsk, ...]:
    """The LoRAs the card uses after these flags: the given ones (weights filled in), else the
    card's own, which must still suit the model; `--lora none` clears them."""
    profile = catalog.get(model)
    if params.loras is not None:
        return resolve(catalog, profile, params.loras)
    kept = loaded(card.loras)
    if kept and model != card.model:
        try:
            return resolve(catalog, profile, kept)
        except BadInput as exc:
            raise BadInput(
                f"the card uses the LoRA(s) {', '.join(a.name for a in kept)}: {exc} "
                "(add --lora none to drop them)"
            ) from None
    return kept


def get_card(session: Session, ctx: Context, card_id: int) -> Card:
    """A card by id, only if it belongs to the actor's current project (ids from the wire)."""
    card = session.get(Card, card_id) if 0 < card_id < 2**31 else None
    if card is None or card.project_id != ctx.project.id:
        raise NotFound(f'no card #{card_id} in project "{ctx.project.name}"; see /cards')
    return card


def find_card(session: Session, ctx: Context, key: str) -> Card:
    """A card of the current project by number (#12 or 12) or by words in its title."""
    key = (
        clean_text(key, what="card name or number", max_length=200, allow_empty=True)
        .lstrip("#")
        .strip()
    )
    if not key:
        raise BadInput("name a card by its number (e.g. #3) or words from its title; see /cards")
    in_project = select(Card).where(
        Card.project_id == ctx.project.id, col(Card.id).not_in(hidden("card"))
    )
    if is_number(key):
        card = session.exec(
            in_project.where(Card.id == parse_number(key, what="card number"))
        ).first()
    else:
        card = session.exec(
            in_project.where(func.lower(Card.title).contains(key.lower())).order_by(
                col(Card.id).desc()
            )
        ).first()
    if card is None:
        raise NotFound(f'no card "{key}" in project "{ctx.project.name}"; see /cards')
    return card


def list_cards(session: Session, ctx: Context, limit: int = 50) -> list[Card]:
    """The project's cards, newest first."""
    return list(
        session.exec(
            select(Card)
            .where(Card.project_id == ctx.project.id, col(Card.id).not_in(hidden("card")))
            .order_by(col(Card.id).desc())
            .limit(limit)
        ).all()
    )


def edit_prompt(
    session: Session, ctx: Context, card: Card, params: PromptParams, catalog: ModelCatalog
) -> Card:
    """Replace the draft (autosaved at once); the given settings update the card's."""
    require_role(session, ctx.project, ctx.user, Role.editor)
    for flag, given in (("--duration", params.duration), ("--voice", params.voice)):
        if given is not None:
            raise BadInput(
                f"{flag} goes with a new version, not the draft: /new {flag} {given[:20]} "
                "(the draft is unchanged)"
            )
    apply_params(card, params, catalog)
    check_draft(card, params.prompt, catalog.get(card.model).category)
    place_card(session, ctx, card, params)
    if params.prompt:
        card.prompt = params.prompt
    _touch(session, card)
    _revise(session, card, ctx, "autosave")
    return card


def save_prompt(session: Session, ctx: Context, card: Card) -> Card:
    """💾 Save: the draft becomes the card's saved prompt."""
    require_role(session, ctx.project, ctx.user, Role.editor)
    card.saved_prompt = card.prompt
    card.draft_saved_at = utcnow()
    _touch(session, card)
    _revise(session, card, ctx, "save")
    return card


def revert(session: Session, ctx: Context, card: Card) -> Card:
    """↶ Revert: the draft goes back to the prompt last saved with 💾 (the draft is kept as a
    revision, so nothing typed is lost)."""
    require_role(session, ctx.project, ctx.user, Role.editor)
    if card.draft_saved_at is None:
        raise BadInput("nothing is saved yet: 💾 Save keeps the draft, ↶ Revert brings it back")
    card.prompt = card.saved_prompt
    _touch(session, card)
    _revise(session, card, ctx, "revert")
    return card


def saved_state(card: Card) -> str:
    """What 💾 means for this card right now, shown in its header."""
    if card.draft_saved_at is None:
        return ""
    if card.saved_prompt == card.prompt:
        return "💾 saved"
    return "✏️ changed since 💾 save (↶ Revert to saved brings it back)"


def restore(session: Session, ctx: Context, card: Card, version: Version) -> Card:
    """↩ Restore: copy a version's prompt and settings back into the draft."""
    require_role(session, ctx.project, ctx.user, Role.editor)
    if version.card_id != card.id:
        raise NotFound(f"version {version.number} is not part of card #{card.id}")
    card.prompt = version.prompt
    card.negative_prompt = version.negative_prompt
    if version.source != "uploaded":
        card.model = version.model
        card.resolution = version.resolution
        card.aspect_ratio = version.aspect_ratio
        card.seed = version.seed
        card.loras = list(version.loras)
    # An upload was not made by a model: its "upload" model, its seed 0 and its pixel ratio are
    # not settings to generate with, so the draft keeps its own.
    _touch(session, card)
    _revise(session, card, ctx, "restore")
    return card


def status_of(session: Session, card: Card) -> str:
    """The card's status, derived from its versions in this one place: draft (no prompt) /
    ready (no versions) / generating (versions queued or generating) / done."""
    states = set(
        session.exec(select(Version.status).where(Version.card_id == card.id).distinct()).all()
    )
    if states & {"queued", "generating"}:
        return "generating"
    if states:
        return "done"
    return "ready" if card.prompt else "draft"


def refresh_status(session: Session, card: Card) -> str:
    """Store the derived status on the row (a cache for queries; `status_of` decides)."""
    status = status_of(session, card)
    if card.status != status:
        card.status = status
        session.add(card)
    return status


def revisions(session: Session, card: Card) -> list[PromptRevision]:
    """Every draft the card has had, oldest first."""
    return list(
        session.exec(
            select(PromptRevision)
            .where(PromptRevision.card_id == card.id)
            .order_by(col(PromptRevision.id))
        ).all()
    )


def _title(prompt: str) -> str:
    if len(prompt) <= TITLE_LENGTH:
        return prompt
    return prompt[: TITLE_LENGTH - 1].rsplit(" ", 1)[0] + "…"


def _touch(session: Session, card: Card) -> None:
    card.updated_at = utcnow()
    session.add(card)
    refresh_status(session, card)


def _revise(session: Session, card: Card, ctx: Context, reason: str) -> None:
    session.add(
        PromptRevision(
            card_id=row_id(card),
            prompt=card.prompt,
            negative_prompt=card.negative_prompt,
            reason=reason,
            user_id=ctx.user.id,
        )
    )
    session.flush()
