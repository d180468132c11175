"""Studio actions for autocomplete: read-only, authorized, and never an error."""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session

from core import choices, library_choices
from core.access import Role, require_role
from core.errors import LightboxError
from core.identity import Actor, Place, known_user
from core.models import ChatBinding, Project, User
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

    def _in_project(
        self, actor: Actor, place: Place, typed: str, pick: Pick
    ) -> list[choices.Choice]:
        """`pick` in the chat's project if the actor is a member of it (read-only scope)."""
        try:
            with self._db.session() as session:
                user = _known_user(session, actor)
                binding = session.get(ChatBinding, (place.platform, place.chat_id))
                if user is None or binding is None:
                    return []
                project = session.get(Project, binding.project_id)
                if project is None:
                    return []
                require_role(session, project, user, Role.viewer)
                return pick(session, binding.project_id, typed)
        except LightboxError:
            return []


def _known_user(session: Session, actor: Actor) -> User | None:
    """The actor's user row if there is one (autocomplete never creates users)."""
    return known_user(session, actor)
