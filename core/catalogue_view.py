"""/models as a person reads it: by category with its commands, each model's cost and plans."""

from __future__ import annotations

from core import model_choice
from core.catalog import ModelCatalog, ModelProfile
from core.categories import BY_ID, not_made, title
from core.model_choice import ModelChoice
from core.plans import Plan, PlanBook


def catalogue_items(
    choices: list[ModelChoice], catalog: ModelCatalog, plans: PlanBook, plan: Plan
) -> list[str]:
    """A heading per category that has a model (with the commands that use it), then its
    models, favourites first; when credits or plans are configured, each model's price ("free"
    when it has none) and the plans that allow it. Profiles of a category Lightbox cannot make
    are named last as not offered, never listed as if they worked."""
    priced = any(p.cost for p in catalog.profiles.values())
    items: list[str] = []
    for category in model_choice.categories(catalog):
        commands = BY_ID[category].commands
        items.append(f"{title(category)} — " + (", ".join(commands) or "no commands yet"))
        for choice in choices:
            if choice.profile.category == category:
                items.append(_line(choice, plans, plan, priced))
    for profile in model_choice.unmade(catalog):
        items.append(f"not offered: {profile.label} ({profile.id}): {not_made(profile.category)}")
    return items


def _line(choice: ModelChoice, plans: PlanBook, plan: Plan, priced: bool) -> str:
    profile = choice.profile
    line = ("★ " if choice.favorite else "") + _lock(plans, plan, profile) + profile.describe()
    if priced and not profile.cost:
        line += " · free"
    if plans.configured:
        able = [p.name for p in plans.allowing(profile)]
        line += " · on plans: " + (", ".join(able) or "none")
    return line


def _lock(plans: PlanBook, plan: Plan, profile: ModelProfile) -> str:
    """ "" for a model the plan includes, else "🔒 needs plan X or Y · "."""
    if plan.allows(profile):
        return ""
    able = [p.name for p in plans.allowing(profile)]
    return f"🔒 needs plan {' or '.join(able)} · " if able else "🔒 on no plan · "
