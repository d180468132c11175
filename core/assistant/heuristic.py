"""The offline assistant: asks what an idea needs, applies common edits, else changes nothing."""

from __future__ import annotations

import re
from dataclasses import replace

from core.assistant.controls import control
from core.assistant.draft import Draft
from core.assistant.edits import EditResult, apply_instructions
from core.assistant.facets import words_of
from core.assistant.ideas import defaults, kind_of_idea, open_questions
from core.assistant.intents import QUESTION, kind_of
from core.assistant.invariants import CHAT_WORDS, violations
from core.assistant.languages import HONEST, foreign, translate
from core.assistant.replies import (
    AS_WRITTEN,
    answer_question,
    for_kind,
    next_step,
    not_understood,
)
from core.assistant.syntax import without_flags
from core.assistant.types import AssistantReply, ChatContext, Turn, pending_suggestions
from core.assistant.typos import corrected
from core.assistant.undo import undo_reply

_META = re.compile(
    r"^(?:help|hi|hello|hey|ideas?|suggest\w*|what|how|which|any|is it|ready|thoughts|not sure)\b"
    r"|\?$",
    re.IGNORECASE,
)
MAX_IDEA_WORDS = 12


class HeuristicAssistant:
    """Deterministic rules, no network: the embedded default and the LLM's fallback."""

    def reply(self, context: ChatContext, history: list[Turn], message: str) -> AssistantReply:
        text, flags = without_flags(" ".join(message.split()))
        if flags and not text:
            return for_kind("settings", context, message)
        reply = self._reply(context, history, text)
        if not flags:
            return reply
        where = control(context.platform, "flags", " ".join(flags))
        note = f"(I left {' '.join(flags)} alone: settings go with {where}.)"
        return replace(reply, text=f"{reply.text} {note}")

    def _reply(self, context: ChatContext, history: list[Turn], text: str) -> AssistantReply:
        picked = next(
            (s for s in pending_suggestions(history) if s.casefold() == text.casefold()), None
        )
        if text.lower().startswith(AS_WRITTEN.lower()):
            return self._as_written(context, text[len(AS_WRITTEN) :])
        if picked and context.stage == "ready":
            return self._idea(context, history, text, picked=True)
        english = translate(text)
        if english is None and foreign(text):
            return AssistantReply(HONEST)
        text = english or text
        reply = self._understood(context, history, text)
        if reply is None:
            fixed = corrected(text, set(words_of(context.prompt)))
            if fixed != text:
                reply = self._understood(context, history, fixed)
        if reply is not None:
            return reply
        if context.stage == "ready":
            return self._idea(context, history, text)
        if QUESTION.search(text) or _META.search(text):
            return answer_question(context, text)
        return not_understood(context, text)

    def complete(self, context: ChatContext, history: list[Turn]) -> AssistantReply:
        """Generate without answers: fill what this kind of idea still misses with defaults."""
        draft = Draft(context.prompt, context.negative_prompt)
        added = [draft.add(phrase) for phrase in defaults(context.prompt)]
        if not added:
            return AssistantReply(
                "✨ The prompt is complete; generating it as it is.", status="ready"
            )
        return AssistantReply(
            f"✨ Completed the {kind_of_idea(context.prompt)} idea: " + "; ".join(added) + ".",
            prompt=draft.prompt,
            negative_prompt=draft.negative_prompt,
            status="ready",
        )

    def _understood(
        self, context: ChatContext, history: list[Turn], text: str
    ) -> AssistantReply | None:
        """A reply when the message is a known kind or holds edits; None when not understood."""
        kind = kind_of(text)
        if kind == "idk":
            if context.stage != "ready":
                return answer_question(context, text)
            done = self.complete(context, history)
            return AssistantReply(
                f"{done.text} Generate it with {control(context.platform, 'generate')}.",
                prompt=done.prompt,
                negative_prompt=done.negative_prompt,
                status="ready",
            )
        if kind == "undo":
            return undo_reply(context, text)
        if kind is not None:
            return for_kind(kind, context, text)
        result = apply_instructions(context.start, context.start_negative, text)
        if not result.done:
            return None
        if context.stage == "ready":
            return self._idea(context, history, text, result=result)
        return self._edited(context, text, result)

    def _edited(self, context: ChatContext, text: str, result: EditResult) -> AssistantReply:
        parts = ["Done: " + "; ".join(result.done) + "."]
        if result.unknown:
            parts.append(f"I didn't understand “{'; '.join(result.unknown)}”, so I left that out.")
        proposal = (result.prompt, result.negative_prompt)
        changed = proposal != (context.prompt, context.negative_prompt)
        problems = violations(context, text, *proposal) if changed else []
        if problems:
            return AssistantReply(f"I stopped before changing the draft: {problems[0]}.")
        if context.start != context.prompt and changed:
            parts.append(f"(Started from v{context.viewed_number}, the version you are viewing.)")
        parts.append(f"Next: {next_step(context)}." if changed else "Nothing changed.")
        return AssistantReply(
            " ".join(parts),
            prompt=result.prompt if changed else None,
            negative_prompt=result.negative_prompt if changed else None,
            status="refined" if changed else "unchanged",
        )

    def _idea(
        self,
        context: ChatContext,
        history: list[Turn],
        text: str,
        picked: bool = False,
        result: EditResult | None = None,
    ) -> AssistantReply:
        """Before the first generation: take an answer into the idea, then ask the next question."""
        result = result or EditResult(context.prompt, context.negative_prompt, unknown=[text])
        draft = Draft(result.prompt, result.negative_prompt)
        said = list(result.done)
        if picked:
            said.append(draft.add(text))
        else:
            said += [draft.add(c) for c in result.unknown if _idea_words(c)]
        changed = (draft.prompt, draft.negative_prompt) != (
            context.prompt,
            context.negative_prompt,
        )
        lead = ("Updated: " + "; ".join(said) + ". ") if changed else ""
        asked = " ".join(t.text for t in history if t.role == "assistant")
        question = next((q for q in open_questions(draft.prompt) if q.text not in asked), None)
        prompt = draft.prompt if changed else None
        negative = draft.negative_prompt if changed else None
        if question is None:
            return AssistantReply(
                lead + f"The prompt looks ready: {next_step(context)} (or tell me what to change).",
                status="ready",
                prompt=prompt,
                negative_prompt=negative,
            )
        return AssistantReply(
            lead + question.text + " Pick one, type your own, or say “you decide” and I'll "
            "fill in the rest.",
            suggestions=list(question.suggestions),
            status="question",
            prompt=prompt,
            negative_prompt=negative,
        )

    def _as_written(self, context: ChatContext, text: str) -> AssistantReply:
        """The "Add as written" button: the user's words go into the prompt unchanged."""
        words = text.strip(" .!")
        if not words or kind_of(words) is not None:
            return AssistantReply("There is nothing to add; nothing changed.")
        draft = Draft(context.prompt, context.negative_prompt)
        done = draft.add(words)
        changed = draft.prompt != context.prompt
        return AssistantReply(
            f"Done: {done}." + (f" Next: {next_step(context)}." if changed else ""),
            prompt=draft.prompt if changed else None,
            status="refined" if changed else "unchanged",
        )


def _idea_words(text: str) -> bool:
    """Words of the idea ("on a cliff at dawn"), not a question or chat about it."""
    said = words_of(text)
    return (
        0 < len(said) <= MAX_IDEA_WORDS
        and not _META.search(text)
        and not QUESTION.search(text)
        and not set(said) & CHAT_WORDS
    )
