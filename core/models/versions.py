"""Versions (immutable generation records), per-user favorites and reference images."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.models.base import utcnow


class Version(SQLModel, table=True):
    """One generated, uploaded or edited image of a card; its recipe never changes."""

    __table_args__ = (UniqueConstraint("card_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    card_id: int = Field(foreign_key="card.id", index=True)
    number: int
    direction_id: int | None = Field(default=None, foreign_key="direction.id")
    parent_version_id: int | None = Field(default=None, foreign_key="version.id")
    prompt: str = Field(sa_column=Column(Text, nullable=False))
    negative_prompt: str = Field(default="", max_length=1000)
    model: str = Field(max_length=64)
    resolution: str = Field(max_length=4)
    # Generated versions use the card's ratio ("16:9"); an upload stores its own pixel ratio in
    # lowest terms, which can be long ("1921:1080"), hence the wider column.
    aspect_ratio: str = Field(max_length=24)
    width: int
    height: int
    seed: int = Field(sa_column=Column(BigInteger, nullable=False))
    ref_ids: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    source: str = Field(default="generated", max_length=16)
    status: str = Field(default="queued", max_length=16, index=True)
    error: str | None = Field(default=None, max_length=500)
    image_sha: str | None = Field(default=None, max_length=64)
    provider: str | None = Field(default=None, max_length=32)
    review: str = Field(default="none", max_length=16, index=True)
    reviewed_by: int | None = Field(default=None, foreign_key="user.id")
    created_by: int = Field(foreign_key="user.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    started_at: datetime | None = None
    finished_at: datetime | None = None
    provider_seconds: float | None = None
    # Lineage of an edit (core.edit_ops): what made it from `parent_version_id`, with what.
    operation: str = Field(default="generate", max_length=16)
    op_params: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    mask_sha: str | None = Field(default=None, max_length=64)
    # LoRA styles it was made with, weights filled in: [{"name": "ink", "weight": 0.8}].
    loras: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, default=list)
    )
    # What it is (core.media): an image, or a video/audio/3D file (`media_sha`) whose poster
    # image is `image_sha`, so sheets, galleries and thumbnails show every kind.
    media_kind: str = Field(default="image", max_length=8)
    media_sha: str | None = Field(default=None, max_length=64)
    media_mime: str | None = Field(default=None, max_length=32)
    duration_seconds: float | None = None


class Favorite(SQLModel, table=True):
    """A user's star on a version."""

    version_id: int = Field(foreign_key="version.id", primary_key=True)
    user_id: int = Field(foreign_key="user.id", primary_key=True)
    created_at: datetime = Field(default_factory=utcnow)


class Ref(SQLModel, table=True):
    """A named reference image of a character, location, object or style."""

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    card_id: int | None = Field(default=None, foreign_key="card.id")
    direction_id: int | None = Field(default=None, foreign_key="direction.id")
    name: str = Field(max_length=60)
    kind: str = Field(default="object", max_length=16)
    position: int = Field(default=0)
    image_sha: str = Field(max_length=64)
    source_version_id: int | None = Field(default=None, foreign_key="version.id")
    created_by: int = Field(foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
