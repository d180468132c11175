"""Generation requests: turn a card's draft into queued versions, each with its job row."""

from __future__ import annotations

import random
from dataclasses import dataclass

from sqlmodel import Session

from core.access import Role, require_role
from core.billing import Billing
from core.cards import apply_params, refresh_status
from core.catalog import ModelCatalog
from core.errors import BadInput
from core.generation_context import ORDER, Assembled, assemble, names, record
from core.identity import Place
from core.library_actions import MENTIONED
from core.loras import loaded, resolve, stored
from core.media_requests import again, queue_media
from core.models import Card, Direction, Job, Ref, Version
from core.models.base import row_id
from core.placement import place_card
from core.projects import Context
from core.prompt_params import PromptParams
from core.sizes import dimensions
from core.versions import next_number
from core.views import Action

MAX_SEED = 2**32 - 1


@dataclass(frozen=True)
class Requested:
    """Versions just queued, with the job ids to send once the transaction commits."""

    versions: list[Version]
    job_ids: list[int]
    dropped_refs: list[str]
    """Refs left out because the model takes fewer (named in the reply)."""
    max_refs: int = 0
    context: Assembled | None = None
    """Characters, scene and style assembled for this request (None: plain refs only)."""
    used: list[Ref] | None = None

    def offers(self, card_id: int | None) -> list[Action]:
        """👤 Use <names>: the button confirming characters the prompt names (None: none)."""
        context = self.context
        if card_id is None or context is None or not context.mentioned:
            return []
        return [Action(MENTIONED, f"👤 Use {', '.join(context.mentioned)}"[:80], card_id)]

    @property
    def notes(self) -> list[str]:
        """What the person should know about the request (context, refs used and left out)."""
        context = self.context
        offer = []
        if context is not None and context.mentioned:
            who = ", ".join(context.mentioned)
            offer = [
                f"💡 the prompt names {who}: press 👤 Use {who} (or add --with {who}) to send "
                "the canonical portrait and description"
            ]
        if context is None or not context.placed:
            if not self.dropped_refs:
                return offer
            return [
                f"⚠️ this model takes {self.max_refs} ref(s); left out: "
                + ", ".join(self.dropped_refs)
                + " (reorder with /ref reorder to choose)"
            ] + offer
        used = self.used or []
        lines = [f"context: {context.summary()}"]
        total = len(context.refs)
        if self.dropped_refs:
            dropped = context.refs[len(used) :]
            lines.append(
                f"⚠️ this model takes {self.max_refs} ref(s): used {len(used)} of {total} "
                f"({names(used) or 'none'}); left out {len(dropped)}: {names(dropped)} "
                f"(order: {ORDER})"
            )
        elif used:
            lines.append(f"refs in order: {names(used)}")
        return lines + offer


def request_versions(
    session: Session,
    ctx: Context,
    card: Card,
    catalog: ModelCatalog,
    *,
    direction: Direction | None = None,
    parent: Version | None = None,
    params: PromptParams | None = None,
    count: int | None = None,
    rng: random.Random | None = None,
    billing: Billing | None = None,
    place: Place | None = None,
    roles: tuple[str, ...] = (),
) -> Requested:
    """Queue `count` new versions of the card's current draft (settings from the card + flags)."""
    require_role(session, ctx.project, ctx.user, Role.editor)
    if params is not None:
        apply_params(card, params, catalog)
        place_card(session, ctx, card, params)
        if params.prompt:
            card.prompt = params.prompt
    if not card.prompt.strip():
        raise BadInput("the card's prompt is empty; write one with /prompt <text> first")
    billing = billing or Billing()
    current = catalog.get(card.model)
    if current.category != "image":  # a /video, /music or /voice card: one more clip
        given = params or PromptParams("")
        ask = again(current, card, parent, given.duration, given.voice)
        version, job_id = queue_media(session, ctx, card, ask, billing, place=place, roles=roles)
        return Requested(versions=[version], job_ids=[job_id], dropped_refs=[])
    n = count or card.count
    plan = billing.plan_of(session, ctx.user, ctx.project.id, place, roles)
    profile = catalog.check(
        card.model,
        resolution=card.resolution,
        count=n,
        aspect_ratio=card.aspect_ratio,
        has_negative=bool(card.negative_prompt),
        has_image_input=direction is not None,
        plan=plan.id,
    )
    loras = stored(resolve(catalog, profile, loaded(card.loras)))
    admission = billing.admit(session, ctx, plan, profile, card.resolution, n)
    width, height = dimensions(card.resolution, card.aspect_ratio)
    assert card.id is not None
    assembled = assemble(session, ctx, card, direction.id if direction else None)
    candidates = assembled.refs
    refs, dropped = candidates[: profile.max_refs], candidates[profile.max_refs :]
    rng = rng or random.Random()
    versions: list[Version] = []
    job_ids: list[int] = []
    first = next_number(session, card)
    for offset in range(n):
        seed = (
            (card.seed + offset) % (MAX_SEED + 1)
            if card.seed is not None
            else rng.randrange(MAX_SEED + 1)
        )
        version = Version(
            card_id=card.id,
            number=first + offset,
            direction_id=direction.id if direction else None,
            parent_version_id=parent.id if parent else None,
            prompt=card.prompt,
            negative_prompt=card.negative_prompt,
            model=profile.id,
            resolution=card.resolution,
            aspect_ratio=card.aspect_ratio,
            width=width,
            height=height,
            seed=seed,
            ref_ids=[row_id(ref) for ref in refs],
            loras=loras,
            source="generated",
            status="queued",
            created_by=row_id(ctx.user),
        )
        versions.append(version)
    session.add_all(versions)
    session.flush()  # one INSERT for all n where the database can (ids in order)
    project_cap = billing.project_cap(session, row_id(ctx.project))
    jobs = [
        Job(
            version_id=row_id(version),
            owner_id=row_id(ctx.user),
            priority=plan.priority,
            max_running=plan.concurrency,
            project_max_running=project_cap,
        )
        for version in versions
    ]
    for version in versions:
        record(session, version, assembled, refs)
    session.add_all(jobs)
    session.flush()
    for version, job in zip(versions, jobs, strict=True):
        billing.hold(
            session, admission, ctx, row_id(job), f"card #{card.id} v{version.number} {profile.id}"
        )
        job_ids.append(row_id(job))
    session.add(card)
    refresh_status(session, card)
    return Requested(
        versions=versions,
        job_ids=job_ids,
        dropped_refs=[r.name for r in dropped],
        max_refs=profile.max_refs,
        context=assembled,
        used=refs,
    )
