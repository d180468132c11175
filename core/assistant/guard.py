"""Core's check of whatever an assistant proposes: only clean text, labels and prompts pass."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.assistant.invariants import violations
from core.assistant.syntax import without_flags
from core.assistant.types import AssistantReply, ChatContext
from core.prompt_params import MAX_PROMPT_CHARS

MAX_TEXT = 1500
MAX_SUGGESTIONS = 4
MAX_LABEL = 80
MAX_NEGATIVE = 1000  # the negative_prompt column
_LABEL_LINE = re.compile(r"^\[\d+\] .*$", re.MULTILINE)
# A label that looks like a command or a link is never offered as a button.
_COMMAND = re.compile(r"^\s*[/!.]\w|(?<!\S)(?:--|\u2014)\w|https?://|\b(?:www\.|discord\.gg)")


@dataclass(frozen=True)
class Checked:
    """A reply that passed core's checks, and what was refused and why."""

    text: str
    suggestions: list[str]
    prompt: str
    negative_prompt: str
    problems: list[str] = field(default_factory=list)


def clean_prompt(text: str) -> str:
    """One line, no --flags (nor their values): settings never come from the assistant."""
    return without_flags(text)[0]


def clean_label(text: str) -> str:
    label = " ".join(text.split())
    if len(label) > MAX_LABEL:
        label = label[: MAX_LABEL - 1].rsplit(" ", 1)[0] + "…"
    return label


def check(reply: AssistantReply, context: ChatContext, message: str = "") -> Checked:
    """The proposal as core accepts it; a refused part keeps the card's current value.

    Beyond shape and size, the proposal must keep the invariants of `invariants.violations`
    (the user's words, brackets, the negative prompt) for the user's `message`.
    """
    problems: list[str] = []
    prompt, negative = context.prompt, context.negative_prompt
    if reply.prompt is not None:
        proposed = clean_prompt(reply.prompt)
        if not proposed:
            problems.append("the proposed prompt was empty, so the draft is unchanged")
        elif len(proposed) > MAX_PROMPT_CHARS:
            problems.append(
                f"the proposed prompt had {len(proposed)} characters (limit {MAX_PROMPT_CHARS}), "
                "so the draft is unchanged"
            )
        else:
            prompt = proposed
    if reply.negative_prompt is not None:
        proposed = clean_prompt(reply.negative_prompt)
        if len(proposed) > MAX_NEGATIVE:
            problems.append(
                f"the proposed negative prompt had {len(proposed)} characters "
                f"(limit {MAX_NEGATIVE}), so it is unchanged"
            )
        else:
            negative = proposed
    text = _LABEL_LINE.sub("", reply.text).strip()[:MAX_TEXT] or "…"
    broken = violations(context, message, prompt, negative)
    if broken:
        problems += [f"{problem}, so the draft is unchanged" for problem in broken]
        prompt, negative = context.prompt, context.negative_prompt
        text = "I did not change the draft."
    labels: list[str] = []
    for suggestion in reply.suggestions:
        label = clean_label(suggestion)
        if _COMMAND.search(label):
            continue
        if label and label.casefold() not in {seen.casefold() for seen in labels}:
            labels.append(label)
    return Checked(text, labels[:MAX_SUGGESTIONS], prompt, negative, problems)


def encode(text: str, suggestions: list[str]) -> str:
    """The stored assistant message: its text, then one `[n] label` line per suggestion."""
    return text + "".join(f"\n[{n}] {label}" for n, label in enumerate(suggestions, 1))


def decode(stored: str) -> tuple[str, tuple[str, ...]]:
    """(text, suggestions) of a stored assistant message."""
    lines = stored.split("\n")
    labels: list[str] = []
    while lines and _LABEL_LINE.fullmatch(lines[-1]):
        labels.insert(0, lines.pop().split("] ", 1)[1])
    return "\n".join(lines), tuple(labels)
