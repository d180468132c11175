"""ℹ️ Info (a version's full record and lineage) and ↻ Reproduce (the same recipe again)."""

from __future__ import annotations

from sqlmodel import Session

from core.access import Role
from core.cards import refresh_status
from core.edit_ops import LOCAL_ONLY, Operation
from core.edit_requests import LOCAL_MODEL
from core.errors import BadInput
from core.identity import Actor, Place
from core.jobs import create_deliveries
from core.lineage import chain_text, origin, parent_of, ref_names
from core.loras import shown
from core.media_captions import info_lines as media_info
from core.models import Card, Version
from core.models.base import row_id, utcnow
from core.studio_base import Outcome, StudioBase
from core.versions import next_number

RECIPE = (
    "direction_id", "prompt", "negative_prompt", "model", "resolution", "aspect_ratio", "width",
    "height", "seed", "ref_ids", "source", "operation", "mask_sha", "loras",
)  # fmt: skip


class EditInfoActions(StudioBase):
    """What a version is and where it came from; making it again."""

    def info(self, actor: Actor, place: Place, version_id: int | None = None) -> Outcome:
        with self.scope(actor, place) as s:
            card, version = self.focused_version(s, version_id)
            items = info_lines(s.session, version, self._model_name(version.model))
            items += media_info(version, self.image_size(version.media_sha))
            return Outcome(f"ℹ️ v{version.number} of card #{card.id}", items=items, card_id=card.id)

    def reproduce(self, actor: Actor, place: Place, version_id: int | None = None) -> Outcome:
        """↻ A new version with the same parameters (an edit Lightbox made: the same pixels)."""
        deliveries: list[tuple[int, str]] = []
        job_ids: list[int] = []
        with self.scope(actor, place, Role.editor) as s:
            card, source = self.focused_version(s, version_id)
            if source.source == "uploaded":
                raise BadInput(f"v{source.number} is an upload; there is no recipe to reproduce")
            if source.operation in LOCAL_ONLY and not source.image_sha:
                raise BadInput(f"v{source.number} has no image to reproduce")
            if source.model != LOCAL_MODEL:
                self.catalog.check_operation(source.model, source.operation)
            version = copy_recipe(s.session, card, source, row_id(s.ctx.user))
            if source.operation in LOCAL_ONLY:
                version.status, version.image_sha = "done", source.image_sha
                version.provider, version.started_at = LOCAL_MODEL, utcnow()
                version.finished_at = version.started_at
                s.session.add(version)
                s.session.flush()
                deliveries = create_deliveries(s.session, version)
            else:
                profile = self.catalog.get(source.model)
                what = f"card #{card.id} v{version.number} reproduce {profile.id}"
                job = self.billing.queue_one(
                    s.session,
                    s.ctx,
                    profile,
                    row_id(version),
                    what,
                    resolution=version.resolution,
                    operation=source.operation,
                    place=s.place,
                    roles=s.roles,
                )
                job_ids = [row_id(job)]
            refresh_status(s.session, card)
            text = f"↻ v{version.number}: {origin(s.session, version)}"
            view = self.render_card(s.session, card)
        self._send(job_ids)
        self._deliver(deliveries)
        self._changed(card.id)
        return Outcome(text, card=view, job_ids=job_ids, card_id=card.id)

    def _model_name(self, model_id: str) -> str:
        if model_id == LOCAL_MODEL:
            return "none: made by Lightbox itself"
        profile = self.catalog.profiles.get(model_id)
        return f"{profile.label} ({model_id})" if profile else model_id


def copy_recipe(session: Session, card: Card, source: Version, user_id: int) -> Version:
    """A queued version with `source`'s recipe; its parent is what `source` was made from."""
    version = Version(
        card_id=row_id(card),
        number=next_number(session, card),
        parent_version_id=source.parent_version_id
        if source.operation != Operation.generate
        else source.id,
        status="queued",
        created_by=user_id,
        op_params=dict(source.op_params) | {"reproduces": f"v{source.number}"},
        **{name: getattr(source, name) for name in RECIPE},
    )
    session.add(version)
    session.flush()
    return version


def info_lines(session: Session, version: Version, model: str) -> list[str]:
    """Dimensions, model, seed, prompt, negative, refs, lineage, timings and provider."""
    lines = [
        f"size: {version.width}×{version.height} ({version.resolution}, {version.aspect_ratio})",
        f"model: {model}",
        f"seed: {version.seed}",
        f"prompt: {version.prompt}",
        f"negative: {version.negative_prompt or '(none)'}",
        f"refs: {', '.join(ref_names(session, version)) or '(none)'}",
        f"LoRAs: {shown(version.loras) or '(none)'}",
        f"made by: {origin(session, version) or version.source}",
        f"lineage: {chain_text(session, version)}",
        f"status: {version.status}" + (f" — {version.error}" if version.error else ""),
        f"provider: {version.provider or '(not yet)'}",
    ]
    if version.op_params:
        params = ", ".join(f"{k}={v}" for k, v in sorted(version.op_params.items()))
        lines.append(f"parameters: {params}")
    if version.mask_sha:
        lines.append(f"mask: stored ({version.mask_sha[:12]}…)")
    lines.append(_timings(version))
    parent = parent_of(session, version)
    if parent is not None:
        lines.append(f"parent: v{parent.number}")
    return lines


def _timings(version: Version) -> str:
    parts = [f"created {version.created_at:%Y-%m-%d %H:%M:%S} UTC"]
    if version.started_at and version.finished_at:
        total = (version.finished_at - version.started_at).total_seconds()
        parts.append(f"took {total:.1f} s")
    if version.provider_seconds is not None:
        parts.append(f"provider {version.provider_seconds:.2f} s")
    return "timings: " + ", ".join(parts)
