"""The facets of an image prompt, how to spot them and what to suggest when one is missing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Facet:
    """One aspect of a shot: the words that show it is there, a question and suggestions."""

    name: str
    question: str
    words: tuple[str, ...]
    suggestions: tuple[str, ...]


SETTING = Facet(
    "setting",
    "Where is the scene set?",
    ("forest", "woods", "city", "street", "beach", "studio", "room", "mountain", "mountains",
     "snow", "desert", "space", "castle", "kitchen", "office", "field", "meadow", "ocean", "sea",
     "lake", "river", "park", "background", "interior", "indoors", "outdoors", "landscape",
     "village", "garden", "cave", "sky", "jungle", "underwater", "rooftop", "bar", "cafe",
     "library", "market", "harbor", "harbour", "island", "valley", "temple", "alley", "train"),
    ("in a misty forest", "on a mountain top", "on a busy city street",
     "in a studio with a plain backdrop"),
)  # fmt: skip
FRAMING = Facet(
    "framing",
    "How close should the camera be?",
    ("close-up", "closeup", "close up", "extreme close-up", "medium shot", "medium close-up",
     "wide shot", "extreme wide shot", "full body", "full-body", "full body shot",
     "establishing shot", "long shot", "headshot", "portrait", "macro", "cowboy shot"),
    ("close-up", "medium shot", "full body shot", "wide establishing shot"),
)  # fmt: skip
ANGLE = Facet(
    "angle",
    "From which angle?",
    ("eye level", "eye-level", "low angle", "high angle", "from above", "from below",
     "bird's-eye", "bird's eye", "overhead", "top-down", "top down", "profile", "side view",
     "front view", "three-quarter view", "dutch angle", "worm's-eye", "aerial"),
    ("eye-level view", "low angle from below", "high angle from above", "profile view"),
)  # fmt: skip
LIGHTING = Facet(
    "lighting",
    "What light should it have?",
    ("light", "lighting", "lit", "backlit", "backlight", "rim light", "sunlight", "moonlight",
     "candlelight", "neon", "shadows", "volumetric", "glow", "glowing", "low-key", "high-key"),
    ("soft natural light", "dramatic rim lighting", "warm golden light", "moody low-key lighting"),
)  # fmt: skip
TIME = Facet(
    "time of day",
    "What time of day?",
    ("night", "nighttime", "dusk", "dawn", "sunset", "sunrise", "golden hour", "blue hour",
     "midday", "noon", "morning", "evening", "daytime", "twilight", "midnight"),
    ("at golden hour", "at night", "at midday", "at dawn"),
)  # fmt: skip
STYLE = Facet(
    "style",
    "What style should the image have?",
    ("photo", "photograph", "photography", "photorealistic", "realistic", "watercolor",
     "watercolour", "oil painting", "painting", "illustration", "anime", "manga", "cartoon",
     "3d render", "render", "pixel art", "sketch", "pencil", "ink", "comic", "cinematic",
     "digital art", "concept art", "vector", "low poly", "claymation", "film still", "35mm",
     "impressionist", "style"),
    ("photorealistic photo", "watercolor painting", "cinematic film still", "3D render"),
)  # fmt: skip
MOOD = Facet(
    "mood",
    "What mood should it have?",
    ("mood", "moody", "calm", "serene", "peaceful", "dramatic", "mysterious", "cheerful",
     "happy", "melancholic", "melancholy", "eerie", "cozy", "epic", "whimsical", "romantic",
     "tense", "playful", "gloomy", "joyful", "somber", "dreamy", "dark"),
    ("calm serene mood", "dramatic epic mood", "mysterious mood", "cheerful playful mood"),
)  # fmt: skip
COLOUR = Facet(
    "colour",
    "Which colours?",
    ("colour", "color", "colours", "colors", "palette", "monochrome", "black and white",
     "pastel", "vibrant", "muted", "desaturated", "sepia", "tones", "red", "orange", "yellow",
     "green", "blue", "purple", "pink", "teal", "golden", "silver", "white", "black"),
    ("warm colour palette", "cool blue tones", "muted pastel colours", "black and white"),
)  # fmt: skip

FACETS = (SETTING, FRAMING, ANGLE, LIGHTING, TIME, STYLE, MOOD, COLOUR)
BY_NAME = {facet.name: facet for facet in FACETS}
# What the assistant asks about before the first generation, in this order.
ASKED = (SETTING, STYLE, FRAMING, LIGHTING)
# What Generate fills in by itself when the user skipped the questions.
COMPLETED = (FRAMING, LIGHTING, STYLE)


@lru_cache(maxsize=512)
def word_pattern(word: str) -> re.Pattern[str]:
    """A whole-word, case-insensitive match of `word` (hyphens count as part of a word)."""
    return re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])", re.IGNORECASE)


def mentions(text: str, words: tuple[str, ...]) -> bool:
    return any(word_pattern(word).search(text) for word in words)


def phrases(prompt: str) -> list[str]:
    """The comma-separated phrases of a prompt, trimmed, empty ones dropped."""
    return [p.strip() for p in prompt.split(",") if p.strip()]


def join(parts: list[str]) -> str:
    return ", ".join(p for p in parts if p)


def present(prompt: str) -> set[str]:
    """Names of the facets the prompt already covers (subject: any words beyond facet words)."""
    found = {facet.name for facet in FACETS if mentions(prompt, facet.words)}
    if phrases(prompt) and _has_subject(phrases(prompt)[0]):
        found.add("subject")
    return found


def missing(prompt: str, facets: tuple[Facet, ...] = FACETS) -> list[Facet]:
    covered = present(prompt)
    return [facet for facet in facets if facet.name not in covered]


def facet_phrase_index(parts: list[str], facet: Facet) -> int | None:
    """The last phrase (after the subject phrase) that expresses `facet`."""
    for index in range(len(parts) - 1, 0, -1):
        if mentions(parts[index], facet.words):
            return index
    return None


def _has_subject(first: str) -> bool:
    words = re.findall(r"[\w'-]+", first.lower())
    facet_words = {w for facet in FACETS for word in facet.words for w in word.split()}
    filler = {"a", "an", "the", "of", "in", "at", "on", "with", "and", "shot", "view"}
    return any(w not in facet_words and w not in filler for w in words)
