"""Undo in chat: "undo", "go back to v2", "put the hat back", from stored drafts and versions."""

from __future__ import annotations

import re

from core.assistant.controls import control
from core.assistant.draft import Draft, bare
from core.assistant.facets import phrases, word_pattern, words_of
from core.assistant.types import AssistantReply, ChatContext, Snapshot

_VERSION = re.compile(r"\b(?:v|version\s*)(\d+)\b", re.IGNORECASE)
_PUT_BACK = re.compile(
    r"(?:put|bring)\s+(?:back\s+)?(?P<a>.+?)\s+back\b|bring\s+back\s+(?P<b>.+)", re.IGNORECASE
)


def undo_reply(context: ChatContext, text: str) -> AssistantReply:
    """The reply to an undo-like message; proposes a stored state or one phrase back."""
    number = _VERSION.search(text)
    if number:
        return _to_version(context, int(number.group(1)))
    put_back = _PUT_BACK.search(text)
    if put_back:
        return _put_back(context, bare(put_back["a"] or put_back["b"]))
    target = previous(context.revisions)
    if target is None or (target.prompt, target.negative_prompt) == (
        context.prompt,
        context.negative_prompt,
    ):
        return AssistantReply("There is no earlier draft to go back to; nothing changed.")
    return AssistantReply(
        "Undone: the draft is back to how it was before the last change (undo again to go "
        "further back).",
        prompt=target.prompt,
        negative_prompt=target.negative_prompt,
        status="refined",
        undo=True,
    )


def previous(revisions: tuple[Snapshot, ...]) -> Snapshot | None:
    """The draft before the current one, skipping the states earlier undos already left."""
    stack: list[Snapshot] = []
    for revision in revisions:
        if revision.reason == "undo":
            if len(stack) > 1:
                stack.pop()
        else:
            stack.append(revision)
    return stack[-2] if len(stack) >= 2 else None


def _within(part: str, phrase: str) -> bool:
    """Whether every word of `part` is in `phrase` ("a man" within "a man wearing a hat")."""
    return set(words_of(part)) <= set(words_of(phrase))


def _to_version(context: ChatContext, number: int) -> AssistantReply:
    found = next((v for v in context.versions if v.number == number), None)
    if found is None:
        known = ", ".join(f"v{v.number}" for v in context.versions) or "none yet"
        return AssistantReply(f"There is no v{number} (versions: {known}); nothing changed.")
    if (found.prompt, found.negative_prompt) == (context.prompt, context.negative_prompt):
        return AssistantReply(f"The draft already is v{number}'s prompt; nothing changed.")
    return AssistantReply(
        f"The draft is back to v{number}'s prompt (the same as "
        f"{control(context.platform, 'restore', str(number))}).",
        prompt=found.prompt,
        negative_prompt=found.negative_prompt,
        status="refined",
    )


def _put_back(context: ChatContext, thing: str) -> AssistantReply:
    pattern = word_pattern(thing)
    current = phrases(context.prompt)
    for snapshot in reversed((*context.versions, *context.revisions)):
        for phrase in phrases(snapshot.prompt):
            if pattern.search(phrase) and phrase not in current:
                draft = Draft(context.prompt, context.negative_prompt)
                draft.negative = [n for n in draft.negative if not pattern.search(n)]
                inside = [i for i, p in enumerate(draft.parts) if _within(p, phrase)]
                if inside:  # "a man" was "a man wearing a hat": the phrase returns whole
                    draft.parts[inside[0]] = phrase
                else:
                    draft.parts.append(phrase)
                return AssistantReply(
                    f"Put “{phrase}” back.",
                    prompt=draft.prompt,
                    negative_prompt=draft.negative_prompt,
                    status="refined",
                )
    if pattern.search(context.prompt):
        return AssistantReply(f"“{thing}” is already in the prompt; nothing changed.")
    return AssistantReply(f"I can't find “{thing}” in earlier drafts; nothing changed.")
