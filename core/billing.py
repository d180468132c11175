"""What a generation costs and who pays: the person's plan, its gates, and the credit hold."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from core import ledger, wallet_merge
from core.catalog import ModelProfile
from core.errors import BadInput
from core.identity import Place
from core.models import Job, PlanAssignment, ProjectBudget, User, Wallet
from core.models.base import row_id, utcnow
from core.plans import ASSIGNED, Plan, PlanBook
from core.projects import Context
from core.spend import check_limits

SCOPES = ("user", "project", "telegram_chat", "discord_role")


def user_subject(user: User) -> str:
    """How a plan assignment names a person: platform:id, as the admin types it."""
    return f"{user.platform}:{user.platform_user_id}"


@dataclass(frozen=True)
class Admission:
    """A request that may be queued: the plan it runs under, and the wallet holding its price."""

    plan: Plan
    wallet: Wallet | None
    price: int
    """Thousandths of a credit per image (0: a free model; nothing is written)."""


class Billing:
    """Plans and prices: constructed with the admin's plan book."""

    def __init__(self, plans: PlanBook | None = None):
        self.plans = plans or PlanBook()

    def plan_of(
        self,
        session: Session,
        user: User,
        project_id: int | None,
        place: Place | None,
        roles: tuple[str, ...] = (),
    ) -> Plan:
        """The person's plan: their own assignment, else the best of their Discord roles', else
        the project's, else the Telegram chat's, else the default plan."""
        mine = self._assigned(session, "user", user_subject(user))
        if mine is not None:
            return mine
        by_role = [self._assigned(session, "discord_role", role) for role in roles]
        found = [plan for plan in by_role if plan is not None]
        if found:
            return max(found, key=lambda plan: (plan.priority, plan.monthly_allowance))
        keys = []
        if project_id is not None:
            keys.append(("project", str(project_id)))
        if place is not None and place.platform == "telegram":
            keys.append(("telegram_chat", place.chat_id))
        for scope, subject in keys:
            plan = self._assigned(session, scope, subject)
            if plan is not None:
                return plan
        return self.plans.default_plan

    def project_cap(self, session: Session, project_id: int) -> int:
        """How many jobs the project may run at once: its own plan's `project_concurrency`, else
        the default plan's (0: no limit)."""
        plan = self._assigned(session, "project", str(project_id)) or self.plans.default_plan
        return plan.project_concurrency

    def _assigned(self, session: Session, scope: str, subject: str) -> Plan | None:
        """The plan assigned to (scope, subject), read once per transaction (an absent row
        too: `session.get` reads those again each time); `credits.set_plan` forgets it."""
        known: dict[tuple[str, str], str | None] = session.info.setdefault(ASSIGNED, {})
        if (scope, subject) not in known:
            found = session.get(PlanAssignment, (scope, subject))
            known[(scope, subject)] = found.plan if found is not None else None
        plan = known[(scope, subject)]
        return self.plans.plans.get(plan) if plan is not None else None

    def gate(self, plan: Plan, profile: ModelProfile, resolution: str, count: int) -> None:
        """Refuse what the plan does not include, naming the plans that do."""
        if not plan.allows(profile):
            able = [p.name for p in self.plans.allowing(profile)]
            offer = f"plans that include it: {', '.join(able)}" if able else "no plan includes it"
            raise BadInput(
                f"{profile.label} is not on your plan ({plan.name}); {offer}. "
                "An admin can change your plan (lightbox plan set)"
            )
        if not plan.allows_resolution(resolution):
            raise BadInput(
                f"your plan ({plan.name}) allows up to {plan.max_resolution}, not {resolution}"
            )
        if count > plan.max_count:
            raise BadInput(f"your plan ({plan.name}) makes at most {plan.max_count} images at once")

    def grant_allowance(self, session: Session, user: User, plan: Plan) -> None:
        """The plan's monthly allowance, booked once per month per wallet (unique reference)."""
        if plan.monthly_allowance <= 0:
            return
        wallet = ledger.wallet_of(session, "user", row_id(user))
        month = utcnow().strftime("%Y-%m")
        ledger.credit(
            session,
            wallet,
            "allowance",
            plan.monthly_allowance,
            reference=month,
            user_id=user.id,
            note=f"{plan.name} allowance {month}",
        )

    def payer(self, session: Session, ctx: Context) -> Wallet:
        """The project wallet when its owner funds it (a budget is set), else the person's."""
        if session.get(ProjectBudget, row_id(ctx.project)) is not None:
            return ledger.wallet_of(session, "project", row_id(ctx.project))
        wallet_merge.sweep(session, ctx.user)  # a linked account's credits are the person's
        return ledger.wallet_of(session, "user", row_id(ctx.user))

    def admit(
        self,
        session: Session,
        ctx: Context,
        plan: Plan,
        profile: ModelProfile,
        resolution: str,
        count: int,
        operation: str = "generate",
    ) -> Admission:
        """Check the plan, the spend limits and the credits; lock the paying wallet. An edit
        costs its operation's price (the model's `cost_ops` multiplier of its image price)."""
        self.gate(plan, profile, resolution, count)
        price = ledger.to_milli(profile.cost_of(resolution, 1, operation))
        if price == 0:  # a free model or operation writes nothing to the ledger
            return Admission(plan, None, 0)
        self.grant_allowance(session, ctx.user, plan)
        wallet = self.payer(session, ctx)
        what = f"{count} × {profile.label} at {resolution}"
        if operation != "generate":
            what = f"{operation} with {profile.label} at {resolution}"
        ledger.require(session, wallet, price * count, what)
        check_limits(session, ctx, wallet, price * count)
        return Admission(plan, wallet, price)

    def queue_one(
        self,
        session: Session,
        ctx: Context,
        profile: ModelProfile,
        version_id: int,
        what: str,
        *,
        resolution: str,
        operation: str = "generate",
        place: Place | None = None,
        roles: tuple[str, ...] = (),
    ) -> Job:
        """The job of one queued version (an edit, a reproduction): admitted under the person's
        plan, placed in the fair queue as theirs, its operation's price held (refused: nothing
        is written)."""
        plan = self.plan_of(session, ctx.user, ctx.project.id, place, roles)
        admission = self.admit(session, ctx, plan, profile, resolution, 1, operation)
        job = Job(
            version_id=version_id,
            owner_id=row_id(ctx.user),
            priority=plan.priority,
            max_running=plan.concurrency,
            project_max_running=self.project_cap(session, row_id(ctx.project)),
        )
        session.add(job)
        session.flush()
        self.hold(session, admission, ctx, row_id(job), what)
        return job

    def hold(
        self, session: Session, admission: Admission, ctx: Context, job_id: int, what: str
    ) -> None:
        """Reserve one image's price for its queued job (no entry for a free model)."""
        if admission.wallet is not None and admission.price > 0:
            ledger.hold(
                session,
                admission.wallet,
                job_id,
                admission.price,
                user_id=row_id(ctx.user),
                note=what,
            )
