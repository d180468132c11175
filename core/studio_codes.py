"""Studio actions on codes: /project invite and join, /link across platforms."""

from __future__ import annotations

from core import codes
from core.access import Role
from core.identity import Actor, Place
from core.studio_base import Outcome, StudioBase


class CodeActions(StudioBase):
    """One project across Discord and Telegram: invites bind chats, links join accounts."""

    def project_invite(self, actor: Actor, place: Place, role: str = "editor") -> Outcome:
        """Owners: a code that binds another chat or channel (either platform) to this project."""
        chosen = Role.parse(role or "editor")
        with self.scope(actor, place, Role.owner) as s:
            code = codes.new_invite(s.session, s.ctx, chosen)
            return Outcome(
                f'🎟 invite code {code.code} for "{s.ctx.project.name}": enter '
                f"/project join {code.code} in the other chat or channel (Discord or Telegram) "
                f"within 2 days; people who join there become {chosen.name}s. It works once."
            )

    def project_join(self, actor: Actor, place: Place, code: str) -> Outcome:
        with self._db.session() as session:
            project, role = codes.use_invite(session, actor, place, code)
            return Outcome(
                f'this chat now works in project "{project.name}"; people joining here are '
                f"{role.name}s"
            )

    def link_code(self, actor: Actor, place: Place) -> Outcome:
        with self._db.session() as session:
            code = codes.new_link(session, actor)
            return Outcome(
                f"🔗 link code {code.code}: send /link {code.code} to Lightbox on your other "
                "platform within 15 minutes; both accounts are then one person (one set of roles "
                "and favourites). It works once."
            )

    def link_account(self, actor: Actor, place: Place, code: str) -> Outcome:
        with self._db.session() as session:
            person = codes.use_link(session, actor, place, code)
            who = person.display_name or person.platform_user_id
            return Outcome(
                f"🔗 linked: this {actor.platform} account acts as {who} ({person.platform}) now"
            )
