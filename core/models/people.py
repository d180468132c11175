"""Users, projects, memberships with roles, and the chat → project binding."""

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from core.models.base import utcnow


class User(SQLModel, table=True):
    """A person on one chat platform."""

    __table_args__ = (UniqueConstraint("platform", "platform_user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=16)
    platform_user_id: str = Field(max_length=64)
    # Telegram names are first (64) + " " + last (64); room to spare for other platforms.
    display_name: str = Field(default="", max_length=256)
    created_at: datetime = Field(default_factory=utcnow)


class Project(SQLModel, table=True):
    """The unit of sharing: members, cards, refs, showcase."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=80, index=True)
    created_by: int = Field(foreign_key="user.id")
    join_role: str = Field(default="editor", max_length=16)
    showcase_platform: str | None = Field(default=None, max_length=16)
    showcase_target: str | None = Field(default=None, max_length=128)
    created_at: datetime = Field(default_factory=utcnow)


class Membership(SQLModel, table=True):
    """A user's role in a project: owner, editor or viewer."""

    project_id: int = Field(foreign_key="project.id", primary_key=True)
    user_id: int = Field(foreign_key="user.id", primary_key=True)
    role: str = Field(max_length=16)
    created_at: datetime = Field(default_factory=utcnow)


class ChatBinding(SQLModel, table=True):
    """The project selector: which project a chat or channel is working in."""

    platform: str = Field(max_length=16, primary_key=True)
    chat_id: str = Field(max_length=64, primary_key=True)
    project_id: int = Field(foreign_key="project.id")
    updated_at: datetime = Field(default_factory=utcnow)


class ModelFavorite(SQLModel, table=True):
    """A model a user pinned: listed first in /models and in autocomplete."""

    user_id: int = Field(foreign_key="user.id", primary_key=True)
    model_id: str = Field(max_length=64, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow)


class Focus(SQLModel, table=True):
    """What a user is looking at in a chat: the open card, viewed version and direction."""

    platform: str = Field(max_length=16, primary_key=True)
    chat_id: str = Field(max_length=64, primary_key=True)
    user_id: int = Field(foreign_key="user.id", primary_key=True)
    card_id: int | None = Field(default=None, foreign_key="card.id")
    version_id: int | None = Field(default=None, foreign_key="version.id")
    direction_id: int | None = Field(default=None, foreign_key="direction.id")
    updated_at: datetime = Field(default_factory=utcnow)
