"""Public web gallery rows: a published version, and a project's opt-in public page."""

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from core.models.base import utcnow


class Publication(SQLModel, table=True):
    """A version on the public gallery under an unguessable id; unpublishing keeps the row so
    its link answers 410 Gone rather than 404."""

    __table_args__ = (
        Index("ix_publication_project_id_id", "project_id", "id"),
        Index("ix_publication_model_id", "model", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    public_id: str = Field(max_length=32, unique=True)
    version_id: int = Field(foreign_key="version.id", index=True)
    project_id: int = Field(foreign_key="project.id")
    model: str = Field(max_length=64)
    show_prompt: bool = False
    author: str = Field(default="", max_length=256)
    """The publisher's handle when they chose to show it; empty otherwise."""
    published_by: int = Field(foreign_key="user.id")
    published_at: datetime = Field(default_factory=utcnow)
    unpublished_at: datetime | None = None


class PublicProject(SQLModel, table=True):
    """A project that opted in to a public page and to its name on its published images."""

    project_id: int = Field(foreign_key="project.id", primary_key=True)
    public_id: str = Field(max_length=32, unique=True)
    public_name: str = Field(max_length=80)
    opted_in_by: int = Field(foreign_key="user.id")
    opted_in_at: datetime = Field(default_factory=utcnow)
