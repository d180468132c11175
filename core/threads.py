"""Where cards live on platforms: thread bindings and lookups from a thread or a posted message."""

from __future__ import annotations

from sqlmodel import Session, col, or_, select

from core.models import (
    Card,
    CardThread,
    ChatBinding,
    Delivery,
    Focus,
    PostedMessage,
    Project,
    Version,
)


def card_in_thread(session: Session, platform: str, target: str) -> Card | None:
    """The card whose thread (or topic) this is."""
    thread = session.exec(
        select(CardThread).where(CardThread.platform == platform, CardThread.target == target)
    ).first()
    return session.get(Card, thread.card_id) if thread else None


def version_for_message(session: Session, platform: str, message_id: str) -> Version | None:
    """The version a posted platform message shows (replies and reactions point at messages)."""
    delivery = session.exec(
        select(Delivery)
        .where(Delivery.platform == platform, Delivery.message_id == message_id)
        .order_by(col(Delivery.id).desc())
    ).first()
    return session.get(Version, delivery.version_id) if delivery else None


def card_of_version(session: Session, version_id: int) -> int | None:
    """The card id of a version (None for an unknown id)."""
    version = session.get(Version, version_id) if 0 < version_id < 2**31 else None
    return version.card_id if version else None


def card_for_message(session: Session, platform: str, message_id: str) -> Card | None:
    """The card a message belongs to: a version message or a card header."""
    version = version_for_message(session, platform, message_id)
    if version is not None:
        return session.get(Card, version.card_id)
    thread = session.exec(
        select(CardThread).where(
            CardThread.platform == platform, CardThread.header_message_id == message_id
        )
    ).first()
    if thread is not None:
        return session.get(Card, thread.card_id)
    posted = session.get(PostedMessage, (platform, message_id))
    return session.get(Card, posted.card_id) if posted else None


def note_messages(session: Session, card_id: int, platform: str, message_ids: list[str]) -> None:
    """Remember bot replies as the card's, so replying to them keeps the card's context."""
    for message_id in message_ids:
        if session.get(PostedMessage, (platform, message_id)) is None:
            session.add(PostedMessage(platform=platform, message_id=message_id, card_id=card_id))
    session.flush()


def bind_thread(
    session: Session,
    card: Card,
    platform: str,
    target: str,
    *,
    header_message_id: str | None = None,
    replace: bool = True,
    chat_id: str | None = None,
) -> CardThread:
    """Make `target` the card's thread on `platform` (replacing the chat it was created in).

    `chat_id` is the chat (channel) the thread is in; by default the key's chat part, right
    for Telegram keys and plain channels but not for a Discord thread, whose id is its own."""
    existing = session.exec(
        select(CardThread).where(CardThread.card_id == card.id, CardThread.platform == platform)
    ).all()
    for thread in existing:
        if thread.target != target and replace:
            session.delete(thread)
    session.flush()
    assert card.id is not None
    found = session.get(CardThread, (card.id, platform, target))
    thread = found or CardThread(card_id=card.id, platform=platform, target=target)
    if header_message_id is not None:
        thread.header_message_id = header_message_id
    thread.chat_id = chat_id or thread.chat_id or chat_of(target)
    session.add(thread)
    session.flush()
    return thread


def thread_of_card(session: Session, card_id: int, platform: str, chat_id: str) -> str | None:
    """The card's thread key on `platform` inside chat `chat_id`: the thread recorded in that
    chat (a Discord thread of the channel), else one whose key starts with the chat id."""
    rows = session.exec(
        select(CardThread.target, CardThread.chat_id).where(
            CardThread.card_id == card_id, CardThread.platform == platform
        )
    ).all()
    for target, chat in rows:
        if chat == chat_id or target == chat_id or target.startswith(f"{chat_id}:"):
            return target
    return None


def chat_of(target: str) -> str:
    """The chat a thread key lives in (keys are `<chat id>` or `<chat id>:<place in it>`)."""
    return target.split(":", 1)[0]


def rekeyed(target: str, old_chat: str, new_chat: str) -> str:
    return new_chat + target[len(old_chat) :] if chat_of(target) == old_chat else target


def move_chat(session: Session, platform: str, old_chat: str, new_chat: str) -> int:
    """A chat got a new id (a Telegram group became a supergroup): move its project binding,
    card threads, people's open cards, unfinished deliveries and showcase there. Returns the
    rows changed."""
    changed = 0
    in_old = or_(
        col(CardThread.target) == old_chat, col(CardThread.target).startswith(f"{old_chat}:")
    )
    for thread in session.exec(
        select(CardThread).where(CardThread.platform == platform, in_old)
    ).all():
        target = rekeyed(thread.target, old_chat, new_chat)
        if session.get(CardThread, (thread.card_id, platform, target)) is None:
            session.add(
                CardThread(
                    card_id=thread.card_id,
                    platform=platform,
                    target=target,
                    header_message_id=thread.header_message_id,
                    created_at=thread.created_at,
                    chat_id=rekeyed(thread.chat_id or old_chat, old_chat, new_chat),
                )
            )
        session.delete(thread)
        changed += 1
    binding = session.get(ChatBinding, (platform, old_chat))
    if binding is not None:
        if session.get(ChatBinding, (platform, new_chat)) is None:
            session.add(
                ChatBinding(platform=platform, chat_id=new_chat, project_id=binding.project_id)
            )
        session.delete(binding)
        changed += 1
    for focus in session.exec(select(Focus).where(Focus.platform == platform)).all():
        if chat_of(focus.chat_id) != old_chat:
            continue
        key = (platform, rekeyed(focus.chat_id, old_chat, new_chat), focus.user_id)
        if session.get(Focus, key) is None:
            moved = Focus(**{**focus.model_dump(), "chat_id": key[1]})
            session.add(moved)
        session.delete(focus)
        changed += 1
    session.flush()
    unfinished = session.exec(
        select(Delivery).where(
            Delivery.platform == platform, col(Delivery.state).in_(("pending", "sending"))
        )
    ).all()
    for delivery in unfinished:
        if chat_of(delivery.target) == old_chat:
            delivery.target = rekeyed(delivery.target, old_chat, new_chat)
            session.add(delivery)
            changed += 1
    for project in session.exec(select(Project).where(Project.showcase_platform == platform)):
        if project.showcase_target and chat_of(project.showcase_target) == old_chat:
            project.showcase_target = rekeyed(project.showcase_target, old_chat, new_chat)
            session.add(project)
            changed += 1
    session.flush()
    return changed


def chat_of_thread(session: Session, platform: str, target: str) -> str:
    """The chat a delivery target is in: a card thread's recorded chat (a Discord thread's
    channel), else the key's own chat part (Telegram keys, showcase channels)."""
    recorded = session.exec(
        select(CardThread.chat_id).where(
            CardThread.platform == platform, CardThread.target == target
        )
    ).first()
    return recorded or chat_of(target)
