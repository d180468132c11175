"""Studio actions on credits: /balance, /usage and the owner's /budget."""

from __future__ import annotations

from core import credits, ledger, payments, spend, wallet_merge
from core.access import Role
from core.entitlements import Granted, record_entitlement
from core.errors import BadInput
from core.identity import Actor, Place
from core.ledger import show, to_milli
from core.models import ProjectBudget
from core.models.base import row_id
from core.studio_base import Outcome, Scope, StudioBase


class CreditActions(StudioBase):
    """What a member sees of wallets and what a project owner sets."""

    def balance(self, actor: Actor, place: Place) -> Outcome:
        """💳 The person's wallet (and the project's, when it pays): balance, held, available."""
        with self.scope(actor, place) as s:
            plan = self.billing.plan_of(s.session, s.ctx.user, s.ctx.project.id, place, s.roles)
            self.billing.grant_allowance(s.session, s.ctx.user, plan)
            wallet_merge.sweep(s.session, s.ctx.user)
            lines = [self._wallet_line(s, "user", row_id(s.ctx.user), "your wallet")]
            budget = s.session.get(ProjectBudget, row_id(s.ctx.project))
            if budget is not None:
                lines.append(
                    self._wallet_line(s, "project", row_id(s.ctx.project), "project wallet")
                    + " — it pays for generations here"
                )
                lines += _limits(s, budget)
            allowance = (
                f", {show(plan.monthly_allowance)} credits a month"
                if plan.monthly_allowance
                else ""
            )
            lines.append(f"plan: {plan.name}{allowance}; more credits: {ledger.HOW_TO_GET_MORE}")
            return Outcome("\n".join(lines))

    def usage(self, actor: Actor, place: Place) -> Outcome:
        """📒 Recent entries of the wallet that pays here: holds, charges, releases, credits."""
        with self.scope(actor, place) as s:
            wallet = self.billing.payer(s.session, s.ctx)
            found = credits.statement(s.session, wallet.owner_kind, wallet.owner_id)
            title = (
                f"{'project' if wallet.owner_kind == 'project' else 'your'} wallet: balance "
                f"{show(found.balance.balance)}, held {show(found.balance.held)}, available "
                f"{show(found.balance.available)}"
            )
            if not found.entries:
                title += "; no entries yet"
            return Outcome(title, items=found.lines())

    def set_budget(
        self, actor: Actor, place: Place, monthly: str | None, daily: str | None
    ) -> Outcome:
        """The owner funds the project wallet: a monthly budget and a per-member daily limit."""
        with self.scope(actor, place, Role.owner) as s:
            budget = spend.set_budget(
                s.session, s.ctx, monthly=_limit(monthly), daily=_limit(daily)
            )
            lines = ["the project wallet now pays for generations in this project"]
            lines += _limits(s, budget)
            return Outcome("\n".join(lines))

    # -- buying credit packs in chat (Telegram Stars) ---------------------------------------------

    def packs(self, actor: Actor, place: Place) -> Outcome:
        """/buy without a pack: what is for sale."""
        if not self.billing.plans.packs:
            return Outcome("the admin has not set up credit packs; ask them for credits instead")
        return Outcome(
            "credit packs, bought in Telegram with Stars (/buy <pack> there):",
            items=[payments.offer_list(self.billing.plans)],
        )

    def order(self, actor: Actor, pack_id: str) -> payments.Order:
        """The invoice of one pack for the acting person."""
        return payments.order_for(self.billing.plans, actor, pack_id)

    def check_order(self, actor: Actor, payload: str, currency: str, total: int) -> str | None:
        """Pre-checkout: None when the order may be paid, else the reason to show."""
        return payments.check_order(self.billing.plans, actor, payload, currency, total)

    def paid(
        self, actor: Actor, payload: str, currency: str, total: int, charge_id: str
    ) -> str | None:
        """A successful payment: credited once per charge id (None for a repeated update)."""
        with self._db.session() as session:
            return payments.record_purchase(
                session,
                self.billing.plans,
                actor,
                payload=payload,
                currency=currency,
                total=total,
                charge_id=charge_id,
            )

    def entitled(self, actor: Actor, entitlement_id: str, sku_id: str) -> Granted:
        """A Discord entitlement: its pack credited or plan assigned once per entitlement id."""
        with self._db.session() as session:
            return record_entitlement(session, self.billing.plans, actor, entitlement_id, sku_id)

    def _wallet_line(self, s: Scope, kind: str, owner_id: int, label: str) -> str:
        figures = ledger.balance_of(s.session, ledger.wallet_of(s.session, kind, owner_id))
        return (
            f"💳 {label}: {show(figures.available)} available "
            f"(balance {show(figures.balance)}, {show(figures.held)} held by queued generations)"
        )


def _limit(text: str | None) -> int | None:
    if text is None or text.strip().lower() in ("", "off", "none"):
        return None
    try:
        value = float(text)
    except ValueError:
        raise BadInput(f'"{text}" is not a number of credits; use e.g. 100, or "off"') from None
    if not 0 <= value <= 10_000_000:
        raise BadInput("a limit is a number of credits from 0 to 10,000,000, or off")
    return to_milli(value)


def _limits(s: Scope, budget: ProjectBudget) -> list[str]:
    wallet = ledger.wallet_of(s.session, "project", budget.project_id)
    month = spend.committed(s.session, wallet, spend.month_start())
    today = spend.committed(s.session, wallet, spend.day_start(), row_id(s.ctx.user))
    monthly = show(budget.monthly_budget) if budget.monthly_budget is not None else "no limit"
    daily = show(budget.member_daily_limit) if budget.member_daily_limit is not None else "no limit"
    return [
        f"monthly budget: {monthly} (spent or held this month: {show(month)})",
        f"per-member daily limit: {daily} (yours today: {show(today)})",
    ]
