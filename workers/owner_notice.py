"""Tells a project's owners, once per chat and reason, that the bot lost access to a chat."""

from __future__ import annotations

import logging

from core.db import Database
from core.errors import LostAccess, RemoteError
from core.lost_chats import (
    Owner,
    mark_told,
    notice_text,
    owners_of,
    project_of_version,
    record_lost,
)
from core.models import Delivery
from core.ports import DeliverySink, PrivateSink
from core.threads import chat_of_thread

log = logging.getLogger(__name__)


class OwnerNotice:
    """Constructed with the database and the sinks this process posts through.

    The first process to record a lost chat (a row keyed by platform, chat and reason) sends
    the notice: privately to each owner through their platform's sink when this process has
    one, else to the log (the console of `lightbox run` / `lightbox worker`). How the owners
    were told is kept on the row, which `lightbox doctor` lists.
    """

    def __init__(self, db: Database, sinks: dict[str, DeliverySink]):
        self.db = db
        self.sinks = sinks

    def lost(self, delivery: Delivery, exc: LostAccess) -> bool:
        """Record the lost chat of `delivery`; tell the owners if nobody has. True if told now."""
        with self.db.session() as session:
            chat = chat_of_thread(session, delivery.platform, delivery.target)
            project = project_of_version(session, delivery.version_id)
            first = record_lost(
                session,
                platform=delivery.platform,
                chat_id=chat,
                reason=exc.reason,
                detail=str(exc),
                project_id=project.id if project else None,
            )
            owners = owners_of(session, project.id) if first and project and project.id else []
        if not first:
            return False
        text = notice_text(delivery.platform, chat, exc.reason, project.name if project else None)
        told = [how for owner in owners if (how := self._tell(owner, text))]
        if not told:
            log.warning("owner notice (no owner reachable in private): %s", text)
            told = ["log"]
        with self.db.session() as session:
            mark_told(session, delivery.platform, chat, exc.reason, ", ".join(told))
        return True

    def _tell(self, owner: Owner, text: str) -> str | None:
        """A private message to one owner; how they were told, or None when not reachable."""
        sink = self.sinks.get(owner.platform)
        if not isinstance(sink, PrivateSink):
            return None
        try:
            sink.tell(owner.platform_user_id, text)
        except RemoteError as exc:
            log.warning(
                "could not tell %s user %s in private: %s",
                owner.platform,
                owner.platform_user_id,
                type(exc).__name__,
            )
            return None
        return f"{owner.platform} private message to user {owner.platform_user_id}"
