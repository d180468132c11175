"""Wallets, the append-only credit ledger, plan assignments and project spend controls."""

from datetime import datetime

from sqlalchemy import BigInteger, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.models.base import utcnow


class Wallet(SQLModel, table=True):
    """The credits of one user or one project; its row is locked while credits are spent."""

    __table_args__ = (UniqueConstraint("owner_kind", "owner_id"),)

    id: int | None = Field(default=None, primary_key=True)
    owner_kind: str = Field(max_length=16)
    owner_id: int
    created_at: datetime = Field(default_factory=utcnow)
    touched_at: datetime = Field(default_factory=utcnow)


class LedgerEntry(SQLModel, table=True):
    """One append-only movement of credits, in thousandths of a credit.

    `amount` changes the balance, `held` changes what is reserved for queued generations:
    a hold reserves (held +p), a charge spends it (amount −p, held −p), a release frees it
    (held −p). A job has at most one hold and one settlement (charge or release): the unique
    (job_id, stage) makes a duplicate finish, a retry or a sweep unable to charge twice.
    """

    __table_args__ = (
        UniqueConstraint("job_id", "stage"),
        UniqueConstraint("wallet_id", "kind", "reference"),
    )

    id: int | None = Field(default=None, primary_key=True)
    wallet_id: int = Field(foreign_key="wallet.id", index=True)
    kind: str = Field(max_length=16)
    amount: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    held: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    job_id: int | None = Field(default=None, foreign_key="job.id")
    stage: str | None = Field(default=None, max_length=8)
    reference: str | None = Field(default=None, max_length=128)
    user_id: int | None = Field(default=None, foreign_key="user.id")
    note: str = Field(default="", max_length=200)
    created_at: datetime = Field(default_factory=utcnow, index=True)


class PlanAssignment(SQLModel, table=True):
    """An admin's choice of plan for a user, a project, a Discord role or a Telegram chat."""

    scope: str = Field(max_length=16, primary_key=True)
    subject: str = Field(max_length=64, primary_key=True)
    plan: str = Field(max_length=64)
    updated_at: datetime = Field(default_factory=utcnow)


class ProjectBudget(SQLModel, table=True):
    """A project owner's spend controls: the project wallet pays, within these limits."""

    project_id: int = Field(foreign_key="project.id", primary_key=True)
    monthly_budget: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    member_daily_limit: int | None = Field(
        default=None, sa_column=Column(BigInteger, nullable=True)
    )
    updated_at: datetime = Field(default_factory=utcnow)
