"""Studio actions on the model catalogue: /models and a user's favourite models."""

from __future__ import annotations

from sqlmodel import Session

from core import model_choice
from core.catalogue_view import catalogue_items
from core.choices import Choice
from core.identity import Actor, Place, ensure_user, known_user
from core.lora_choices import lora_picker, offered_profile
from core.models import ChatBinding, User
from core.plans import Plan
from core.studio_base import Outcome, StudioBase


class ModelActions(StudioBase):
    """The catalogue as a user sees it; no project is needed."""

    def list_models(self, actor: Actor, place: Place) -> Outcome:
        """Enabled models by category (core.catalogue_view) with what each supports, costs and
        which plans allow it, favourites first; a model the plan lacks is shown locked."""
        with self._db.session() as session:
            user = ensure_user(session, actor)
            plan = self._plan_here(session, user, actor, place)
            choices = model_choice.list_models(session, user, self.catalog)
        items = catalogue_items(choices, self.catalog, self.billing.plans, plan)
        return Outcome(
            f"models on your plan ({plan.name}) (default: {self.catalog.default}; "
            "★ your favourites, 🔒 needs another plan, "
            "/models fav <id> pins one, /models unfav <id> unpins):",
            items=items,
        )

    def _plan_here(self, session: Session, user: User, actor: Actor, place: Place) -> Plan:
        """The person's plan in this chat (its project's when one is selected; joins nothing)."""
        binding = session.get(ChatBinding, (place.platform, place.chat_id))
        project_id = binding.project_id if binding is not None else None
        return self.billing.plan_of(session, user, project_id, place, actor.roles)

    def favorite_model(self, actor: Actor, place: Place, model_id: str, on: bool) -> Outcome:
        """★ Pin (on) or unpin a model for the acting user."""
        change = model_choice.favorite if on else model_choice.unfavorite
        with self._db.session() as session:
            user = ensure_user(session, actor)
            return Outcome(change(session, user, self.catalog, model_id))

    def model_choices(
        self, actor: Actor, place: Place | None = None
    ) -> list[model_choice.ModelChoice]:
        """The enabled models in the acting user's order (for autocomplete; stores nothing);
        with `place`, only those the person's plan there allows."""
        with self._db.session() as session:
            user = known_user(session, actor)
            found = model_choice.list_models(session, user, self.catalog)
            if place is None:
                return found
            person = user or User(platform=actor.platform, platform_user_id=actor.user_id)
            plan = self._plan_here(session, person, actor, place)  # a stranger is not stored
            return [c for c in found if plan.allows(c.profile)]

    def lora_choices(self, model_id: str | None, typed: str) -> list[Choice]:
        """The LoRA styles of the model (the default when none is named) for a picker; what
        was typed before the last comma is kept ("ink:0.8, gr" offers "ink:0.8, grain")."""
        profile = offered_profile(self.catalog, model_id)
        return lora_picker(profile, typed) if profile else []
