"""Wallet use cases: an admin's grant, revoke, statement and plan; a member's balance and usage."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from core import ledger
from core.errors import BadInput, NotFound
from core.ledger import Balance, show, to_milli

__all__ = ["Statement", "describe", "find_owner", "grant", "set_plan", "show", "statement"]
from core.models import LedgerEntry, PlanAssignment, Project, User, Wallet
from core.models.base import utcnow
from core.plans import ASSIGNED, PlanBook

WALLET_KINDS = ("user", "project")
PLAN_SCOPES = ("user", "project", "telegram_chat", "discord_role")


@dataclass(frozen=True)
class Statement:
    """A wallet's figures and its latest entries, newest first."""

    wallet: Wallet
    balance: Balance
    entries: list[LedgerEntry]

    def lines(self) -> list[str]:
        return [describe(entry) for entry in self.entries]


def describe(entry: LedgerEntry) -> str:
    """One statement line: when, what, how much, what for."""
    when = entry.created_at.strftime("%Y-%m-%d %H:%M")
    if entry.kind in ("hold", "release"):
        figure = f"{'held' if entry.kind == 'hold' else 'freed'} {show(abs(entry.held))}"
    else:
        figure = f"{'+' if entry.amount >= 0 else '−'}{show(abs(entry.amount))}"
    about = entry.note or (entry.reference or "")
    return f"{when} {entry.kind} {figure}" + (f" · {about}" if about else "")


def find_owner(session: Session, text: str) -> tuple[str, int]:
    """An admin names a wallet as `project:<id>` or `<platform>:<user id>` (e.g. telegram:42)."""
    kind, _, rest = text.strip().partition(":")
    if not rest:
        raise BadInput(f'name a wallet as project:<id> or <platform>:<user id>, not "{text}"')
    if kind == "project":
        project = session.get(Project, int(rest)) if rest.isdigit() else None
        if project is None:
            raise NotFound(f"no project with id {rest}")
        return "project", int(rest)
    user = session.exec(
        select(User).where(User.platform == kind, User.platform_user_id == rest)
    ).first()
    if user is None or user.id is None:
        raise NotFound(f"no user {text} has used Lightbox yet")
    return "user", user.id


def parse_credits(text: str) -> int:
    """A positive number of credits from an admin's text, as thousandths."""
    try:
        value = float(text)
    except ValueError:
        raise BadInput(f'"{text}" is not a number of credits') from None
    if not 0 < value <= 10_000_000:
        raise BadInput("credits must be a number above 0 and at most 10,000,000")
    return to_milli(value)


def grant(session: Session, owner: str, amount: str, note: str = "", kind: str = "grant") -> str:
    """An admin adds credits (a negative adjustment when revoking)."""
    owner_kind, owner_id = find_owner(session, owner)
    milli = parse_credits(amount)
    wallet = ledger.wallet_of(session, owner_kind, owner_id)
    ledger.lock(session, wallet)
    if kind == "revoke":
        available = ledger.balance_of(session, wallet).available
        milli = min(milli, max(available, 0))
        ledger.credit(session, wallet, "adjustment", -milli, note=note or "revoked by an admin")
        figure = f"revoked {show(milli)}"
    else:
        ledger.credit(session, wallet, "grant", milli, note=note or "granted by an admin")
        figure = f"granted {show(milli)}"
    balance = ledger.balance_of(session, wallet)
    return (
        f"{owner}: {figure}; balance {show(balance.balance)}, available {show(balance.available)}"
    )


def statement(session: Session, owner_kind: str, owner_id: int, limit: int = 20) -> Statement:
    wallet = ledger.wallet_of(session, owner_kind, owner_id)
    entries = session.exec(
        select(LedgerEntry)
        .where(LedgerEntry.wallet_id == wallet.id)
        .order_by(col(LedgerEntry.id).desc())
        .limit(limit)
    ).all()
    return Statement(wallet, ledger.balance_of(session, wallet), list(entries))


def set_plan(session: Session, plans: PlanBook, scope: str, subject: str, plan_id: str) -> str:
    """An admin assigns a plan to a user (platform:id), a project, a Telegram chat or a role."""
    if scope not in PLAN_SCOPES:
        raise BadInput(f'"{scope}" is not one of: {", ".join(PLAN_SCOPES)}')
    plan = plans.get(plan_id)
    subject = subject.strip()
    if not subject or len(subject) > 64:
        raise BadInput("name the subject in 1–64 characters (e.g. telegram:42, or a project id)")
    row = session.get(PlanAssignment, (scope, subject))
    if row is None:
        row = PlanAssignment(scope=scope, subject=subject, plan=plan.id)
    row.plan, row.updated_at = plan.id, utcnow()
    session.add(row)
    session.info.pop(ASSIGNED, None)  # plan lookups in this transaction read it afresh
    return f"{scope} {subject} is now on plan {plan.name}"
