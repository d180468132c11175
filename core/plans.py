"""Plans the admin defines (plans.toml beside the models file): what each may use and spend."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.catalog import ModelProfile
from core.errors import LightboxError
from core.ledger import to_milli
from core.sizes import RESOLUTIONS

ASSIGNED = "plan_assignments"
"""The session.info key under which a transaction keeps the plan assignments it read."""
ID_RE = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
SNOWFLAKE = re.compile(r"[0-9]{1,20}")
KNOWN = {
    "id", "label", "monthly_allowance", "models", "categories", "max_resolution", "max_count",
    "concurrency", "priority", "project_concurrency",
}  # fmt: skip


class PlansFileError(LightboxError):
    """The plans file is unreadable or a plan in it is invalid."""


@dataclass(frozen=True)
class Plan:
    """What a person on this plan may use: models, sizes, parallel jobs, queue weight, allowance."""

    id: str
    label: str = ""
    monthly_allowance: int = 0
    """Thousandths of a credit granted once a month to the person's wallet."""
    models: tuple[str, ...] = ()
    """Model profile ids this plan may use; () = every model whose own `plans` let it."""
    categories: tuple[str, ...] = ()
    max_resolution: str = RESOLUTIONS[-1]
    max_count: int = 5
    concurrency: int = 0
    """Generations one person may have running at once (0: no limit)."""
    project_concurrency: int = 0
    """Generations one project on this plan may have running at once, all members together
    (0: no limit); a project's plan is its own assignment, else the default plan."""
    priority: int = 1
    """Weight in the fair queue: a priority-2 person is served twice as often as a priority-1."""

    @property
    def name(self) -> str:
        return self.label or self.id

    def allows(self, profile: ModelProfile) -> bool:
        """Whether the plan may use the model (the model's `plans` and the plan's lists agree)."""
        return (
            profile.allows_plan(self.id)
            and (not self.models or profile.id in self.models)
            and (not self.categories or profile.category in self.categories)
        )

    def allows_resolution(self, resolution: str) -> bool:
        return RESOLUTIONS.index(resolution) <= RESOLUTIONS.index(self.max_resolution)


OPEN_PLAN = Plan(id="free", label="free")
"""The default when the admin wrote no plans file: everything not gated by a model's `plans`."""


@dataclass(frozen=True)
class Pack:
    """Credits a person can buy in chat (Telegram Stars), as the admin priced them."""

    id: str
    credits: int
    """Thousandths of a credit."""
    stars: int
    label: str = ""

    @property
    def name(self) -> str:
        return self.label or self.id


@dataclass(frozen=True)
class Sku:
    """A Discord app SKU the admin mapped: a subscription to a plan, or a consumable pack."""

    id: str
    plan: str | None = None
    pack: str | None = None


@dataclass
class PlanBook:
    """The admin's plans by id, which one everybody starts on, and the credit packs for sale."""

    plans: dict[str, Plan] = field(default_factory=lambda: {OPEN_PLAN.id: OPEN_PLAN})
    default: str = OPEN_PLAN.id
    packs: dict[str, Pack] = field(default_factory=dict)
    skus: dict[str, Sku] = field(default_factory=dict)
    """Discord SKU id → what buying it gives (core.entitlements)."""

    @property
    def configured(self) -> bool:
        """Whether the admin wrote plans (else everyone is on the open default plan)."""
        return self.plans != {OPEN_PLAN.id: OPEN_PLAN}

    def get(self, plan_id: str) -> Plan:
        plan = self.plans.get(plan_id.strip().lower())
        if plan is None:
            raise LightboxError(f'unknown plan "{plan_id}"; plans: {", ".join(sorted(self.plans))}')
        return plan

    @property
    def default_plan(self) -> Plan:
        return self.plans[self.default]

    def allowing(self, profile: ModelProfile) -> list[Plan]:
        """The plans that may use the model, in id order."""
        return [self.plans[key] for key in sorted(self.plans) if self.plans[key].allows(profile)]


def _fail(path: Path, where: str, name: str, problem: str) -> PlansFileError:
    return PlansFileError(f"{path}: {where}: {name}: {problem}")


def _whole(
    path: Path, where: str, table: dict[str, Any], name: str, default: int, low: int, high: int
) -> int:
    value = table.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _fail(path, where, name, f"must be a whole number from {low} to {high}")
    return value


def _texts(path: Path, where: str, table: dict[str, Any], name: str) -> tuple[str, ...]:
    value = table.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(path, where, name, "must be a list of text")
    return tuple(v.strip() for v in value)


def _plan(path: Path, number: int, table: dict[str, Any]) -> Plan:
    plan_id = table.get("id")
    if not isinstance(plan_id, str) or not ID_RE.fullmatch(plan_id):
        raise _fail(
            path, f"plan #{number}", "id", "use 1–64 lower-case letters, digits, '.', '_' or '-'"
        )
    where = f'plan "{plan_id}"'
    unknown = sorted(set(table) - KNOWN)
    if unknown:
        raise _fail(path, where, unknown[0], "unknown field; known: " + ", ".join(sorted(KNOWN)))
    allowance = table.get("monthly_allowance", 0)
    if isinstance(allowance, bool) or not isinstance(allowance, int | float) or allowance < 0:
        raise _fail(path, where, "monthly_allowance", "must be a number of credits ≥ 0")
    resolution = table.get("max_resolution", RESOLUTIONS[-1])
    if resolution not in RESOLUTIONS:
        raise _fail(
            path, where, "max_resolution", f'"{resolution}" is not one of: {", ".join(RESOLUTIONS)}'
        )
    label = table.get("label", plan_id)
    if not isinstance(label, str) or not label.strip():
        raise _fail(path, where, "label", "must be non-empty text")
    return Plan(
        id=plan_id,
        label=label.strip(),
        monthly_allowance=to_milli(float(allowance)),
        models=_texts(path, where, table, "models"),
        categories=_texts(path, where, table, "categories"),
        max_resolution=resolution,
        max_count=_whole(path, where, table, "max_count", 5, 1, 5),
        concurrency=_whole(path, where, table, "concurrency", 0, 0, 1000),
        project_concurrency=_whole(path, where, table, "project_concurrency", 0, 0, 1000),
        priority=_whole(path, where, table, "priority", 1, 1, 100),
    )


def load_plans(path: Path | str) -> PlanBook:
    """Parse and validate the plans file; errors name the file, the plan and the field."""
    path = Path(path)
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PlansFileError(f"{path}: cannot read the plans file ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise PlansFileError(f"{path}: not valid TOML: {exc}") from None
    unknown = sorted(set(document) - {"plans", "default", "packs", "discord_skus"})
    if unknown:
        raise PlansFileError(f"{path}: {unknown[0]}: unknown top-level key")
    tables = document.get("plans", [])
    if not isinstance(tables, list) or not tables or not all(isinstance(t, dict) for t in tables):
        raise PlansFileError(f"{path}: plans: write each plan as a [[plans]] table (at least one)")
    book = PlanBook(plans={})
    for number, table in enumerate(tables, start=1):
        plan = _plan(path, number, table)
        if plan.id in book.plans:
            raise PlansFileError(f'{path}: plan "{plan.id}": id: used twice')
        book.plans[plan.id] = plan
    default = document.get("default", next(iter(book.plans)))
    if default not in book.plans:
        raise PlansFileError(f'{path}: default: "{default}" is not a plan in this file')
    book.default = default
    book.packs = _packs(path, document.get("packs", []))
    book.skus = _skus(path, document.get("discord_skus", []), book)
    return book


def _skus(path: Path, tables: object, book: PlanBook) -> dict[str, Sku]:
    """[[discord_skus]]: each names its SKU id and exactly one of `plan` or `pack`."""
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise PlansFileError(f"{path}: discord_skus: write each SKU as a [[discord_skus]] table")
    skus: dict[str, Sku] = {}
    for number, table in enumerate(tables, start=1):
        where, sku_id = f"{path}: discord SKU #{number}", table.get("sku")
        if not isinstance(sku_id, str) or not SNOWFLAKE.fullmatch(sku_id):
            raise PlansFileError(
                f'{where}: sku: the SKU id as text of digits ("1088510058284990888")'
            )
        unknown = sorted(set(table) - {"sku", "plan", "pack"})
        if unknown:
            raise PlansFileError(f"{where}: {unknown[0]}: unknown field; known: pack, plan, sku")
        plan, pack = table.get("plan"), table.get("pack")
        if (plan is None) == (pack is None):
            raise PlansFileError(f"{where}: give exactly one of plan (a subscription) or pack")
        if plan is not None and plan not in book.plans:
            raise PlansFileError(f'{where}: plan: "{plan}" is not a plan in this file')
        if pack is not None and pack not in book.packs:
            raise PlansFileError(f'{where}: pack: "{pack}" is not a pack in this file')
        if sku_id in skus:
            raise PlansFileError(f"{where}: sku: {sku_id} is used twice")
        skus[sku_id] = Sku(id=sku_id, plan=plan, pack=pack)
    return skus


def _packs(path: Path, tables: object) -> dict[str, Pack]:
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise PlansFileError(f"{path}: packs: write each credit pack as a [[packs]] table")
    packs: dict[str, Pack] = {}
    for number, table in enumerate(tables, start=1):
        pack_id = table.get("id")
        if not isinstance(pack_id, str) or not ID_RE.fullmatch(pack_id):
            raise _fail(path, f"pack #{number}", "id", "use 1–64 lower-case letters, digits, . _ -")
        where = f'pack "{pack_id}"'
        unknown = sorted(set(table) - {"id", "label", "credits", "stars"})
        if unknown:
            raise _fail(path, where, unknown[0], "unknown field; known: credits, id, label, stars")
        credits = table.get("credits")
        if isinstance(credits, bool) or not isinstance(credits, int | float) or credits <= 0:
            raise _fail(path, where, "credits", "must be a number of credits above 0")
        label = table.get("label", pack_id)
        if not isinstance(label, str) or not label.strip() or len(label) > 32:
            raise _fail(path, where, "label", "must be text of 1–32 characters (an invoice title)")
        packs[pack_id] = Pack(
            id=pack_id,
            credits=to_milli(float(credits)),
            stars=_whole(path, where, table, "stars", 0, 1, 100_000),
            label=label.strip(),
        )
    return packs


def plans_for(path: Path | str | None) -> PlanBook:
    """The plans from the plans file, or one open default plan when none is configured."""
    return load_plans(path) if path else PlanBook()
