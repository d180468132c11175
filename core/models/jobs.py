"""Job and delivery rows: every unit of worker work has a state in the database."""

from datetime import datetime

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.models.base import utcnow


class Job(SQLModel, table=True):
    """One generation to run: queued → running → succeeded | failed | cancelled."""

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(default="generate", max_length=16)
    version_id: int = Field(foreign_key="version.id", unique=True)
    state: str = Field(default="queued", max_length=16, index=True)
    attempts: int = Field(default=0)
    lease: str | None = Field(default=None, max_length=32)
    heartbeat_at: datetime | None = None
    enqueued_at: datetime = Field(default_factory=utcnow)
    started_at: datetime | None = None
    finished_at: datetime | None = None
    error: str | None = Field(default=None, max_length=500)
    remote_handle: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    progress: str | None = Field(default=None, max_length=200)
    owner_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    """Whose job it is, for the fair queue (round-robin across owners)."""
    priority: int = Field(default=1)
    """The owner's plan weight when it was queued: a higher one is served more often."""
    max_running: int = Field(default=0)
    """The owner's plan concurrency limit when it was queued (0: no limit)."""
    project_max_running: int = Field(default=0)
    """The project's cap on running jobs when it was queued (its plan's; 0: no limit)."""


class Delivery(SQLModel, table=True):
    """The posting of a version into one platform thread, with the message id once posted."""

    __table_args__ = (UniqueConstraint("version_id", "platform", "target"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(default="thread", max_length=16)
    version_id: int = Field(foreign_key="version.id", index=True)
    platform: str = Field(max_length=16)
    target: str = Field(max_length=128)
    state: str = Field(default="pending", max_length=16, index=True)
    lease: str | None = Field(default=None, max_length=32)
    heartbeat_at: datetime | None = None
    message_id: str | None = Field(default=None, max_length=64)
    attempts: int = Field(default=0)
    error: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None
