"""Studio actions for autocomplete: read-only, authorized, and never an error."""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session

from core import choices, library_choices, threads
from core.access import Role, require_role
from core.errors import LightboxError
from core.focus import get_focus
from core.identity import Actor, Place, known_user
from core.lora_choices import lora_picker, offered_profile
from core.models import Card, ChatBinding, Project, User
from core.studio_base import StudioBase

Pick = Callable[[Session, int, str], list[choices.Choice]]


class ChoiceActions(StudioBase):
    """Choices for a keystroke: one short query, nothing stored, [] when not allowed."""

    def project_choices(self, actor: Actor, typed: str) -> list[choices.Choice]:
        """The acting user's projects (for /project use)."""
        try:
            with self._db.session() as session:
                user = _known_user(session, actor)
                return choices.project_choices(session, user, typed) if user else []
        except LightboxError:
            return []

    def card_choices(self, actor: Actor, place: Place, typed: str) -> list[choices.Choice]:
        """The cards of this chat's project, newest first (for /open)."""
        return self._in_project(actor, place, typed, choices.card_choices)

    def ref_choices(self, actor: Actor, place: Place, typed: str) -> list[choices.Choice]:
        """The refs of this chat's project, in order (for /ref remove and reorder)."""
        return self._in_project(actor, place, typed, choices.ref_choices)

    def scene_choices(self, actor: Actor, place: Place, typed: str) -> list[choices.Choice]:
        """The scenes of this chat's project (for /scene and --scene)."""
        return self._in_project(actor, place, typed, library_choices.scene_choices)

    def character_choices(self, actor: Actor, place: Place, typed: str) -> list[choices.Choice]:
        """The characters of this chat's project (for /character and --with)."""
        return self._in_project(actor, place, typed, library_choices.character_choices)

    def element_choices(self, actor: Actor, place: Place, typed: str) -> list[choices.Choice]:
        """The worldbuilding elements of this chat's project (for /element and --with)."""
        return self._in_project(actor, place, typed, library_choices.element_choices)

    def card_lora_choices(
        self, actor: Actor, place: Place, model_id: str | None, typed: str
    ) -> list[choices.Choice]:
        """The LoRA styles for /new, /generate and /lora: those of the model typed in the
        command, else of the card it acts on here, else of the default model."""
        card_model = None if model_id else self._card_model_here(actor, place)
        profile = offered_profile(self.catalog, model_id, card_model)
        return lora_picker(profile, typed) if profile else []

    def _card_model_here(self, actor: Actor, place: Place) -> str | None:
        """The model of the card a card command here acts on: this thread's card, else the one
        the person opened in this chat; None when there is none they may see (read-only)."""
        try:
            with self._db.session() as session:
                seen = _project_seen(session, actor, place)
                if seen is None:
                    return None
                user, project_id = seen
                card = None
                if place.thread_id:
                    card = threads.card_in_thread(session, place.platform, place.thread_id)
                if card is None:
                    focus = get_focus(session, place, user)
                    card = session.get(Card, focus.card_id) if focus.card_id else None
                return card.model if card is not None and card.project_id == project_id else None
        except LightboxError:
            return None

    def _in_project(
        self, actor: Actor, place: Place, typed: str, pick: Pick
    ) -> list[choices.Choice]:
        """`pick` in the chat's project if the actor is a member of it (read-only scope)."""
        try:
            with self._db.session() as session:
                seen = _project_seen(session, actor, place)
                return pick(session, seen[1], typed) if seen else []
        except LightboxError:
            return []


def _project_seen(session: Session, actor: Actor, place: Place) -> tuple[User, int] | None:
    """The actor's user and the chat's project id when they may view it (None: no user, no
    project selected); a refusal of the role raises."""
    user = _known_user(session, actor)
    binding = session.get(ChatBinding, (place.platform, place.chat_id))
    if user is None or binding is None:
        return None
    project = session.get(Project, binding.project_id)
    if project is None:
        return None
    require_role(session, project, user, Role.viewer)
    return user, binding.project_id


def _known_user(session: Session, actor: Actor) -> User | None:
    """The actor's user row if there is one (autocomplete never creates users)."""
    return known_user(session, actor)
