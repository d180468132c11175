"""Cards, their directions (forks), prompt revisions and card chat messages."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.models.base import utcnow


class Card(SQLModel, table=True):
    """One idea: an editable prompt draft, settings, status and author."""

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    title: str = Field(max_length=100)
    prompt: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    saved_prompt: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    negative_prompt: str = Field(default="", max_length=1000)
    model: str = Field(max_length=64)
    resolution: str = Field(default="1K", max_length=4)
    aspect_ratio: str = Field(default="1:1", max_length=8)
    count: int = Field(default=1)
    seed: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    # LoRA styles of the draft: [{"name": "ink", "weight": 0.8}] (core.loras).
    loras: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, default=list)
    )
    status: str = Field(default="draft", max_length=16)
    author_id: int = Field(foreign_key="user.id")
    draft_saved_at: datetime | None = Field(default=None)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Direction(SQLModel, table=True):
    """A named creative branch of a card, forked from one version."""

    __table_args__ = (UniqueConstraint("card_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    card_id: int = Field(foreign_key="card.id", index=True)
    name: str = Field(max_length=60)
    source_version_id: int = Field(index=True)
    created_by: int = Field(foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)


class PromptRevision(SQLModel, table=True):
    """Every change to a card's draft, so no prompt a user wrote is ever lost."""

    id: int | None = Field(default=None, primary_key=True)
    card_id: int = Field(foreign_key="card.id", index=True)
    prompt: str = Field(sa_column=Column(Text, nullable=False))
    negative_prompt: str = Field(default="", max_length=1000)
    reason: str = Field(max_length=16)
    user_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)


class CardMessage(SQLModel, table=True):
    """One message of a card's refinement chat (user or assistant)."""

    id: int | None = Field(default=None, primary_key=True)
    card_id: int = Field(foreign_key="card.id", index=True)
    direction_id: int | None = Field(default=None, foreign_key="direction.id")
    user_id: int | None = Field(default=None, foreign_key="user.id")
    role: str = Field(max_length=16)
    text: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)


class CardThread(SQLModel, table=True):
    """Where a card lives on a platform: the thread/topic its versions are delivered into."""

    card_id: int = Field(foreign_key="card.id", primary_key=True)
    platform: str = Field(max_length=16, primary_key=True)
    target: str = Field(max_length=128, primary_key=True)
    header_message_id: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    # The chat (channel) the thread is in: Telegram keys start with it, Discord thread ids do not.
    chat_id: str | None = Field(default=None, max_length=64)


class PostedMessage(SQLModel, table=True):
    """A bot reply that belongs to a card, so a reply to it stays in that card's context."""

    platform: str = Field(max_length=16, primary_key=True)
    message_id: str = Field(max_length=64, primary_key=True)
    card_id: int = Field(foreign_key="card.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
