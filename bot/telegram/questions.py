"""ForceReply questions for actions that ask first: the reply's text completes the press.

The question's last line carries the press (`⟨fork 42⟩`), so a reply completes it even after a
restart: nothing is kept in memory.
"""

from __future__ import annotations

import html
import re

from telegram import ForceReply

from bot.telegram.keyboards import Press
from bot.telegram.render import clip
from core.actions import ACTION_ID
from core.studio import Question

TAG = re.compile(rf"⟨({ACTION_ID}) ([1-9]\d{{0,17}})⟩\s*$")
PLACEHOLDER_LIMIT = 64
SHOWN_ROOM = 3600


def question_text(question: Question, asker_html: str) -> str:
    """The question (HTML, mentioning who pressed so `selective` reaches them), with the current
    value of the first field when core has one (✏️ Edit prompt: the draft in the database)."""
    asked = html.escape(f"{question.title}: reply with {question.question}.")
    lines = [f"{asker_html}, {asked}"]
    first = question.fields[0] if question.fields else None
    current = question.defaults.get(first.id, "") if first else ""
    if current:
        lines.append(f"now: <code>{_escaped(current)}</code>")
    lines.append(f"⟨{question.action} {question.target}⟩")
    return "\n".join(lines)


def _escaped(text: str, room: int = SHOWN_ROOM) -> str:
    """`text` HTML-escaped, clipped so the escaped form fits in `room` characters."""
    limit = room
    while len(shown := html.escape(clip(text, limit))) > room:
        limit //= 2
    return shown


def reply_markup(question: Question) -> ForceReply:
    first = question.fields[0] if question.fields else None
    hint = (first.placeholder or first.label) if first else question.title
    return ForceReply(selective=True, input_field_placeholder=hint[:PLACEHOLDER_LIMIT] or None)


def answered_press(question_text: str | None) -> Press | None:
    """The press a ForceReply question stands for (read back from the bot's own message)."""
    match = TAG.search(question_text or "")
    return Press(match.group(1), int(match.group(2))) if match else None
