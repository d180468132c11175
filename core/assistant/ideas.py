"""Kinds of first ideas (logo, character, scene): what to ask about each and Generate's defaults."""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.assistant.facets import (
    COLOUR,
    FRAMING,
    LIGHTING,
    MOOD,
    SETTING,
    STYLE,
    TIME,
    mentions,
    phrases,
    words_of,
)


@dataclass(frozen=True)
class Question:
    """One thing an idea of some kind needs: how to tell it is there, how to ask, what to offer."""

    key: str
    text: str
    words: tuple[str, ...]
    suggestions: tuple[str, ...]


KIND_WORDS = {
    "logo": ("logo", "icon", "emblem", "badge", "wordmark", "monogram", "insignia", "brand",
             "branding", "app icon", "crest", "sticker"),
    "character": ("character", "man", "woman", "girl", "boy", "person", "knight", "wizard",
                  "witch", "warrior", "hero", "heroine", "princess", "prince", "king", "queen",
                  "elf", "dwarf", "robot", "soldier", "pirate", "samurai", "ninja", "astronaut",
                  "detective", "chef", "villain", "mage", "sorceress", "orc", "vampire", "lady",
                  "guy", "kid", "child", "old man", "old woman", "avatar", "mascot"),
}  # fmt: skip
_LOOK = ("wearing", "dress", "armor", "armour", "cloak", "coat", "jacket", "hair", "suit",
         "outfit", "clothes", "robe", "robes", "uniform", "hat", "helmet", "shirt", "tattoo",
         "beard", "eyes", "glasses", "hood", "scarf")  # fmt: skip
QUESTIONS: dict[str, tuple[Question, ...]] = {
    "logo": (
        Question("name", "What name or text should the logo show, if any?",
                 ("text", "name", "letters", "lettering", "wordmark", "named", "called", "saying",
                  "initials", "monogram", "symbol only"),
                 ("symbol only, no text", "the name in bold sans-serif letters",
                  "a monogram of the initials")),
        Question("style", "Which logo style?",
                 ("flat", "vector", "minimal", "minimalist", "line", "emblem", "badge", "mascot",
                  "geometric", "3d", "vintage", "retro", "hand-drawn", "gradient"),
                 ("flat minimalist vector logo", "vintage emblem badge",
                  "geometric line-art logo", "playful mascot logo")),
        Question("colours", "Which colours?", COLOUR.words,
                 ("black and white", "deep blue and gold", "orange and teal",
                  "pastel pink and mint")),
    ),
    "character": (
        Question("who", "Who is the character: age, role, personality?", (),
                 ("young and determined", "old and weathered", "mysterious and stern",
                  "cheerful and curious")),
        Question("look", "What do they look like or wear?", _LOOK,
                 ("wearing worn leather armour", "in a long dark hooded cloak",
                  "in casual modern clothes", "in ornate royal robes")),
        Question("setting", "Where are they?", SETTING.words,
                 ("in a misty forest", "on a busy city street", "in a castle hall",
                  "in a studio with a plain backdrop")),
    ),
    "scene": (
        Question("place", SETTING.question, SETTING.words, SETTING.suggestions),
        Question("time", TIME.question, TIME.words, TIME.suggestions),
        Question("mood", MOOD.question, MOOD.words, MOOD.suggestions),
    ),
}  # fmt: skip
# What ✨ Generate adds when a facet is still missing, per kind: (facet words, default phrase).
DEFAULTS: dict[str, tuple[tuple[tuple[str, ...], str], ...]] = {
    "logo": (
        (QUESTIONS["logo"][1].words, "flat minimalist vector logo"),
        (("background", "backdrop"), "plain white background"),
        (COLOUR.words, "two-colour palette"),
    ),
    "character": (
        (FRAMING.words, "medium shot"),
        (LIGHTING.words, "soft studio lighting"),
        (STYLE.words, "detailed character art"),
    ),
    "scene": (
        (FRAMING.words, "medium shot"),
        (LIGHTING.words, "soft natural light"),
        (STYLE.words, "photorealistic"),
    ),
}


def kind_of_idea(prompt: str) -> str:
    """ "logo", "character" or "scene" (the default)."""
    for kind, words in KIND_WORDS.items():
        if mentions(prompt, words):
            return kind
    return "scene"


def open_questions(prompt: str) -> list[Question]:
    """The questions this idea still needs, in order."""
    kind = kind_of_idea(prompt)
    return [q for q in QUESTIONS[kind] if not _answered(q, prompt)]


def defaults(prompt: str) -> list[str]:
    """What ✨ Generate adds to this idea: only the missing facets, fitting its kind."""
    return [
        phrase for words, phrase in DEFAULTS[kind_of_idea(prompt)] if not mentions(prompt, words)
    ]


def _answered(question: Question, prompt: str) -> bool:
    if question.key == "who":  # more than "a knight": some trait or a second phrase
        first = phrases(prompt)[0] if phrases(prompt) else ""
        own = [w for w in words_of(first) if w not in ("a", "an", "the", "of", "with")]
        return len(own) >= 3 or len(phrases(prompt)) >= 3
    if question.key == "name" and re.search(r"[\"“”'‘’]", prompt):
        return True
    return mentions(prompt, question.words)
