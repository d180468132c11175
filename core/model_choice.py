"""A user's view of the model catalogue: enabled models by category, their favourites first."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from core.catalog import ModelCatalog, ModelProfile
from core.categories import MADE, ORDER
from core.errors import BadInput
from core.models import ModelFavorite, User
from core.models.base import utcnow


@dataclass(frozen=True)
class ModelChoice:
    """One catalogue entry as a user sees it."""

    profile: ModelProfile
    favorite: bool


def favorite_ids(session: Session, user: User) -> set[str]:
    """The model ids `user` pinned (including ones the admin has since removed)."""
    found = session.exec(select(ModelFavorite.model_id).where(ModelFavorite.user_id == user.id))
    return set(found.all())


def categories(catalog: ModelCatalog) -> list[str]:
    """The categories Lightbox makes that have an enabled model, in their order."""
    present = {profile.category for profile in catalog.profiles.values()}
    return [c for c in ORDER if c in present and c in MADE]


def unmade(catalog: ModelCatalog) -> list[ModelProfile]:
    """Enabled profiles of a category Lightbox cannot make yet (only code can build them)."""
    return [catalog.profiles[k] for k in catalog.ids() if catalog.profiles[k].category not in MADE]


def list_models(
    session: Session, user: User | None, catalog: ModelCatalog, plan: str | None = None
) -> list[ModelChoice]:
    """Enabled models `plan` may use, by category; within one, favourites first, then by id."""
    pinned = favorite_ids(session, user) if user is not None else set()
    choices: list[ModelChoice] = []
    for category in categories(catalog):
        found = catalog.by_category(category, plan)
        ordered = [p for p in found if p.id in pinned] + [p for p in found if p.id not in pinned]
        choices += [ModelChoice(p, p.id in pinned) for p in ordered]
    return choices


def favorite(session: Session, user: User, catalog: ModelCatalog, model_id: str) -> str:
    """Pin a model for `user`; pinning it again changes nothing. Returns the message."""
    profile = _known(catalog, model_id)
    row = {"user_id": user.id, "model_id": profile.id, "created_at": utcnow()}
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    # ON CONFLICT DO NOTHING: a double click racing itself is a no-op, not an error.
    added = session.execute(
        insert(ModelFavorite)
        .values(**row)
        .on_conflict_do_nothing()
        .returning(col(ModelFavorite.model_id))
    ).first()
    if added is None:
        return f"{profile.label} ({profile.id}) is already one of your favourites"
    return f"★ {profile.label} ({profile.id}) pinned: listed first in /models and model choices"


def unfavorite(session: Session, user: User, catalog: ModelCatalog, model_id: str) -> str:
    """Unpin a model; a stored favourite is removed even if the admin has since removed it."""
    wanted = model_id.strip().lower()
    stored = {m.lower(): m for m in favorite_ids(session, user)}
    if wanted in stored:
        session.execute(
            delete(ModelFavorite).where(
                col(ModelFavorite.user_id) == user.id,
                col(ModelFavorite.model_id) == stored[wanted],
            )
        )
        return f"{_name(catalog, stored[wanted])} unpinned"
    profile = _known(catalog, model_id)
    return f"{profile.label} ({profile.id}) is not one of your favourites"


def _name(catalog: ModelCatalog, model_id: str) -> str:
    profile = catalog.profiles.get(model_id)
    return f"{profile.label} ({model_id})" if profile else model_id


def _known(catalog: ModelCatalog, model_id: str) -> ModelProfile:
    if not model_id.strip():
        raise BadInput(f"name a model; available: {', '.join(catalog.ids())}")
    return catalog.get(model_id.strip())
