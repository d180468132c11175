"""A prompt being edited as phrases: set a facet, step the framing, add, remove, more / less."""

from __future__ import annotations

import re

from core.assistant.facets import (
    FILLER_WORDS,
    FRAMING,
    REPLACEABLE,
    TIME_EXPRESSION,
    facet_phrase_index,
    join,
    mention_index,
    mentions,
    phrases,
    word_pattern,
    words_of,
)
from core.assistant.syntax import grouped

# Closest last: "closer" moves right, "wider" moves left.
SHOT_SCALE = (
    "extreme wide shot",
    "wide shot",
    "full body shot",
    "medium shot",
    "close-up",
    "extreme close-up",
)
_SCALE_WORDS = (
    (5, ("extreme close-up", "extreme closeup", "macro")),
    (0, ("extreme wide shot",)),
    (4, ("close-up", "closeup", "close up", "headshot")),
    (2, ("full body", "full-body")),
    (3, ("medium shot", "medium close-up", "cowboy shot")),
    (1, ("wide shot", "establishing shot", "long shot", "wide")),
)
FACETS_BY_NAME = {f.name: f for f in REPLACEABLE}
COLOUR_WORDS = (
    "red", "orange", "yellow", "green", "blue", "purple", "pink", "teal", "golden", "gold",
    "silver", "white", "black", "brown", "grey", "gray", "violet", "cyan", "magenta", "crimson",
    "navy", "turquoise", "beige", "dark", "light",
)  # fmt: skip
_PLACE = re.compile(r"(?:in|on|at|inside|under|near|by)\s", re.IGNORECASE)
SIZES = ("big", "small", "large", "tiny", "huge", "little", "long", "short", "tall")
_LINKS = ("wearing", "holding", "carrying", "plus", "his", "her", "its", "their", "some")
ARTICLES = r"(?:a|an|the|some|any|all|his|her|its|their|those|these|that|this)"
_INTENSITY = ("lots of ", "only a little ", "a little ", "subtle ", "more ", "less ")


def bare(text: str) -> str:
    """Text without a leading article and trailing punctuation."""
    text = re.sub(rf"^{ARTICLES}\s+", "", text.strip(), flags=re.IGNORECASE)
    return text.strip(" .!?\"'")


class Draft:
    """The prompt and negative prompt as phrase lists, edited in place."""

    def __init__(self, prompt: str, negative: str, keep: frozenset[str] = frozenset()):
        self.parts = phrases(prompt)
        self.negative = phrases(negative)
        self.keep = set(keep)
        self.fresh: set[str] = set()  # phrases this message set: a later clause adds beside them

    @property
    def prompt(self) -> str:
        return join(self.parts)

    @property
    def negative_prompt(self) -> str:
        return join(self.negative)

    def set_facet(self, name: str, phrase: str) -> str:
        """Replace the phrase expressing facet `name` (or append one)."""
        facet = FACETS_BY_NAME[name]
        if name == "time of day" and self.parts and not self._kept(self.parts[0]):
            self.parts[0] = _strip_time(self.parts[0])
        index = facet_phrase_index(self.parts, facet)
        if index is not None and self.parts[index].casefold() == phrase.casefold():
            return f"{name} is already {phrase}"
        if index is None or self._kept(self.parts[index]) or self.parts[index] in self.fresh:
            self.parts.append(phrase)
        else:
            self.parts[index] = phrase
        self.fresh.add(phrase)
        return f"{name} → {phrase}"

    def step_framing(self, step: int) -> str:
        """Closer (+1, +2 for "much closer") or wider (-1, -2) along the shot scale."""
        index = facet_phrase_index(self.parts, FRAMING)
        current = _scale_position(self.parts[index]) if index is not None else None
        if current is None:
            target = (4 if step > 0 else 1) + (1 if step > 1 else -1 if step < -1 else 0)
        else:
            target = min(max(current + step, 0), len(SHOT_SCALE) - 1)
            if target == current:
                return f"framing is already {SHOT_SCALE[current]}"
        return self.set_facet("framing", SHOT_SCALE[target])

    def remove(self, thing: str) -> str:
        """Take `thing` out of the prompt and keep it out through the negative prompt."""
        thing = bare(thing)
        found, locked = False, False
        kept: list[str] = []
        for index, part in enumerate(self.parts):
            if not word_pattern(thing).search(part):
                kept.append(part)
                continue
            if grouped(part):
                locked = True
                kept.append(part)
                continue
            found = True
            trimmed = _cut(part, thing)
            if index > 0 and not _own_words(trimmed):
                continue
            if trimmed:
                kept.append(trimmed)
        self.parts = kept or self.parts
        if not mentions(self.negative_prompt, (thing,)):
            self.negative.append(thing)
        if locked:
            return (
                f"“{thing}” is inside a bracketed group, which I leave as you wrote it; "
                "it is kept out via the negative prompt"
            )
        if found:
            return f"removed “{thing}” (and keeping it out via the negative prompt)"
        return f"keeping “{thing}” out via the negative prompt"

    def add(self, thing: str) -> str:
        thing = thing.strip(" .!?")
        self.negative = [n for n in self.negative if not word_pattern(bare(thing)).search(n)]
        if mentions(self.prompt, (thing,)):
            return f"“{thing}” is already in the prompt"
        self.parts.append(thing)
        return f"added “{thing}”"

    def more(self, thing: str) -> str:
        thing = bare(thing)
        self._drop_intensity(thing)
        self.parts.append(f"lots of {thing}")
        return f"more {thing}"

    def less(self, thing: str) -> str:
        thing = bare(thing)
        had_lots = self._drop_intensity(thing)
        if had_lots:
            return f"less {thing}"
        index = mention_index(self.parts, thing)
        if index is not None:
            self.parts[index] = f"subtle {self.parts[index]}"
        else:
            self.parts.append(f"only a little {thing}")
        return f"less {thing}"

    def replace(self, old: str, new: str) -> str | None:
        """ "a wolf instead of a fox": the words `old` become `new` where they stand."""
        old, new = bare(old), bare(new)
        pattern = word_pattern(old)
        hits = [
            i for i, part in enumerate(self.parts) if pattern.search(part) and not grouped(part)
        ]
        if not hits or not new:
            return None
        for index in hits:
            self.parts[index] = pattern.sub(new, self.parts[index])
        self.negative = [n for n in self.negative if not word_pattern(new).search(n)]
        return f"“{old}” → “{new}”"

    def recolour(self, thing: str, colour: str) -> str:
        """ "make the dress red": the colour word before `thing` becomes `colour` (or is added)."""
        thing = bare(thing)
        pattern = re.compile(
            rf"(?<![\w-])(?:(?:{'|'.join(COLOUR_WORDS)})\s+)?{re.escape(thing)}(?![\w-])",
            re.IGNORECASE,
        )
        for index, part in enumerate(self.parts):
            if pattern.search(part) and not grouped(part):
                self.parts[index] = pattern.sub(f"{colour} {thing}", part, count=1)
                return f"{thing} → {colour}"
        self.parts.append(f"{colour} {thing}")
        return f"added “{colour} {thing}”"

    def setting_index(self) -> int | None:
        """The phrase (after the subject) that places the scene: "in a misty forest"."""
        for index in range(len(self.parts) - 1, 0, -1):
            part = self.parts[index]
            if grouped(part) or self._kept(part):
                continue
            if _PLACE.match(part) or word_pattern("background").search(part):
                return index
        return None

    def set_setting(self, place: str) -> str:
        """ "move it to a beach": the setting phrase becomes `place` (or is added)."""
        place = place.strip(" .!?")
        if not re.match(r"(?:in|on|at|inside|under|near|by)\b", place, re.IGNORECASE):
            if not word_pattern("background").search(place):
                place = f"{place} background"
        index = self.setting_index()
        if index is None:
            self.parts.append(place)
        else:
            self.parts[index] = place
        return f"setting → {place}"

    def _kept(self, phrase: str) -> bool:
        return any(word_pattern(word).search(phrase) for word in self.keep)

    def _drop_intensity(self, thing: str) -> bool:
        """Remove "lots of X" / "a little X" phrases; True if one said "lots of"."""
        lots = False
        kept = []
        for part in self.parts:
            low = part.lower()
            prefix = next((p for p in _INTENSITY if low.startswith(p)), None)
            if prefix and bare(low[len(prefix) :]) == thing.lower():
                lots = lots or prefix == "lots of "
                continue
            kept.append(part)
        self.parts = kept
        return lots


def _scale_position(phrase: str) -> int | None:
    for position, words in _SCALE_WORDS:
        if mentions(phrase, words):
            return position
    return None


def _strip_time(phrase: str) -> str:
    """ "a lighthouse at dusk" → "a lighthouse"; "morning glory flowers" stays."""
    if grouped(phrase):
        return phrase
    stripped = TIME_EXPRESSION.sub("", phrase).strip()
    return stripped or phrase


def _own_words(text: str) -> list[str]:
    """The words of `text` that are more than articles, links or a colour or size."""
    return [
        w
        for w in words_of(text)
        if w not in FILLER_WORDS and w not in COLOUR_WORDS and w not in SIZES and w not in _LINKS
    ]


def _cut(phrase: str, thing: str) -> str:
    """`phrase` without `thing` and the little words that attach it ("wearing a red hat")."""
    escaped = re.escape(thing)
    joined = (
        rf"\s*\b(?:with|wearing|holding|carrying|and|plus)\s+(?:{ARTICLES}\s+)?"
        rf"(?:[\w-]+\s+){{0,2}}?{escaped}(?![\w-])"
    )
    cut = re.sub(joined, "", phrase, count=1, flags=re.IGNORECASE)
    if cut == phrase:
        cut = re.sub(
            rf"\s*\b(?:(?:in|on|at|under|near|by|of)\s+)?(?:{ARTICLES}\s+)?{escaped}(?![\w-])",
            "",
            phrase,
            flags=re.IGNORECASE,
        )
    return " ".join(cut.split()).strip(" ,")
