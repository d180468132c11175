"""Studio actions on the production design: show, set, and Save as Design Default."""

from __future__ import annotations

from core import design
from core.access import Role
from core.identity import Actor, Place
from core.prompt_params import PromptParams
from core.studio_base import Outcome, StudioBase


class DesignActions(StudioBase):
    """/design: what new cards and portraits start from."""

    def show_design(self, actor: Actor, place: Place) -> Outcome:
        with self.scope(actor, place) as s:
            found = design.design_of(s.session, s.ctx.project.id or 0)
            lines = design.describe(found, self.catalog)
            return Outcome(f'production design of "{s.ctx.project.name}":', items=lines)

    def set_design(
        self,
        actor: Actor,
        place: Place,
        params: PromptParams | None = None,
        *,
        style: str | None = None,
    ) -> Outcome:
        """Editors change the design; new cards and character portraits start from it."""
        with self.scope(actor, place, Role.editor) as s:
            found = design.set_design(s.session, s.ctx, self.catalog, params, style=style)
            lines = design.describe(found, self.catalog)
            return Outcome("🎨 design updated; new cards and portraits start from it:", items=lines)

    def save_design_default(
        self, actor: Actor, place: Place, version_id: int | None = None
    ) -> Outcome:
        """🎨 Save as Design Default: the version's seed, negative prompt and style."""
        with self.scope(actor, place, Role.editor) as s:
            _card, version = self.focused_version(s, version_id)
            found = design.save_from_version(s.session, s.ctx, version)
            lines = design.describe(found, self.catalog)
            return Outcome(
                f"🎨 v{version.number}'s seed {version.seed}, negative prompt and style are the "
                "design default now; new cards and portraits start from them",
                items=lines,
            )
