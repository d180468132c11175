"""A prompt being edited as phrases: set a facet, step the framing, add, remove, more / less."""

from __future__ import annotations

import re

from core.assistant.facets import (
    ANGLE,
    FRAMING,
    LIGHTING,
    MOOD,
    STYLE,
    TIME,
    Facet,
    facet_phrase_index,
    join,
    mentions,
    phrases,
    word_pattern,
)

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
    (4, ("close-up", "closeup", "close up", "headshot", "portrait")),
    (2, ("full body", "full-body")),
    (3, ("medium shot", "medium close-up", "cowboy shot")),
    (1, ("wide shot", "establishing shot", "long shot", "wide")),
)
# Colour words that mark a phrase as *the* colour phrase (not "a red scarf").
COLOUR_MARKS = Facet(
    "colour",
    "",
    ("palette", "colours", "colors", "tones", "monochrome", "black and white", "pastel",
     "vibrant", "muted", "desaturated", "sepia"),
    (),
)  # fmt: skip
FACETS_BY_NAME = {f.name: f for f in (FRAMING, ANGLE, LIGHTING, TIME, STYLE, MOOD, COLOUR_MARKS)}
ARTICLES = r"(?:a|an|the|some|any|all|his|her|its|their|those|these|that|this)"
_INTENSITY = ("lots of ", "only a little ", "a little ", "subtle ", "more ", "less ")


def bare(text: str) -> str:
    """Text without a leading article and trailing punctuation."""
    text = re.sub(rf"^{ARTICLES}\s+", "", text.strip(), flags=re.IGNORECASE)
    return text.strip(" .!?\"'")


class Draft:
    """The prompt and negative prompt as phrase lists, edited in place."""

    def __init__(self, prompt: str, negative: str):
        self.parts = phrases(prompt)
        self.negative = phrases(negative)

    @property
    def prompt(self) -> str:
        return join(self.parts)

    @property
    def negative_prompt(self) -> str:
        return join(self.negative)

    def set_facet(self, name: str, phrase: str) -> str:
        """Replace the phrase expressing facet `name` (or append one)."""
        facet = FACETS_BY_NAME[name]
        if name == "time of day" and self.parts:
            self.parts[0] = _strip_time(self.parts[0])
        index = facet_phrase_index(self.parts, facet)
        if index is None:
            self.parts.append(phrase)
        else:
            self.parts[index] = phrase
        return f"{name} → {phrase}"

    def step_framing(self, step: int) -> str:
        """Closer (+1) or wider (-1) along the shot scale."""
        index = facet_phrase_index(self.parts, FRAMING)
        current = _scale_position(self.parts[index]) if index is not None else None
        if current is None:
            target = 4 if step > 0 else 1
        else:
            target = min(max(current + step, 0), len(SHOT_SCALE) - 1)
            if target == current:
                return f"framing is already {SHOT_SCALE[current]}"
        return self.set_facet("framing", SHOT_SCALE[target])

    def remove(self, thing: str) -> str:
        """Take `thing` out of the prompt and keep it out through the negative prompt."""
        thing = bare(thing)
        found = False
        kept: list[str] = []
        for index, part in enumerate(self.parts):
            if not word_pattern(thing).search(part):
                kept.append(part)
                continue
            found = True
            if index > 0 and len(bare(part).split()) <= len(thing.split()) + 2:
                continue
            trimmed = _cut(part, thing)
            if trimmed:
                kept.append(trimmed)
        self.parts = kept or self.parts
        if not mentions(self.negative_prompt, (thing,)):
            self.negative.append(thing)
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
        index = facet_phrase_index(self.parts, Facet("", "", (thing,), ()))
        if index is not None:
            self.parts[index] = f"subtle {self.parts[index]}"
        else:
            self.parts.append(f"only a little {thing}")
        return f"less {thing}"

    def note(self, text: str) -> None:
        note = f"(note: {text})"
        if note not in self.parts:
            self.parts.append(note)

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
    words = "|".join(re.escape(w) for w in sorted(TIME.words, key=len, reverse=True))
    pattern = rf"\s*\b(?:at|during|in)?\s*(?:the\s+)?(?:{words})\b"
    stripped = re.sub(pattern, "", phrase, flags=re.IGNORECASE).strip()
    return stripped or phrase


def _cut(phrase: str, thing: str) -> str:
    """`phrase` without `thing` and the little words that attach it ("wearing a red hat")."""
    escaped = re.escape(thing)
    joined = (
        rf"\s*\b(?:with|wearing|holding|carrying|and|plus)\s+(?:{ARTICLES}\s+)?"
        rf"(?:[\w-]+\s+){{0,2}}?{escaped}(?![\w-])"
    )
    cut = re.sub(joined, "", phrase, count=1, flags=re.IGNORECASE)
    if cut == phrase:
        cut = re.sub(rf"\s*\b(?:{ARTICLES}\s+)?{escaped}(?![\w-])", "", phrase, flags=re.IGNORECASE)
    return " ".join(cut.split()).strip(" ,")
