"""Project spend controls: the owner's monthly budget and a per-member daily limit."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, func, select

from core.access import Role, require_role
from core.errors import BadInput
from core.ledger import show
from core.models import LedgerEntry, ProjectBudget, Wallet
from core.models.base import row_id, utcnow
from core.projects import Context


def committed(session: Session, wallet: Wallet, since: datetime, user_id: int | None = None) -> int:
    """Credits held or charged on the wallet since `since` (released holds give theirs back)."""
    query = select(func.coalesce(func.sum(LedgerEntry.held), 0)).where(
        LedgerEntry.wallet_id == wallet.id,
        col(LedgerEntry.kind).in_(("hold", "release")),
        col(LedgerEntry.created_at) >= since,
    )
    if user_id is not None:
        query = query.where(LedgerEntry.user_id == user_id)
    return int(session.exec(query).one())


def month_start() -> datetime:
    return utcnow().replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def day_start() -> datetime:
    return utcnow().replace(hour=0, minute=0, second=0, microsecond=0)


def check_limits(session: Session, ctx: Context, wallet: Wallet, price: int) -> None:
    """Refuse a project-paid request past the monthly budget or the member's daily limit."""
    if wallet.owner_kind != "project":
        return
    budget = session.get(ProjectBudget, wallet.owner_id)
    if budget is None:
        return
    if budget.monthly_budget is not None:
        used = committed(session, wallet, month_start())
        if used + price > budget.monthly_budget:
            raise BadInput(
                f"the project's monthly budget is {show(budget.monthly_budget)} credits and "
                f"{show(used)} are spent or held; this costs {show(price)}. The owner can raise "
                "it with /budget month <credits>. Nothing was queued"
            )
    if budget.member_daily_limit is not None:
        used = committed(session, wallet, day_start(), row_id(ctx.user))
        if used + price > budget.member_daily_limit:
            raise BadInput(
                f"your daily limit in this project is {show(budget.member_daily_limit)} credits "
                f"and {show(used)} are spent or held today; this costs {show(price)}. "
                "Nothing was queued"
            )


def set_budget(
    session: Session, ctx: Context, *, monthly: int | None, daily: int | None
) -> ProjectBudget:
    """The owner funds the project wallet and sets its limits (None: no limit)."""
    require_role(session, ctx.project, ctx.user, Role.owner)
    for value in (monthly, daily):
        if value is not None and value < 0:
            raise BadInput("a budget is a number of credits ≥ 0 (or 'off' for no limit)")
    budget = session.get(ProjectBudget, row_id(ctx.project))
    if budget is None:
        budget = ProjectBudget(project_id=row_id(ctx.project))
    budget.monthly_budget = monthly
    budget.member_daily_limit = daily
    budget.updated_at = utcnow()
    session.add(budget)
    session.flush()
    return budget
