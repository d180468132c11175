"""The rules every proposed edit keeps, whichever assistant made it: the draft is the user's."""

from __future__ import annotations

import re

from core.assistant.draft import COLOUR_WORDS, SIZES
from core.assistant.facets import (
    FILLER_WORDS,
    SETTING,
    TIME_EXPRESSION,
    facet_of,
    mentions,
    phrases,
    words_of,
)
from core.assistant.intents import ASKS_ONLY, INSTRUCTION_VERBS, describes, kind_of
from core.assistant.syntax import balanced, grouped
from core.assistant.types import ChatContext

LINK_WORDS = frozenset(
    "wearing holding carrying plus his her its their some is are it this that these those "
    "while who which near next".split()
)
CHAT_WORDS = frozenset(
    "i i'm me my you your we us please thanks thank sure help idea everything anything "
    "something start over exactly what why how ignore instructions previous system lol "
    "hello hi ok okay maybe prompt draft version versions card settings image picture".split()
)
_SETTING_CHANGE = re.compile(
    r"\b(?:move|set|place|put|take|relocate|transport)\b.*\b(?:in|on|at|to|into)\b|"
    r"\binstead\b|\bsetting\b|\bbackground\b|\blocation\b",
    re.IGNORECASE,
)
CHAT_IN_PROMPT = frozenset(
    "i i'm me my you your please thanks thank lol help sure hmm idk ok okay".split()
)
MAX_NEGATIVE_WORDS = 6
CHANGES_NOTHING = ("thanks", "chat", "restart", "injection", "settings", "question")


def named(word: str, message: str) -> bool:
    """Whether the message names `word` (ignoring a plural s)."""
    said = {_stem(w) for w in words_of(message)}
    return _stem(word) in said


def violations(context: ChatContext, message: str, prompt: str, negative: str) -> list[str]:
    """What the proposal (prompt, negative) breaks; empty when it may be applied."""
    found: list[str] = []
    start, start_negative = context.start, context.start_negative
    if (prompt, negative) == (context.prompt, context.negative_prompt):
        return found
    nothing = kind_of(message) in CHANGES_NOTHING or ASKS_ONLY.search(message.strip())
    if nothing and not _stored(context, prompt, negative):
        return ["a chat message, question or setting request cannot change the prompt"]
    if "(note:" in prompt.lower():
        found.append("the prompt would contain a chat note")
    as_written = message.lower().startswith("add as written:")
    for phrase in phrases(prompt):
        said = words_of(phrase)
        if phrase in start or as_written:
            continue
        pasted = said == words_of(message) and facet_of(phrase) is None
        if context.stage == "refine" and pasted:
            found.append(f"“{phrase}” is your message pasted in, not an edit")
        elif said and said[0] in INSTRUCTION_VERBS:
            found.append(f"“{phrase}” is an instruction, not part of the image")
        elif "?" in phrase or set(said) & CHAT_IN_PROMPT or not re.search(r"[^\W\d_]", phrase):
            found.append(f"“{phrase}” is chat, not part of the image")
        elif phrase.startswith("-") or phrase.endswith("-"):
            found.append(f"“{phrase}” is a broken fragment")
    if balanced(start) and not balanced(prompt):
        found.append("the brackets of the prompt would no longer be balanced")
    if _stored(context, prompt, negative):
        return found
    bases = [start]
    if context.prompt != start and not context.draft_saved:
        bases.append(context.prompt)  # the edited draft is not in any version: keep it
    for base in bases:
        for group in (p for p in phrases(base) if grouped(p)):
            if group not in prompt and not any(named(w, message) for w in words_of(group)):
                found.append(f"the bracketed phrase “{group}” would change")
        lost = lost_words(base, prompt, message)
        if lost:
            found.append("it would drop “" + "”, “".join(lost) + "”, which you did not ask for")
    found += _negative_problems(start_negative, negative, message)
    return found


def lost_words(base: str, proposed: str, message: str) -> list[str]:
    """The user's words of `base` missing from `proposed` that the message does not name."""
    kept = {_stem(w) for w in words_of(proposed)}
    moving = bool(_SETTING_CHANGE.search(message))
    lost: list[str] = []
    for phrase in phrases(base):
        if facet_of(phrase) is not None:
            continue
        if moving and mentions(phrase, SETTING.words):
            continue
        phrase_named = any(named(w, message) for w in words_of(phrase))
        for word in words_of(TIME_EXPRESSION.sub(" ", phrase)):
            if word in FILLER_WORDS or word in LINK_WORDS or _stem(word) in kept:
                continue
            if word.isdigit() or (phrase_named and grouped(phrase)):
                continue
            if named(word, message) or word in lost:
                continue
            if phrase_named and (word in COLOUR_WORDS or word in SIZES):
                continue
            lost.append(word)
    return lost


def _negative_problems(before: str, after: str, message: str) -> list[str]:
    found: list[str] = []
    old, new = phrases(before), phrases(after)
    lost = [p for p in old if p not in new and not any(named(w, message) for w in words_of(p))]
    if lost and not new:
        return ["the negative prompt would be emptied"]
    found += [f"the negative prompt would lose “{phrase}”" for phrase in lost]
    for phrase in new:
        if phrase in old:
            continue
        said = words_of(phrase)
        if (
            len(said) > MAX_NEGATIVE_WORDS
            or "?" in phrase
            or set(said) & CHAT_WORDS
            or (said and said[0] in INSTRUCTION_VERBS)
            or not describes(phrase)
        ):
            found.append(f"“{phrase}” is not something to keep out of the image")
    return found


def _stored(context: ChatContext, prompt: str, negative: str) -> bool:
    """The proposal is a stored version or draft revision (undo / go back): nothing is lost."""
    return any(
        (s.prompt, s.negative_prompt) == (prompt, negative)
        for s in (*context.versions, *context.revisions)
    )


def _stem(word: str) -> str:
    word = word.lower().strip("'")
    for suffix in ("'s", "es", "s"):
        if len(word) > 3 + len(suffix) - 1 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word
