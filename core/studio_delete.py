"""Studio actions on deleting: /delete <archive #> asks first, then deletes and reclaims files."""

from __future__ import annotations

import logging

from core import deletion
from core.access import Role
from core.errors import BadInput
from core.identity import Actor, Place
from core.names import is_number, parse_number
from core.storage import referenced_images
from core.studio_base import Outcome, StudioBase

log = logging.getLogger(__name__)
CONFIRM = "confirm"
RECLAIM_AFTER = 60.0
"""A file someone stored again in the last minute is left to the periodic sweep."""


class DeleteActions(StudioBase):
    """/delete <#> [confirm]: archived items (numbers from /archive list) go for good."""

    def delete_archived(
        self, actor: Actor, place: Place, number: str, confirmed: bool = False
    ) -> Outcome:
        key = number.strip().lstrip("#")
        if not is_number(key):
            raise BadInput(
                "name what to delete by its archive number, e.g. /delete 3 "
                "(archive it first; /archive list shows the numbers)"
            )
        with self.scope(actor, place, Role.editor) as s:
            row = deletion.archived_item(s.session, s.ctx, parse_number(key, what="archived item"))
            if not confirmed:
                return Outcome(
                    f"🗑 this deletes {row.label} for good: its images, prompts and chat posts "
                    f"go and cannot be brought back. Confirm with /delete {row.id} {CONFIRM}"
                )
            done = deletion.delete_archived(s.session, s.ctx, row)
        reclaimed = self._reclaim(done.shas)
        return Outcome(f"🗑 deleted {done.label}; {reclaimed} stored file(s) reclaimed")

    def _reclaim(self, shas: set[str]) -> int:
        """Remove the files the delete let go that nothing else references (after commit)."""
        if not shas:
            return 0
        with self._db.session() as session:
            referenced = referenced_images(session)
        removed = self.storage.collect_orphans(referenced, older_than=RECLAIM_AFTER, only=shas)
        return len(removed)
