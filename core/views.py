"""Platform-neutral presentation: card headers, version messages and buttons as action ids."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from core import fair_queue
from core.actions import ActionRegistry, ActionSpec, Scope
from core.archive import any_archived
from core.cards import saved_state, status_of
from core.catalog import ModelCatalog
from core.design import drift as design_drift
from core.lineage import origin
from core.loras import shown
from core.media_captions import caption_parts, kind_icon
from core.models import Card, Direction, Job, Version, VersionContext
from core.versions import count_versions, favorite_count, latest_versions

STATUS_MARK = {
    "queued": "⏳ queued",
    "generating": "🎨 generating",
    "done": "✅ done",
    "failed": "⚠️ failed",
    "cancelled": "✖️ cancelled",
}
REVIEW_MARK = {"approved": "✅ approved", "rejected": "❌ rejected", "none": ""}


PICKER_SIZE = 25


@dataclass(frozen=True)
class Action:
    """A button: `action` is the neutral id adapters encode; `target` the id it acts on.

    `asks`: the press needs answers first (adapters ask with `Studio.ask`); `in_place`: the
    result shows on the pressed message itself.
    """

    action: str
    label: str
    target: int
    style: str = "secondary"
    asks: bool = False
    in_place: bool = False
    row: int | None = None
    """Layout hint: the row (0–4) this button sits in (a 4×4 cell picker); None: any."""


def button(spec: ActionSpec, target: int) -> Action:
    """The neutral button for a registered action on one target."""
    return Action(spec.id, spec.button, target, spec.style, bool(spec.fields), spec.in_place)


@dataclass(frozen=True)
class VersionView:
    """One version message: the image, a caption and its buttons."""

    card_id: int
    card_title: str
    version_id: int
    number: int
    total: int
    status: str
    caption: str
    prompt: str
    image_sha: str | None
    """The image's storage key: bytes come from the storage port, never from a path."""
    width: int
    height: int
    review: str
    error: str | None
    actions: list[Action] = field(default_factory=list)
    archived: bool = False
    """The version or its card is archived: a showcase post of it is taken down."""
    media_kind: str = "image"
    """core.media kind; for video, audio and 3D `image_sha` is the poster, `media_sha` the file."""
    icon: str = ""
    """What it is at a glance (core.media_captions.kind_icon): 🖼 🎬 🎵 🗣 🧊; read it with
    core.media_delivery.icon (empty: by its kind)."""
    media_sha: str | None = None
    media_mime: str = ""
    duration_seconds: float | None = None


@dataclass(frozen=True)
class CardView:
    """The card header: title, draft, settings, progress per version and the viewing banner."""

    card_id: int
    title: str
    status: str
    prompt: str
    negative_prompt: str
    settings: str
    progress: list[str]
    banner: str | None
    viewed_version_id: int | None
    actions: list[Action] = field(default_factory=list)
    choices: list[tuple[int, str]] = field(default_factory=list)
    """(number, status) of the newest versions, newest first, for version pickers (≤ 25)."""
    saved: str = ""
    """"💾 saved" or "unsaved changes since 💾 (↶ revert)"; empty before the first save."""


def version_view(
    session: Session,
    card: Card,
    version: Version,
    *,
    catalog: ModelCatalog,
    actions: ActionRegistry,
    direction: Direction | None = None,
) -> VersionView:
    total = count_versions(session, card)
    parts = [f"v{version.number} of {total}"]
    if direction is not None:
        parts.append(f"↗ {direction.name}")
    if version.media_kind != "image":  # video, music, voice, 3D: the kind and its length first
        parts += caption_parts(session, version, catalog, _model_label(catalog, version.model))
    elif version.source == "generated":
        parts += [
            _model_label(catalog, version.model),
            f"seed {version.seed}",
            f"{version.resolution} {version.width}×{version.height}",
        ]
        if version.loras:
            parts.append(f"LoRA {shown(version.loras)}")
    elif version.source == "edited":  # an edit: what it is of, who made it, its own size
        method = version.op_params.get("method") or _model_label(catalog, version.model)
        parts += [origin(session, version), method]
        parts.append(f"{version.width}×{version.height}")
    else:  # an upload (or an edit made elsewhere): its own size and origin, no seed
        parts += [version.source, f"{version.width}×{version.height}"]
    review = REVIEW_MARK.get(version.review, "")
    stars = favorite_count(session, version)
    caption = " · ".join(parts)
    if review:
        caption += f" · {review}"
    if stars:
        caption += f" · ⭐{stars}"
    made_with = session.get(VersionContext, version.id)
    if made_with is not None and made_with.summary:
        caption += f"\ncontext: {made_with.summary}"
    if version.status == "failed":
        caption += f"\n⚠️ failed: {version.error}"
    assert version.id is not None and card.id is not None
    offered = actions.offered(
        Scope.version, done=version.status == "done", kind=version.media_kind, catalog=catalog
    )
    return VersionView(
        card_id=card.id,
        card_title=card.title,
        version_id=version.id,
        number=version.number,
        total=total,
        status=version.status,
        caption=caption,
        prompt=version.prompt,
        image_sha=version.image_sha,
        width=version.width,
        height=version.height,
        review=version.review,
        error=version.error,
        actions=[button(spec, version.id) for spec in offered],
        archived=shown_archived(session, card, version),
        media_kind=version.media_kind,
        icon=kind_icon(version, catalog),
        media_sha=version.media_sha,
        media_mime=version.media_mime or "",
        duration_seconds=version.duration_seconds,
    )


def shown_archived(session: Session, card: Card, version: Version) -> bool:
    """The version, its card or its project is archived (a showcase post of it comes down)."""
    targets = [("version", version.id), ("card", card.id), ("project", card.project_id)]
    return any_archived(session, targets)


def card_view(
    session: Session,
    card: Card,
    *,
    catalog: ModelCatalog,
    actions: ActionRegistry,
    viewed: Version | None = None,
) -> CardView:
    total = count_versions(session, card)
    versions = latest_versions(session, card, 10)
    pending = [v.id for v in versions if v.status in ("queued", "generating")]
    jobs = (
        session.exec(
            select(Job.version_id, Job.progress, Job.id).where(col(Job.version_id).in_(pending))
        ).all()
        if pending
        else []
    )
    remote = {version_id: note for version_id, note, _ in jobs}
    queued = any(v.status == "queued" for v in versions)
    order = fair_queue.positions(session) if queued else {}
    place = {version_id: order[job_id] for version_id, _, job_id in jobs if job_id in order}
    progress = []
    for v in versions:
        line = f"v{v.number}: {STATUS_MARK.get(v.status, v.status)}"
        if v.status == "failed" and v.error:
            line += f" — {v.error}"
        elif v.id is not None and remote.get(v.id):
            line += f" ({remote[v.id]})"
        elif v.status == "queued" and v.id in place:
            line += f" (position {place[v.id]})"
        progress.append(line)
    banner = None
    if viewed is not None and versions and viewed.id != versions[-1].id:
        banner = f"viewing v{viewed.number} of {total}"
    settings = (
        f"{_model_label(catalog, card.model)} · {card.resolution} · {card.aspect_ratio} · "
        f"×{card.count}" + (f" · seed {card.seed} (fixed)" if card.seed is not None else "")
    )
    if card.loras:
        settings += f" · LoRA {shown(card.loras)}"
    made_by = catalog.profiles.get(card.model)
    if made_by is not None and made_by.category != "image":  # a /video, /music or /voice card
        settings = f"{made_by.label} · {made_by.category}" + (
            f" · {card.aspect_ratio}" if made_by.category == "video" else ""
        )

    drift = design_drift(session, card)
    if drift:
        settings += " · ≠ design: " + "; ".join(drift)
    assert card.id is not None
    choices = [
        (number, STATUS_MARK.get(status, status))
        for number, status in session.exec(
            select(Version.number, Version.status)
            .where(Version.card_id == card.id)
            .order_by(col(Version.number).desc())
            .limit(PICKER_SIZE)
        ).all()
    ]
    return CardView(
        choices=choices,
        card_id=card.id,
        title=card.title,
        status=status_of(session, card),
        prompt=card.prompt,
        negative_prompt=card.negative_prompt,
        settings=settings,
        progress=progress,
        banner=banner,
        viewed_version_id=viewed.id if viewed else None,
        actions=[button(spec, card.id) for spec in actions.offered(Scope.card, card=card)],
        saved=saved_state(card),
    )


def _model_label(catalog: ModelCatalog, model_id: str) -> str:
    profile = catalog.profiles.get(model_id)
    return profile.label if profile else model_id
