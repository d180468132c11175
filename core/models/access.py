"""Chats the bot lost access to: one row per chat and reason, so the owner is told once."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from core.models.base import utcnow


class LostChat(SQLModel, table=True):
    """A chat a platform refused to let the bot post in (kicked, blocked, missing access).

    The key makes the notice once per chat and reason across processes: the process whose
    insert wins tells the project's owners and records how in `told`. A later successful post
    in the chat removes its rows (access was given back).
    """

    platform: str = Field(max_length=16, primary_key=True)
    chat_id: str = Field(max_length=64, primary_key=True)
    reason: str = Field(max_length=64, primary_key=True)
    project_id: int | None = Field(default=None, index=True)
    detail: str = Field(default="", max_length=500)
    told: str | None = Field(default=None, max_length=256)
    created_at: datetime = Field(default_factory=utcnow)
