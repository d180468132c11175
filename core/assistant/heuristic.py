"""The offline assistant: asks about missing facets, applies common edits, notes what it cannot."""

from __future__ import annotations

import re

from core.assistant.draft import Draft
from core.assistant.edits import apply_instructions, neutralize_flags
from core.assistant.facets import ASKED, COMPLETED, Facet, missing
from core.assistant.types import AssistantReply, ChatContext, Turn, pending_suggestions

DEFAULTS = {"framing": "medium shot", "lighting": "soft natural light", "style": "photorealistic"}
EXAMPLES = '"closer", "remove the hat", "switch to profile angle", "make it night"'
_META = re.compile(
    r"^(?:help|hi|hello|hey|ideas?|suggest\w*|what|how|which|any|is it|ready|thoughts)\b|\?$",
    re.IGNORECASE,
)


class HeuristicAssistant:
    """Deterministic rules, no network: the embedded default and the LLM's fallback."""

    def reply(self, context: ChatContext, history: list[Turn], message: str) -> AssistantReply:
        text = neutralize_flags(" ".join(message.split()))
        if context.stage == "ready":
            return self._before(context, history, text)
        return self._refine(context, text)

    def complete(self, context: ChatContext, history: list[Turn]) -> AssistantReply:
        """Generate without answers: fill the facets still missing with plain defaults."""
        draft = Draft(context.prompt, context.negative_prompt)
        added = [draft.add(DEFAULTS[f.name]) for f in missing(context.prompt, COMPLETED)]
        if not added:
            return AssistantReply(
                "✨ The prompt is complete; generating it as it is.", status="ready"
            )
        return AssistantReply(
            "✨ Completed the prompt: " + "; ".join(added) + ".",
            prompt=draft.prompt,
            negative_prompt=draft.negative_prompt,
            status="ready",
        )

    def _before(self, context: ChatContext, history: list[Turn], text: str) -> AssistantReply:
        """Before the first generation: take answers into the idea, then ask the next question."""
        draft = Draft(context.prompt, context.negative_prompt)
        said: list[str] = []
        picked = next(
            (s for s in pending_suggestions(history) if s.casefold() == text.casefold()), None
        )
        if picked:
            said.append(draft.add(picked))
        else:
            result = apply_instructions(draft.prompt, draft.negative_prompt, text)
            draft = Draft(result.prompt, result.negative_prompt)
            said += result.done
            if not _META.search(text):  # words of the idea, not a question about it
                said += [draft.add(clause) for clause in result.unknown]
        changed = draft.prompt != context.prompt or draft.negative_prompt != context.negative_prompt
        lead = ("Updated: " + "; ".join(said) + ". ") if changed else ""
        facet = _next_question(draft.prompt, history)
        proposal = {
            "prompt": draft.prompt if changed else None,
            "negative_prompt": draft.negative_prompt if changed else None,
        }
        if facet is None:
            return AssistantReply(
                lead + "The prompt looks ready: /new generates it (or tell me what to change).",
                status="ready",
                **proposal,
            )
        return AssistantReply(
            lead + facet.question + " Pick one, type your own, or just /generate and I'll decide.",
            suggestions=list(facet.suggestions),
            status="question",
            **proposal,
        )

    def _refine(self, context: ChatContext, text: str) -> AssistantReply:
        """After a generation: apply instructions to the viewed prompt; the rest becomes a note."""
        start, negative = context.start, context.base_negative or context.negative_prompt
        result = apply_instructions(start, negative, text)
        if not result.done and _META.search(text):
            return AssistantReply(f"Tell me what to change, e.g. {EXAMPLES}; then /new.")
        draft = Draft(result.prompt, result.negative_prompt)
        parts = []
        if result.done:
            parts.append("Done: " + "; ".join(result.done) + ".")
        if result.unknown:
            unknown = "; ".join(result.unknown)
            draft.note(unknown)
            parts.append(
                f"I can't apply “{unknown}” myself, so I kept it as a note at the end of the "
                "prompt; change the wording with /prompt if you like."
            )
        changed = draft.prompt != context.prompt or draft.negative_prompt != context.negative_prompt
        parts.append("Hit New Version (/new) to generate it." if changed else "Nothing changed.")
        return AssistantReply(
            " ".join(parts),
            prompt=draft.prompt if changed else None,
            negative_prompt=draft.negative_prompt if changed else None,
            status="refined" if changed else "unchanged",
        )


def _next_question(prompt: str, history: list[Turn]) -> Facet | None:
    asked = " ".join(t.text for t in history if t.role == "assistant")
    return next((f for f in missing(prompt, ASKED) if f.question not in asked), None)
