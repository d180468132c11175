"""Edit requests: a new version of a parent with its operation, parameters and mask recorded."""

from __future__ import annotations

import random
from dataclasses import dataclass

from sqlmodel import Session

from core.access import Role, require_role
from core.billing import Billing
from core.cards import refresh_status
from core.catalog import ModelCatalog, ModelProfile
from core.edit_ops import LOCAL_ONLY, Operation
from core.edit_sizes import check_size, resolution_of
from core.errors import BadInput
from core.generation import MAX_SEED
from core.identity import Place
from core.loras import carried, stored
from core.media_requests import edits_images
from core.models import Card, Version
from core.models.base import row_id, utcnow
from core.names import clean_text
from core.ports import StoredImage
from core.projects import Context
from core.versions import next_number, upload_ratio

LOCAL_MODEL = "lightbox"  # the "model" of edits Lightbox makes itself (no provider involved)


@dataclass(frozen=True)
class Edit:
    """One requested edit: what to do, with which parameters, prompt and mask."""

    operation: Operation
    params: dict[str, str]
    size: tuple[int, int]
    prompt: str | None = None
    mask_sha: str | None = None
    new_seed: bool = False
    ref_ids: tuple[int, ...] = ()
    """Refs the model gets with the image (face swap: the character's portrait)."""


def editable(parent: Version, operation: Operation) -> None:
    """The parent must be a finished image; an annotation never goes to a model."""
    edits_images(parent)
    if parent.status != "done" or not parent.image_sha:
        raise BadInput(
            f"v{parent.number} is {parent.status}; only a finished version can be edited"
        )
    if parent.operation == Operation.annotate and operation not in LOCAL_ONLY:
        raise BadInput(
            f"v{parent.number} is an annotation (review notes) and is never sent to a model; "
            "edit the version it annotates instead"
        )


def edit_prompt(text: str, what: str = "prompt") -> str:
    return clean_text(text, what=what, max_length=4000, allow_empty=True)


def model_for(catalog: ModelCatalog, card: Card, edit: Edit, what: str) -> ModelProfile:
    """The card's model, if it can do the operation at this size (refusals name who can)."""
    profile = catalog.check_operation(card.model, edit.operation)
    check_size(profile, edit.size, what)
    return profile


def queue_edit(
    session: Session,
    ctx: Context,
    card: Card,
    parent: Version,
    edit: Edit,
    profile: ModelProfile,
    billing: Billing,
    *,
    place: Place | None = None,
    roles: tuple[str, ...] = (),
    rng: random.Random | None = None,
) -> tuple[Version, int]:
    """A queued version made by a model from `parent`, and its job id (sent after commit)."""
    require_role(session, ctx.project, ctx.user, Role.editor)
    editable(parent, edit.operation)
    seed = (rng or random.Random()).randrange(MAX_SEED + 1) if edit.new_seed else parent.seed
    version = _version(session, ctx, card, parent, edit, model=profile.id, seed=seed)
    version.loras = stored(carried(profile, parent.loras)[0])  # the parent's styles go along
    session.add(version)
    session.flush()
    what = f"card #{card.id} v{version.number} {edit.operation.value} {profile.id}"
    job = billing.queue_one(
        session,
        ctx,
        profile,
        row_id(version),
        what,
        resolution=version.resolution,
        operation=edit.operation.value,
        place=place,
        roles=roles,
    )
    refresh_status(session, card)
    return version, row_id(job)


def add_local_edit(
    session: Session,
    ctx: Context,
    card: Card,
    parent: Version,
    edit: Edit,
    image: StoredImage,
) -> Version:
    """A finished version Lightbox made itself (crop, faces, collage, annotate)."""
    require_role(session, ctx.project, ctx.user, Role.editor)
    editable(parent, edit.operation)
    now = utcnow()
    version = _version(session, ctx, card, parent, edit, model=LOCAL_MODEL, seed=parent.seed)
    version.width, version.height = image.width, image.height
    version.image_sha = image.sha256
    version.status = "done"
    version.provider = LOCAL_MODEL
    version.started_at = version.finished_at = now
    version.provider_seconds = 0.0
    session.add(version)
    session.flush()
    return version


def _version(
    session: Session,
    ctx: Context,
    card: Card,
    parent: Version,
    edit: Edit,
    *,
    model: str,
    seed: int,
) -> Version:
    width, height = edit.size
    return Version(
        card_id=row_id(card),
        number=next_number(session, card),
        direction_id=parent.direction_id,
        parent_version_id=row_id(parent),
        prompt=edit.prompt if edit.prompt else parent.prompt,
        negative_prompt=parent.negative_prompt,
        model=model,
        resolution=resolution_of(edit.size),
        aspect_ratio=upload_ratio(width, height),
        width=width,
        height=height,
        seed=seed,
        ref_ids=list(edit.ref_ids),
        source="edited",
        status="queued",
        created_by=row_id(ctx.user),
        operation=edit.operation.value,
        op_params=dict(edit.params),
        mask_sha=edit.mask_sha,
    )
