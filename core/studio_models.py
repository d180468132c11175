"""Studio actions on the model catalogue: /models and a user's favourite models."""

from __future__ import annotations

from core import model_choice
from core.identity import Actor, Place, ensure_user, known_user
from core.studio_base import Outcome, StudioBase


class ModelActions(StudioBase):
    """The catalogue as a user sees it; no project is needed."""

    def list_models(self, actor: Actor, place: Place) -> Outcome:
        """Enabled models by category with what each supports and costs, favourites first."""
        with self._db.session() as session:
            user = ensure_user(session, actor)
            choices = model_choice.list_models(session, user, self.catalog)
        items = [("★ " if c.favorite else "") + c.profile.describe() for c in choices]
        return Outcome(
            f"models (default: {self.catalog.default}; ★ your favourites, "
            "/models fav <id> pins one, /models unfav <id> unpins):",
            items=items,
        )

    def favorite_model(self, actor: Actor, place: Place, model_id: str, on: bool) -> Outcome:
        """★ Pin (on) or unpin a model for the acting user."""
        change = model_choice.favorite if on else model_choice.unfavorite
        with self._db.session() as session:
            user = ensure_user(session, actor)
            return Outcome(change(session, user, self.catalog, model_id))

    def model_choices(self, actor: Actor) -> list[model_choice.ModelChoice]:
        """The enabled models in the acting user's order (for autocomplete; stores nothing)."""
        with self._db.session() as session:
            user = known_user(session, actor)
            return model_choice.list_models(session, user, self.catalog)
