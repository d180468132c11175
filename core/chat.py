"""The card's refinement chat: stored messages, the assistant's context, checked prompt changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlmodel import Session, col, select

from core import refs, versions
from core.access import Role, require_role
from core.assistant.diff import prompt_diff
from core.assistant.guard import Checked, check, decode, encode
from core.assistant.types import Assistant, AssistantReply, ChatContext, Snapshot, Turn
from core.cards import refresh_status
from core.errors import BadInput
from core.models import Card, CardMessage, Direction, PromptRevision, Version
from core.models.base import row_id, utcnow
from core.projects import Context

MAX_MESSAGE = 2000
REVISIONS_SHOWN = 50  # the draft revisions the assistant may undo to
__all__ = ["Assistant", "AssistantReply", "ChatContext", "ChatResult", "EchoAssistant", "Turn"]


class EchoAssistant:
    """The placeholder assistant: repeats the draft so the chat loop works end to end."""

    def reply(self, context: ChatContext, history: list[Turn], message: str) -> AssistantReply:
        return AssistantReply(
            text=f'Noted. The prompt is still: "{context.prompt}". Edit it with /prompt <text>, '
            "then /new for a new version."
        )

    def complete(self, context: ChatContext, history: list[Turn]) -> AssistantReply:
        return AssistantReply(text="Generating the prompt as it is.", status="ready")


@dataclass
class ChatResult:
    """One exchange: the stored messages, the checked reply and what it changed in the draft."""

    said: CardMessage | None
    replied: CardMessage
    reply: Checked
    diff: str = ""
    negative_diff: str = ""
    changed: bool = False
    problems: list[str] = field(default_factory=list)


def context_for(
    session: Session,
    ctx: Context,
    card: Card,
    viewed: Version | None = None,
    direction: Direction | None = None,
    viewed_since: datetime | None = None,
    platform: str = "console",
) -> ChatContext:
    """What the assistant may read: draft, negative, the viewed version, refs, direction.

    Viewing an older version makes its prompt the base of the next edit, until the draft changes
    after the user opened that version (then the edits continue from the draft). A draft that no
    version holds (edited with /prompt since the last generation) is always the base: an edit
    never drops what the user typed.
    """
    found = versions.versions_of(session, card)
    shots = tuple(Snapshot(v.prompt, v.negative_prompt, number=v.number) for v in found)
    saved = any((v.prompt, v.negative_prompt) == (card.prompt, card.negative_prompt) for v in found)
    older = viewed is not None and bool(found) and viewed.id != found[-1].id and saved
    if older and viewed_since is not None:
        last = session.exec(
            select(PromptRevision.created_at)
            .where(PromptRevision.card_id == card.id)
            .order_by(col(PromptRevision.id).desc())
        ).first()
        older = last is None or _naive(last) <= _naive(viewed_since)
    base = viewed if older else None
    return ChatContext(
        prompt=card.prompt,
        negative_prompt=card.negative_prompt,
        stage="refine" if found else "ready",
        base_prompt=base.prompt if base else card.prompt,
        base_negative=base.negative_prompt if base else card.negative_prompt,
        viewed_number=viewed.number if viewed else None,
        viewed_prompt=viewed.prompt if viewed else None,
        refs=tuple(r.name for r in refs.list_refs(session, ctx)),
        direction=direction.name if direction else None,
        platform=platform,
        versions=shots,
        revisions=_revisions(session, card),
    )


def _revisions(session: Session, card: Card) -> tuple[Snapshot, ...]:
    """The latest draft revisions, oldest first."""
    rows = session.exec(
        select(PromptRevision)
        .where(PromptRevision.card_id == card.id)
        .order_by(col(PromptRevision.id).desc())
        .limit(REVISIONS_SHOWN)
    ).all()
    return tuple(Snapshot(r.prompt, r.negative_prompt, reason=r.reason) for r in reversed(rows))


def post(
    session: Session,
    ctx: Context,
    card: Card,
    text: str,
    assistant: Assistant,
    direction_id: int | None = None,
    context: ChatContext | None = None,
) -> ChatResult:
    """Store the user's message and the assistant's answer, in order; apply its checked proposal."""
    require_role(session, ctx.project, ctx.user, Role.editor)
    message = " ".join((text or "").split())
    if not message:
        raise BadInput("the message is empty")
    if len(text) > MAX_MESSAGE:
        raise BadInput(f"the message is {len(text)} characters long; at most {MAX_MESSAGE}")
    context = context or context_for(session, ctx, card)
    history = turns(session, card, direction_id)
    # Ask before writing anything: a slow LLM must not hold the database's write lock.
    answer = assistant.reply(context, history, message)
    said = _store(session, card, direction_id, "user", text, ctx.user.id)
    return _answer(session, ctx, card, direction_id, context, answer, said, message)


def complete(
    session: Session,
    ctx: Context,
    card: Card,
    assistant: Assistant,
    direction_id: int | None = None,
    context: ChatContext | None = None,
) -> ChatResult:
    """Generate was pressed: the assistant may finish the prompt first (checked like a reply)."""
    require_role(session, ctx.project, ctx.user, Role.editor)
    context = context or context_for(session, ctx, card)
    answer = assistant.complete(context, turns(session, card, direction_id))
    answer = AssistantReply(answer.text, [], answer.prompt, answer.negative_prompt, answer.status)
    return _answer(session, ctx, card, direction_id, context, answer, None, "")


def messages(session: Session, card: Card, direction_id: int | None = None) -> list[CardMessage]:
    """The conversation of a card (and direction), oldest first."""
    query = select(CardMessage).where(CardMessage.card_id == card.id)
    query = query.where(
        col(CardMessage.direction_id).is_(None)
        if direction_id is None
        else CardMessage.direction_id == direction_id
    )
    return list(session.exec(query.order_by(col(CardMessage.id))).all())


def turns(session: Session, card: Card, direction_id: int | None = None) -> list[Turn]:
    """The conversation as the assistant reads it: text and the suggestions each reply offered."""
    found = []
    for row in messages(session, card, direction_id):
        text, labels = decode(row.text) if row.role == "assistant" else (row.text, ())
        found.append(Turn(row.role, text, labels))
    return found


def pending(session: Session, card: Card, direction_id: int | None = None) -> tuple[str, ...]:
    """The suggestions of the last reply, if the user has not answered it yet."""
    found = turns(session, card, direction_id)
    return found[-1].suggestions if found and found[-1].role == "assistant" else ()


def _answer(
    session: Session,
    ctx: Context,
    card: Card,
    direction_id: int | None,
    context: ChatContext,
    answer: AssistantReply,
    said: CardMessage | None,
    message: str,
) -> ChatResult:
    checked = check(answer, context, message)
    replied = _store(
        session, card, direction_id, "assistant", encode(checked.text, checked.suggestions)
    )
    result = ChatResult(said, replied, checked, problems=list(checked.problems))
    if (checked.prompt, checked.negative_prompt) != (card.prompt, card.negative_prompt):
        # Always against the current draft: whatever an edit started from, this is what changes.
        result.diff = prompt_diff(context.prompt, checked.prompt)
        result.negative_diff = prompt_diff(context.negative_prompt, checked.negative_prompt)
        reason = "undo" if answer.undo else "refine"
        _revise(session, ctx, card, checked.prompt, checked.negative_prompt, reason)
        result.changed = True
    return result


def _naive(moment: datetime) -> datetime:
    """A naive UTC time, whether the database returned it aware or naive."""
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _store(
    session: Session,
    card: Card,
    direction_id: int | None,
    role: str,
    text: str,
    user_id: int | None = None,
) -> CardMessage:
    row = CardMessage(
        card_id=row_id(card),
        direction_id=direction_id,
        user_id=user_id,
        role=role,
        text=text,
    )
    session.add(row)
    session.flush()
    return row


def _revise(
    session: Session, ctx: Context, card: Card, prompt: str, negative: str, reason: str
) -> None:
    """The new draft, autosaved with a `refine` (or `undo`) revision so ↩ can always go back."""
    card.prompt, card.negative_prompt = prompt, negative
    card.updated_at = utcnow()
    session.add(card)
    refresh_status(session, card)
    session.add(
        PromptRevision(
            card_id=row_id(card),
            prompt=prompt,
            negative_prompt=negative,
            reason=reason,
            user_id=ctx.user.id,
        )
    )
    session.flush()
