"""Edit instructions in plain words ("closer", "remove the hat") → prompt and negative changes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.assistant.draft import COLOUR_WORDS, Draft, bare
from core.assistant.facets import words_of
from core.assistant.intents import INSTRUCTION_VERBS, SLIGHT, STRONG, describes
from core.assistant.vocabulary import FACET_TABLE, OPPOSITES, STEPS

_BW = "blackNwhite"  # keeps "black and white" in one clause
_TO = "tealNorange"
_FLAG = re.compile(r"(?<!\S)(?:--|\u2014)(?=[A-Za-z])")
_SPLIT = re.compile(
    r"\s*(?:[,;!?]+|(?<!\d)\.(?!\d)|\s&\s|\b(?:and|then|also|plus|but|while)\b)\s*", re.IGNORECASE
)
# "also a red balloon", "maybe a few stars": a thing to add
_ALSO = re.compile(
    r"(?:^|\band\s+)(?:also|maybe|plus|oh and)\s+(?=(?:a|an|some|a few|few|two|three)\s)",
    re.IGNORECASE,
)
_FILLER = re.compile(
    r"^(?:(?:please|pls|plz|can you|could you|would you|will you|i want|i'd like|i would like|"
    r"let's|lets|now|ok|okay|and|also|just|maybe|try|hmm+|um+|actually|so|hey|even|"
    r"something|idk|dunno|not sure)\b\s*)+|"
    r"\s*\b(?:please|pls|plz|instead|too|as well|thanks|thank you|if possible|for me)$",
    re.IGNORECASE,
)
_VERB = (
    r"^(?:(?:it|this|she|he|they) should (?:be|look|feel)\s+|"
    r"(?:make|turn|switch|change|set|go|move|put|use|show|do|shoot|shot|film|frame|view|see|"
    r"render|draw|paint|have|let|give|try|get|bring)\s+"
    r"(?:it|this|him|her|them|everything|the (?:shot|image|picture|photo|camera|angle|view|scene|"
    r"style|framing|time|lighting|light|colou?rs?|mood|look|vibe|atmosphere|weather|pose|"
    r"expression|\w+))?\s*)?"
)
# "make it", "switch to", "change the angle to" … in front of a facet value; _VERB_ONLY keeps
# "from the side" and "look over her shoulder" whole.
_LEAD = re.compile(
    _VERB + r"(?:(?:to|into|in|as|from|look|feel|seem|be|like|at|during|for)\s+)*"
    r"(?:(?:an?|the|more|some)\s+)?",
    re.IGNORECASE,
)
_VERB_ONLY = re.compile(_VERB, re.IGNORECASE)
_LOOK = re.compile(r"\s+(?:look|vibe|aesthetic|feel|style)$", re.IGNORECASE)
_FOCUS = re.compile(
    r"\s+(?:shot|view|angle)$|\s+(?:on|of|to|at)\s+(?:the|her|his|its|their|him|it|them)\b.*$",
    re.IGNORECASE,
)
_DEGREE = re.compile(rf"^(?:({SLIGHT})|({STRONG}))\s+|\s+(?:({SLIGHT})|({STRONG}))$", re.IGNORECASE)
_COLOURS = "|".join(COLOUR_WORDS)
_DETERMINERS = frozenset("a an the some his her its their two three few many more".split())
_DETERMINED = re.compile(
    r"(?:a|an|some|a few|two|three)\s+(?!(?:bit|little|lot|tad|touch)\b)[\w-]+(?:\s+[\w-]+){0,3}",
    re.IGNORECASE,
)
_PEOPLE = frozenset(("i", "i'm", "me", "my", "you", "your", "we", "us"))  # chat, not the image
_IGNORED = re.compile(r"^(?:it|that|this|them|everything|all|anything|stuff|things|some|the)$")
VERB_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("keep", re.compile(r"(?:but )?(?:keep|don'?t (?:change|touch|remove|lose)|leave|preserve)"
     r"\s+(?:the |her |his |its )?(.+?)(?:\s+(?:as (?:it is|is)|alone|the same|unchanged))?",
     re.IGNORECASE)),
    ("less", re.compile(r"(?:less|fewer|not so much|not as much|reduce(?: the)?|tone down(?: the)?)"
     r"\s+(.+)", re.IGNORECASE)),
    ("remove", re.compile(
        r"(?:remove|delete|erase|drop|get rid of|take (?:away|out|off)|lose|without|ditch|"
        r"no more|no|hide|don'?t show|i don'?t want|don'?t want|there should be no|cut)"
        r"\s+(.+?)(?:\s+(?:from (?:the )?(?:image|picture|shot|scene|prompt)|please))?",
        re.IGNORECASE)),
    ("remove", re.compile(r"(.+?)\s+(?:has to go|must go|should go|needs to go|is distracting)",
                          re.IGNORECASE)),
    ("remove", re.compile(r"(?:take|get) (.+?) (?:off|out|away)|i (?:don'?t like|hate|dislike) "
                          r"(.+)", re.IGNORECASE)),
    ("add", re.compile(
        r"(?:add|include|insert|put in|place|put(?! (?:it|him|her|them|everything)\b)|"
        r"give (?:him|her|it|them)|with|there should be|throw in|"
        r"(?:she|he|it|they|the \w+) (?:should be(?= \w+ing\b)|should have|needs?)|"
        r"can it have|it needs|needs)\s+(.+?)"
        r"(?:\s+(?:to|in|into) (?:it|the (?:image|shot|scene|picture))|\s+in(?: there)?)?",
        re.IGNORECASE)),
    ("more", re.compile(r"(?:more|extra|increase(?: the)?|boost(?: the)?)\s+(.+)", re.IGNORECASE)),
]  # fmt: skip
_REPLACE = [
    re.compile(r"(?:make it |use |make (?:him|her|them) |give (?:him|her|it) )?"
               r"(?P<new>.+?) instead of (?P<old>.+)", re.IGNORECASE),
    re.compile(r"(?:swap|replace|switch|exchange) (?:out )?(?P<old>.+?) (?:for|with) (?P<new>.+)",
               re.IGNORECASE),
    re.compile(r"(?:change|turn) (?:the )?(?P<old>.+?) (?:to|into) (?P<new>.+)", re.IGNORECASE),
    re.compile(rf"(?:make|paint|colou?r|dye) (?:the |her |his |its |their )?(?P<old>[\w -]+?) "
               rf"(?P<new>{_COLOURS})", re.IGNORECASE),
]  # fmt: skip
# "in the style of Van Gogh", "noir style", "like a Wes Anderson film"
_STYLE_NAMED = (
    r"(?:in the style of |style (?:to |of )?)(.{2,40}?)(?: style)?|(.{2,30}?) style|"
    r"(?:like )?(?:an? )?(.{2,30}?) (?:film|movie)"
)
_SETTING_MOVE = re.compile(
    r"(?:move|set|place|put|take|relocate) (?:it|him|her|them|the scene|everything)\s+"
    r"(?P<prep>in|on|at|to|into|inside|under)\s+(?P<place>.+)",
    re.IGNORECASE,
)
_SURFACES = r"\b(?:beach|mountain|hill|roof|rooftop|island|moon|street|road|bridge|cliff|mars)\b"
_PLACE_NOUNS = ("background", "setting", "location", "place", "scene", "backdrop")


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
    """The message split into instructions ("closer and make it night" → two), fillers off."""
    protected = re.sub(r"black\s+(?:and|&)\s+white", _BW, message, flags=re.IGNORECASE)
    protected = _ALSO.sub(" add ", protected)
    protected = re.sub(r"teal\s+and\s+orange", _TO, protected, flags=re.IGNORECASE)
    parts = [_FILLER.sub("", p).strip() for p in _SPLIT.split(protected)]
    parts = [p.replace(_BW, "black and white").replace(_TO, "teal and orange")
             for p in parts]  # fmt: skip
    return [p for p in parts if p]


def apply_instructions(prompt: str, negative: str, message: str) -> EditResult:
    """Apply every instruction in `message`; unknown clauses are returned, not applied."""
    found = clauses(neutralize_flags(message))
    keep = frozenset(m.group(1) for c in found if (m := VERB_RULES[0][1].fullmatch(c)))
    draft = Draft(prompt, negative, frozenset(bare(k) for k in keep))
    result = EditResult(prompt, negative)
    verb: str | None = None
    for clause in found:
        done, used = _apply_clause(draft, clause, verb)
        if done is None:
            result.unknown.append(clause)
            verb = None
        else:
            result.done.append(done)
            verb = used
    if result.done:  # "night time, rain, and a neon sign": the listed things are additions
        for clause in [c for c in result.unknown if _DETERMINED.fullmatch(c)]:
            result.done.append(draft.add(clause))
            result.unknown.remove(clause)
    result.prompt, result.negative_prompt = draft.prompt, draft.negative_prompt
    return result


def facet_edit(draft: Draft, text: str, degree: int = 0) -> str | None:
    """Apply `text` if it names a facet value ("make it night", "profile angle")."""
    text = text.strip()
    core = _LEAD.sub("", text, count=1).strip()
    verb_only = _VERB_ONLY.sub("", text, count=1).strip()
    for candidate in dict.fromkeys((core, verb_only, text, _LOOK.sub("", core))):
        if not candidate:
            continue
        # "closer to the fox", "close-up on the eyes": the framing, whatever it is on
        framed = _FOCUS.sub("", candidate)
        for step, pattern in STEPS:
            if re.fullmatch(pattern, framed, re.IGNORECASE):
                return draft.step_framing(step * (2 if degree > 0 else 1))
        for facet, phrase, pattern in FACET_TABLE:
            match = re.fullmatch(pattern, candidate, re.I)
            if match is None and facet == "framing":
                match = re.fullmatch(pattern, framed, re.I)
            if match:
                value = phrase.format(_mood(match.group(0))) if "{}" in phrase else phrase
                if facet == "mood" and "{}" in phrase:
                    value += " mood"
                return draft.set_facet(facet, _degree(value, degree, facet))
        style = re.fullmatch(_STYLE_NAMED, candidate, re.IGNORECASE)
        if style:
            name = next(g for g in style.groups() if g).strip()
            return draft.set_facet("style", f"{name} style")
    return None


def _apply_clause(draft: Draft, clause: str, verb: str | None) -> tuple[str | None, str | None]:
    clause, degree = _take_degree(clause)
    done = facet_edit(draft, clause, degree)
    if done is not None:
        return done, None
    led = _VERB_ONLY.sub("", clause, count=1).strip()
    for name, pattern in VERB_RULES:
        match = pattern.fullmatch(clause) or (
            pattern.fullmatch(led) if name in ("less", "more") else None
        )
        if match:
            thing = next(g for g in match.groups() if g)
            return _verb(draft, name, thing, degree), name
    done = _replace(draft, clause) or _move(draft, clause)
    if done is not None:
        return done, None
    if verb in ("add", "remove") and _carries(clause):
        return _verb(draft, verb, clause, degree), verb
    return None, None


def _verb(draft: Draft, name: str, thing: str, degree: int) -> str | None:
    thing = thing.strip(" .!?")
    if _IGNORED.match(bare(thing)) or not describes(thing) or set(words_of(thing)) & _PEOPLE:
        return None
    if name == "keep":
        return f"keeping “{bare(thing)}”"
    if name == "more":
        return facet_edit(draft, thing, max(degree, 0)) or draft.more(thing)
    if name == "less":
        for pattern, opposite in OPPOSITES:
            if re.fullmatch(rf"(?:the )?(?:{pattern})", thing, re.IGNORECASE):
                return facet_edit(draft, opposite, degree)
        return draft.less(thing)
    if name == "remove":
        if bare(thing).lower() in draft.keep:
            return None
        return draft.remove(thing)
    colour = re.fullmatch(rf"({_COLOURS}) ([\w-]+)", bare(thing), re.IGNORECASE)
    if colour and re.search(rf"\b{re.escape(colour[2])}\b", draft.prompt, re.IGNORECASE):
        return draft.recolour(colour[2], colour[1].lower())
    return draft.add(thing)


def _carries(clause: str) -> bool:
    """ "remove the hat and the scarf": a short noun phrase takes the verb before it; a clause
    with its own verb ("disable the filter", "make it summer") never does."""
    said = words_of(clause)
    if not said or len(said) > 4 or said[0] in INSTRUCTION_VERBS:
        return False
    return len(said) <= 2 or said[0] in _DETERMINERS


def _replace(draft: Draft, clause: str) -> str | None:
    for pattern in _REPLACE:
        match = pattern.fullmatch(clause)
        if not match:
            continue
        old, new = bare(match["old"]), bare(match["new"])
        if old.lower() in _PLACE_NOUNS:
            return draft.set_setting(new)
        if facet_edit(Draft("x", ""), new) is not None and old.lower() in (
            "style", "angle", "lighting", "light", "time", "colours", "colors", "mood", "framing"
        ):  # fmt: skip
            return facet_edit(draft, new)
        if new.lower() in COLOUR_WORDS:
            if old.lower() in COLOUR_WORDS:
                return draft.replace(old, new)
            return draft.recolour(old, new.lower())
        colour = re.fullmatch(rf"({_COLOURS}) ([\w-]+)", new, re.IGNORECASE)
        if colour and old.lower() in COLOUR_WORDS:
            return draft.recolour(colour[2], colour[1].lower())
        return draft.replace(old, new)
    return None


def _move(draft: Draft, clause: str) -> str | None:
    match = _SETTING_MOVE.fullmatch(clause)
    if match:
        place = match["place"].strip(" .!?")
        prep = match["prep"].lower()
        if prep in ("to", "into"):
            prep = "on" if re.search(_SURFACES, place, re.IGNORECASE) else "in"
        return draft.set_setting(f"{prep} {place}")
    instead = re.fullmatch(r"((?:in|on|at|inside|under) .{3,40})", clause, re.IGNORECASE)
    if instead and draft.setting_index() is not None:
        return draft.set_setting(instead.group(1))
    return None


def _take_degree(clause: str) -> tuple[str, int]:
    degree = 0
    while match := _DEGREE.search(clause):
        degree = -1 if (match.group(1) or match.group(3)) else 1
        clause = (clause[: match.start()] + " " + clause[match.end() :]).strip()
    return clause, degree


def _degree(phrase: str, degree: int, facet: str) -> str:
    if degree == 0 or facet not in ("lighting", "colour", "mood", "contrast"):
        return phrase
    return ("slightly " if degree < 0 else "very ") + phrase


def _mood(word: str) -> str:
    word = word.lower()
    irregular = {"dreamier": "dreamy", "scarier": "scary", "spookier": "spooky",
                 "sadder": "sad", "creepier": "creepy"}  # fmt: skip
    return irregular.get(word, word)
