"""Reactions on version messages: 👍 approves, 👎 rejects, ❤ favorites (same rules as buttons)."""

from __future__ import annotations

from telegram import ReplyParameters, Update
from telegram.ext import ContextTypes

from bot.telegram import render
from bot.telegram.base import AdapterBase
from bot.telegram.context import actor_of, chat_place
from core.errors import LightboxError

REACTIONS = {"👍": "approve", "👎": "reject", "❤": "favorite", "❤️": "favorite"}


class ReactionHandlers(AdapterBase):
    """message_reaction updates (sent to bots that administer the group)."""

    async def on_reaction(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """👍 approves, 👎 rejects, ❤ favorites (removing ❤ unfavorites) a version message."""
        reaction = update.message_reaction
        if reaction is None or reaction.user is None:
            return
        old = {getattr(r, "emoji", None) for r in reaction.old_reaction}
        new = {getattr(r, "emoji", None) for r in reaction.new_reaction}
        steps = [(REACTIONS[e], True) for e in new - old if e in REACTIONS]
        steps += [(REACTIONS[e], False) for e in old - new if e in REACTIONS]
        if not steps:
            return
        chat = reaction.chat
        version_id = await self.run(self.places.version_of_message, chat.id, reaction.message_id)
        if version_id is None:
            return
        actor = actor_of(
            reaction.user, await self.admins.is_admin(context.bot, chat, reaction.user)
        )
        thread = await self.run(self.places.thread_of_version, chat.id, version_id)
        place = chat_place(chat, thread)
        outcome = None
        for action, added in steps:
            try:
                reacted = await self.run(self.studio.react, actor, place, version_id, action, added)
                outcome = reacted or outcome
            except LightboxError as exc:
                await context.bot.send_message(
                    chat.id,
                    render.problem(str(exc)),
                    reply_parameters=ReplyParameters(
                        reaction.message_id, allow_sending_without_reply=True
                    ),
                )
                return
        if outcome is not None and outcome.versions:
            view = outcome.versions[0]
            await self.refresh_version(context.bot, chat.id, reaction.message_id, view, None)
