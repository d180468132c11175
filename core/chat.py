"""The card's refinement chat: stored messages and the assistant port that answers them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from sqlmodel import Session, col, select

from core.access import Role, require_role
from core.errors import BadInput
from core.models import Card, CardMessage
from core.projects import Context

MAX_MESSAGE = 2000


@dataclass(frozen=True)
class AssistantReply:
    """What the assistant says, the buttons it offers and an optional new prompt."""

    text: str
    suggestions: list[str] = field(default_factory=list)
    prompt: str | None = None


class Assistant(Protocol):
    """Reads the card's context and a user message; returns text and suggestions only."""

    def reply(self, card: Card, history: list[CardMessage], message: str) -> AssistantReply: ...


class EchoAssistant:
    """The placeholder assistant: repeats the draft so the chat loop works end to end."""

    def reply(self, card: Card, history: list[CardMessage], message: str) -> AssistantReply:
        return AssistantReply(
            text=f'Noted. The prompt is still: "{card.prompt}". Edit it with /prompt <text>, '
            "then /new for a new version."
        )


def post(
    session: Session,
    ctx: Context,
    card: Card,
    text: str,
    assistant: Assistant,
    direction_id: int | None = None,
) -> tuple[CardMessage, CardMessage]:
    """Store the user's message and the assistant's answer, in order."""
    require_role(session, ctx.project, ctx.user, Role.editor)
    message = " ".join((text or "").split())
    if not message:
        raise BadInput("the message is empty")
    if len(text) > MAX_MESSAGE:
        raise BadInput(f"the message is {len(text)} characters long; at most {MAX_MESSAGE}")
    history = messages(session, card, direction_id)
    said = CardMessage(
        card_id=card.id,
        direction_id=direction_id,
        user_id=ctx.user.id,
        role="user",
        text=text,  # type: ignore[arg-type]
    )
    session.add(said)
    answer = assistant.reply(card, history, text)
    replied = CardMessage(
        card_id=card.id,
        direction_id=direction_id,
        role="assistant",
        text=answer.text,  # type: ignore[arg-type]
    )
    session.add(replied)
    session.flush()
    return said, replied


def messages(session: Session, card: Card, direction_id: int | None = None) -> list[CardMessage]:
    """The conversation of a card (and direction), oldest first."""
    query = select(CardMessage).where(CardMessage.card_id == card.id)
    query = query.where(
        col(CardMessage.direction_id).is_(None)
        if direction_id is None
        else CardMessage.direction_id == direction_id
    )
    return list(session.exec(query.order_by(col(CardMessage.id))).all())
