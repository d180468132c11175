"""Platform-neutral presentation: card headers, version messages and buttons as action ids."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from core.catalog import ModelCatalog
from core.models import Card, Direction, Job, Version
from core.ports import Storage
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
    """A button: `action` is the neutral id adapters encode; `target` the id it acts on."""

    action: str
    label: str
    target: int
    style: str = "secondary"


VERSION_ACTIONS = (
    ("approve", "Approve", "success"),
    ("reject", "Reject", "danger"),
    ("favorite", "⭐ Favorite", "secondary"),
    ("new", "New Version", "primary"),
    ("fork", "↗ Fork", "secondary"),
    ("saveref", "📌 Save as Ref", "secondary"),
    ("restore", "↩ Restore", "secondary"),
    ("prompt", "Show prompt", "secondary"),
)


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
    image_path: str | None
    width: int
    height: int
    review: str
    error: str | None
    actions: list[Action] = field(default_factory=list)


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


def version_view(
    session: Session,
    card: Card,
    version: Version,
    *,
    storage: Storage,
    catalog: ModelCatalog,
    direction: Direction | None = None,
) -> VersionView:
    total = count_versions(session, card)
    label = _model_label(catalog, version.model)
    parts = [f"v{version.number} of {total}"]
    if direction is not None:
        parts.append(f"↗ {direction.name}")
    parts += [
        label,
        f"seed {version.seed}",
        f"{version.resolution} {version.width}×{version.height}",
    ]
    if version.source != "generated":
        parts.append(version.source)
    review = REVIEW_MARK.get(version.review, "")
    stars = favorite_count(session, version)
    caption = " · ".join(parts)
    if review:
        caption += f" · {review}"
    if stars:
        caption += f" · ⭐{stars}"
    if version.status == "failed":
        caption += f"\n⚠️ failed: {version.error}"
    actions = [Action(a, lbl, version.id, st) for a, lbl, st in VERSION_ACTIONS]  # type: ignore[arg-type]
    if version.status != "done":
        actions = [a for a in actions if a.action in ("new", "restore", "prompt")]
    path = storage.path(version.image_sha) if version.image_sha else None
    return VersionView(
        card_id=card.id,  # type: ignore[arg-type]
        card_title=card.title,
        version_id=version.id,  # type: ignore[arg-type]
        number=version.number,
        total=total,
        status=version.status,
        caption=caption,
        prompt=version.prompt,
        image_sha=version.image_sha,
        image_path=path,
        width=version.width,
        height=version.height,
        review=version.review,
        error=version.error,
        actions=actions,
    )


def card_view(
    session: Session, card: Card, *, catalog: ModelCatalog, viewed: Version | None = None
) -> CardView:
    total = count_versions(session, card)
    versions = latest_versions(session, card, 10)
    pending = [v.id for v in versions if v.status in ("queued", "generating")]
    remote = (
        dict(
            session.exec(
                select(Job.version_id, Job.progress).where(col(Job.version_id).in_(pending))
            ).all()
        )
        if pending
        else {}
    )
    progress = []
    for v in versions:
        line = f"v{v.number}: {STATUS_MARK.get(v.status, v.status)}"
        if v.status == "failed" and v.error:
            line += f" — {v.error}"
        elif remote.get(v.id):
            line += f" ({remote[v.id]})"
        progress.append(line)
    banner = None
    if viewed is not None and versions and viewed.id != versions[-1].id:
        banner = f"viewing v{viewed.number} of {total}"
    settings = (
        f"{_model_label(catalog, card.model)} · {card.resolution} · {card.aspect_ratio} · "
        f"×{card.count}" + (f" · seed {card.seed}" if card.seed is not None else "")
    )
    actions = [
        Action("generate", "✨ Generate", card.id, "primary"),  # type: ignore[arg-type]
        Action("edit", "✏️ Edit prompt", card.id),  # type: ignore[arg-type]
        Action("save", "💾 Save", card.id),  # type: ignore[arg-type]
    ]
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
        card_id=card.id,  # type: ignore[arg-type]
        title=card.title,
        status=card.status,
        prompt=card.prompt,
        negative_prompt=card.negative_prompt,
        settings=settings,
        progress=progress,
        banner=banner,
        viewed_version_id=viewed.id if viewed else None,
        actions=actions,
    )


def _model_label(catalog: ModelCatalog, model_id: str) -> str:
    profile = catalog.profiles.get(model_id)
    return profile.label if profile else model_id
