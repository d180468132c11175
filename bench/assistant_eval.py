"""`make eval-assistant`: the evaluation table against the offline assistant (and an LLM if set)."""

from __future__ import annotations

import argparse
import os
import sys
from collections import defaultdict
from dataclasses import dataclass

from bench.assistant_cases import CASES, NEG, Case
from core.assistant import Assistant, AssistantReply, ChatContext, HeuristicAssistant
from core.assistant.facets import facet_of, phrases, words_of
from core.assistant.intents import INSTRUCTION_VERBS
from core.assistant.invariants import CHAT_WORDS, lost_words
from core.assistant.syntax import balanced, grouped
from core.assistant.types import Snapshot

# Prints a score per category, the overall score, the score on held-out messages and every
# harmful case (content lost, syntax broken, negative poisoned, chat or injection text in the
# prompt). Exits 1 on any harmful case.
NOTHING = ("chit-chat", "questions", "injection", "settings")


@dataclass
class Outcome:
    """One case run: the proposal, whether it met the expectation and the harm it did."""

    case: Case
    prompt: str
    negative: str
    reply: AssistantReply
    failed: list[str]
    harm: list[str]


def context_of(case: Case) -> ChatContext:
    versions = tuple(Snapshot(p, NEG, number=n) for n, p in enumerate(case.versions, 1))
    revisions = tuple(Snapshot(p, case.negative, reason=r) for p, r in case.revisions)
    return ChatContext(
        prompt=case.prompt,
        negative_prompt=case.negative,
        stage=case.stage,  # type: ignore[arg-type]
        base_prompt=case.base or case.prompt,
        base_negative=case.negative,
        viewed_number=1 if case.base else None,
        platform=case.platform,
        versions=versions,
        revisions=revisions,
    )


def run(assistant: Assistant, case: Case) -> Outcome:
    context = context_of(case)
    reply = assistant.reply(context, [], case.message)
    prompt = case.prompt if reply.prompt is None else reply.prompt
    negative = case.negative if reply.negative_prompt is None else reply.negative_prompt
    outcome = Outcome(case, prompt, negative, reply, [], [])
    outcome.failed = [check for check in case.expect.split(" & ") if not _holds(check, outcome)]
    outcome.harm = harm(case, context, prompt, negative)
    return outcome


def harm(case: Case, context: ChatContext, prompt: str, negative: str) -> list[str]:
    """What the proposal damaged, judged from the card and the message alone."""
    found: list[str] = []
    changed = (prompt, negative) != (case.prompt, case.negative)
    stored = {(s.prompt, s.negative_prompt) for s in (*context.versions, *context.revisions)}
    if case.category in NOTHING and changed and "=" in case.expect.split(" & "):
        found.append("chat, a question, injection or a setting request changed the draft")
    if "(note:" in prompt or "--" in prompt:
        found.append("chat text or flags in the prompt")
    for phrase in phrases(prompt):
        said = words_of(phrase)
        if phrase in case.prompt:
            continue
        if said and said[0] in INSTRUCTION_VERBS:
            found.append(f"instruction text in the prompt: {phrase}")
        elif phrase.startswith("-") or phrase.endswith("-"):
            found.append(f"a broken fragment in the prompt: {phrase}")
        elif case.stage == "refine" and said == words_of(case.message) and not facet_of(phrase):
            found.append(f"the message pasted into the prompt: {phrase}")
    if balanced(case.prompt) and not balanced(prompt):
        found.append("brackets broken")
    for group in (p for p in phrases(case.prompt) if grouped(p)):
        if group not in prompt and not set(words_of(group)) & set(words_of(case.message)):
            found.append(f"bracketed phrase changed: {group}")
    if (prompt, negative) not in stored:
        bases = {case.prompt, case.base or case.prompt}
        for base in bases:
            lost = lost_words(base, prompt, case.message)
            if lost:
                found.append("content lost: " + ", ".join(lost))
        old = phrases(case.negative)
        named = set(words_of(case.message))
        if old and not phrases(negative) and not all(set(words_of(p)) & named for p in old):
            found.append("negative prompt emptied")
        for phrase in phrases(negative):
            said = words_of(phrase)
            verb = bool(said) and said[0] in INSTRUCTION_VERBS
            if phrase not in old and (set(said) & CHAT_WORDS or len(said) > 5 or "?" in phrase
                                      or verb):  # fmt: skip
                found.append(f"negative poisoned: {phrase}")
    return found


def _holds(check: str, outcome: Outcome) -> bool:
    prompt, negative = outcome.prompt.lower(), outcome.negative.lower()
    text = outcome.reply.text.lower()
    if check == "=":
        return (outcome.prompt, outcome.negative) == (outcome.case.prompt, outcome.case.negative)
    if check == "?":
        return outcome.reply.status == "question" and 2 <= len(outcome.reply.suggestions) <= 4
    kind, value = check[:2], check[2:].lower()
    if kind in ("n+", "n-"):
        return (value in negative) == (kind == "n+")
    if kind == "t:":
        return value in text
    if check[0] == "!":
        return any(check[1:].lower() in s.lower() for s in outcome.reply.suggestions)
    return (check[1:].lower() in prompt) == (check[0] == "+")


def report(name: str, outcomes: list[Outcome], verbose: bool) -> int:
    """Print the scores and harmful cases; return how many were harmful."""
    by: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by[outcome.case.category].append(outcome)
    print(f"\n{name}: {len(outcomes)} messages")
    print(f"  {'category':<20} {'score':>7}  {'passed':>6}  harmful")
    for category, found in by.items():
        good = sum(1 for o in found if not o.failed and not o.harm)
        harmful = sum(1 for o in found if o.harm)
        print(f"  {category:<20} {good / len(found):>6.0%}  {good:>3}/{len(found):<3} {harmful:>4}")
    good = sum(1 for o in outcomes if not o.failed and not o.harm)
    harmful = [o for o in outcomes if o.harm]
    print(f"  {'overall':<20} {good / len(outcomes):>6.0%}  {good:>3}/{len(outcomes):<3}"
          f" {len(harmful):>4}")  # fmt: skip
    held = [o for o in outcomes if o.case.held_out]
    if held:
        kept = sum(1 for o in held if not o.failed and not o.harm)
        print(f"  {'held-out (untuned)':<20} {kept / len(held):>6.0%}  {kept:>3}/{len(held):<3}")
    for o in harmful:
        print(f"  HARMFUL [{o.case.category}] {o.case.message!r} on {o.case.prompt!r}: "
              f"{'; '.join(o.harm)} → {o.prompt!r} / negative {o.negative!r}")  # fmt: skip
    if verbose:
        for o in outcomes:
            if o.failed and not o.harm:
                print(f"  missed [{o.case.category}] {o.case.message!r}: {o.failed} → "
                      f"{o.prompt!r} / {o.negative!r} — {o.reply.text[:100]}")  # fmt: skip
    return len(harmful)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.assistant_eval", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="also list missed cases")
    args = parser.parse_args(argv)
    harmful = report(
        "offline heuristic", [run(HeuristicAssistant(), c) for c in CASES], args.verbose
    )
    if os.environ.get("LIGHTBOX_ASSISTANT_BASE_URL"):
        from workers.assistant_llm import build_assistant

        llm = build_assistant()
        harmful += report(f"LLM {llm.settings.model}", [run(llm, c) for c in CASES], args.verbose)  # type: ignore[attr-defined]
    return 1 if harmful else 0


if __name__ == "__main__":
    sys.exit(main())
