"""Edit instructions in plain words ("closer", "remove the hat") → prompt and negative changes."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from core.assistant.draft import Draft

Rule = tuple[re.Pattern[str], Callable[[Draft, re.Match[str]], str]]

_BW = "blackNwhite"  # keeps "black and white" in one clause
_FLAG = re.compile(r"(?<!\S)(?:--|\u2014)(?=[A-Za-z])")
_SPLIT = re.compile(r"\s*(?:[,;.!?]+|\s&\s|\b(?:and|then|also|plus)\b)\s*", re.IGNORECASE)
_FILLER = re.compile(
    r"^(?:(?:please|pls|can you|could you|would you|i want|i'd like|i would like|let's|now|"
    r"ok|okay|and|also|just|maybe|try)\b\s*)+|\s*\b(?:please|pls|instead|too)$",
    re.IGNORECASE,
)
# "make it", "switch to", "change the angle to" … in front of a facet value.
_LEAD = re.compile(
    r"^(?:(?:make|turn|switch|change|set|go|move|put|use|show|do|shoot|film|frame|view|see|"
    r"render|draw|paint)\s+"
    r"(?:it|this|him|her|them|the (?:shot|image|picture|camera|angle|view|scene|style|framing|"
    r"time))?\s*)?(?:(?:to|into|in|as|from)\s+)?(?:(?:an?|the|more)\s+)?",
    re.IGNORECASE,
)
STYLES = {
    "watercolou?r": "watercolor painting",
    "oil(?: painting)?": "oil painting",
    "anime": "anime style",
    "manga": "manga style",
    "cartoon": "cartoon style",
    "(?:photo|photograph|photography|photorealistic|realistic|real photo)": "photorealistic photo",
    "pixel art": "pixel art",
    "3d(?: render)?|render": "3D render",
    "(?:pencil )?sketch|pencil(?: drawing)?": "pencil sketch",
    "comic(?: book)?": "comic book style",
    "cinematic|film still|movie still": "cinematic film still",
    "(?:digital )?illustration": "digital illustration",
    "ink(?: drawing)?": "ink drawing",
    "low[- ]poly": "low poly 3D",
    "claymation|clay": "claymation",
    "impressionist(?: painting)?": "impressionist painting",
    "(?:flat )?vector(?: art)?": "flat vector illustration",
}
TIMES = {
    "night|nighttime|night time|midnight": "at night",
    "golden hour": "at golden hour",
    "sunset": "at sunset",
    "sunrise": "at sunrise",
    "dawn": "at dawn",
    "dusk": "at dusk",
    "twilight": "at twilight",
    "blue hour": "at blue hour",
    "day|daytime|midday|noon|daylight": "at midday",
    "morning": "in the morning",
    "evening": "in the evening",
}
MOODS = (
    "moody|calm|serene|peaceful|dramatic|mysterious|cheerful|happy|melancholic|melancholy|eerie|"
    "cozy|cosy|epic|whimsical|romantic|tense|playful|gloomy|joyful|somber|sombre|dreamy|scary|"
    "spooky|sad"
)


def _set(name: str, phrase: str) -> Callable[[Draft, re.Match[str]], str]:
    return lambda draft, _m: draft.set_facet(name, phrase)


def _rules() -> list[Rule]:
    def rule(pattern: str, action: Callable[[Draft, re.Match[str]], str]) -> Rule:
        return re.compile(pattern, re.IGNORECASE), action

    table: list[Rule] = [
        rule(r"(?:a bit |a little |much |way )?(?:closer|tighter|nearer|zoom(?:ed)? in)"
             r"(?: up| in| shot)?", lambda d, _m: d.step_framing(+1)),
        rule(r"(?:a bit |a little |much |way )?(?:wider|zoom(?:ed)? out|pull(?:ed)? back|"
             r"further(?: away| back)?|farther(?: away| back)?|less close)(?: shot)?",
             lambda d, _m: d.step_framing(-1)),
        rule(r"extreme close[- ]?up(?: shot)?", _set("framing", "extreme close-up")),
        rule(r"close[- ]?up(?: shot)?", _set("framing", "close-up")),
        rule(r"medium(?: close[- ]?up)?(?: shot)?", _set("framing", "medium shot")),
        rule(r"wide(?: angle)?(?: shot)?", _set("framing", "wide shot")),
        rule(r"establishing shot", _set("framing", "wide establishing shot")),
        rule(r"(?:full[- ]?body|full[- ]length|(?:the )?(?:whole|full|entire) body)(?: shot)?",
             _set("framing", "full body shot")),
        rule(r"(?:side )?profile(?: view| angle| shot)?|side (?:view|angle)|(?:from )?the side",
             _set("angle", "profile view")),
        rule(r"front(?:al)?(?: view| angle| on)?|(?:from )?the front|facing (?:the )?camera",
             _set("angle", "front view")),
        rule(r"(?:from )?above|high angle(?: shot| view)?|top[- ]down(?: view)?|"
             r"overhead(?: view| shot)?|bird'?s[- ]eye(?: view)?",
             _set("angle", "high angle from above")),
        rule(r"(?:from )?below|low angle(?: shot| view)?|worm'?s[- ]eye(?: view)?",
             _set("angle", "low angle from below")),
        rule(r"eye[- ]level(?: view| shot)?", _set("angle", "eye-level view")),
        rule(r"three[- ]quarters?(?: view| angle)?", _set("angle", "three-quarter view")),
        rule(r"brighter|lighter|bright|more light", _set("lighting", "bright lighting")),
        rule(r"darker|dimmer|dark|less light", _set("lighting", "dim low-key lighting")),
        rule(r"(?:black and white|black & white|b&w|monochrome|gr[ae]yscale)(?: photo)?",
             _set("colour", "black and white")),
        rule(r"(?:colou?rful|vibrant)(?: colou?rs)?", _set("colour", "vibrant colours")),
        rule(r"pastel(?: colou?rs| tones)?", _set("colour", "pastel colours")),
        rule(r"(warm|cool|cold|muted|desaturated)(?: colou?rs| tones| palette)?",
             lambda d, m: d.set_facet("colour", f"{m.group(1).lower()} colour palette")),
        rule(rf"({MOODS})(?: mood| feel| feeling| vibe| atmosphere)?",
             lambda d, m: d.set_facet("mood", f"{m.group(1).lower()} mood")),
    ]  # fmt: skip
    for words, phrase in TIMES.items():
        table.append(rule(rf"(?:at |during |in the )?(?:{words})(?: time| light)?",
                          _set("time of day", phrase)))  # fmt: skip
    for words, phrase in STYLES.items():
        table.append(rule(rf"(?:{words})(?: style| painting)?", _set("style", phrase)))
    table.append(
        rule(r"(?:style (?:to |into |of )?|in the style of )(.{2,40}?)(?: style)?|(.{2,30}) style",
             lambda d, m: d.set_facet("style", f"{(m.group(1) or m.group(2)).strip()} style"))
    )  # fmt: skip
    return table


FACET_RULES = _rules()
VERB_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("less", re.compile(r"(?:less|fewer|not so much)\s+(.+)", re.IGNORECASE)),
    ("remove", re.compile(
        r"(?:remove|delete|erase|drop|get rid of|take (?:away|out|off)|lose|without|"
        r"no more|no|hide|don'?t show|not)\s+(.+)", re.IGNORECASE)),
    ("add", re.compile(
        r"(?:add|include|insert|put in|place|give (?:him|her|it|them)|with)\s+(.+?)"
        r"(?:\s+(?:to|in|into) (?:it|the (?:image|shot|scene|picture)))?", re.IGNORECASE)),
    ("more", re.compile(r"(?:more|much more|extra)\s+(.+)", re.IGNORECASE)),
]  # fmt: skip


@dataclass
class EditResult:
    """The edited prompt and negative, what was done, and the clauses not understood."""

    prompt: str
    negative_prompt: str
    done: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


def neutralize_flags(text: str) -> str:
    """Flags are the user's, through /prompt or /new: in chat they are only words."""
    return _FLAG.sub("", text)


def clauses(message: str) -> list[str]:
    protected = re.sub(r"black\s+(?:and|&)\s+white", _BW, message, flags=re.IGNORECASE)
    parts = [_FILLER.sub("", p).strip() for p in _SPLIT.split(protected)]
    return [p.replace(_BW, "black and white") for p in parts if p]


def apply_instructions(prompt: str, negative: str, message: str) -> EditResult:
    """Apply every instruction in `message`; unknown clauses are returned, not applied."""
    draft = Draft(prompt, negative)
    result = EditResult(prompt, negative)
    verb: str | None = None
    for clause in clauses(neutralize_flags(message)):
        done, used = _apply_clause(draft, clause, verb)
        if done is None:
            result.unknown.append(clause)
            verb = None
        else:
            result.done.append(done)
            verb = used
    result.prompt, result.negative_prompt = draft.prompt, draft.negative_prompt
    return result


def facet_edit(draft: Draft, text: str) -> str | None:
    """Apply `text` if it names a facet value ("make it night", "profile angle")."""
    core = _LEAD.sub("", text.strip(), count=1).strip()
    for pattern, action in FACET_RULES:
        for candidate in (core, text.strip()):
            if candidate and pattern.fullmatch(candidate):
                return action(draft, pattern.fullmatch(candidate))  # type: ignore[arg-type]
    return None


def _apply_clause(draft: Draft, clause: str, verb: str | None) -> tuple[str | None, str | None]:
    done = facet_edit(draft, clause)
    if done is not None:
        return done, None
    for name, pattern in VERB_RULES:
        match = pattern.fullmatch(clause)
        if match:
            return _verb(draft, name, match.group(1)), name
    if verb and len(clause.split()) <= 4:
        return _verb(draft, verb, clause), verb
    return None, None


def _verb(draft: Draft, name: str, thing: str) -> str:
    if name in ("more", "less"):
        as_facet = facet_edit(draft, thing) if name == "more" else None
        if as_facet is not None:
            return as_facet
        return draft.more(thing) if name == "more" else draft.less(thing)
    return draft.remove(thing) if name == "remove" else draft.add(thing)
