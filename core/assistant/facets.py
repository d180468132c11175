"""The facets of an image prompt, how to spot them and what to suggest when one is missing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from core.assistant.syntax import grouped, split_phrases


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
     "library", "market", "harbor", "harbour", "island", "valley", "temple", "alley", "train",
     "cliff", "moon", "mars", "planet", "hall", "tavern", "bridge", "shore", "coast", "hill",
     "ruins", "swamp", "volcano", "canyon", "tokyo", "paris", "london", "new york"),
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

CONTRAST = Facet("contrast", "", ("contrast", "contrasty"), ())
POSE = Facet(
    "pose",
    "",
    ("sitting", "standing", "running", "walking", "jumping", "kneeling", "lying down",
     "crouching", "dancing", "flying", "looking at the camera", "looking away", "arms crossed",
     "waving", "pose", "posing"),
    (),
)  # fmt: skip
SEASON = Facet("season", "", ("winter", "summer", "autumn", "spring", "season"), ())
EXPRESSION = Facet(
    "expression",
    "",
    ("smiling", "laughing", "frowning", "serious expression", "angry", "surprised", "crying",
     "expression"),
    (),
)  # fmt: skip
WEATHER = Facet(
    "weather",
    "",
    ("rainy", "rain", "foggy", "fog", "misty", "snowy", "stormy", "sunny", "overcast", "weather"),
    (),
)  # fmt: skip

FACETS = (SETTING, FRAMING, ANGLE, LIGHTING, TIME, STYLE, MOOD, COLOUR)
# Facets whose phrases an edit may replace whole ("wide shot" → "close-up"); never the setting.
REPLACEABLE = (
    FRAMING, ANGLE, LIGHTING, TIME, STYLE, MOOD, COLOUR, CONTRAST, POSE, EXPRESSION, WEATHER,
    SEASON,
)  # fmt: skip
# Words that never make a phrase the user's own: articles, links and degree words.
FILLER_WORDS = frozenset(
    "a an the of in at on with and or to from by for as into during very slightly subtle subtly "
    "strong strongly bit little more less lots much extra".split()
)
# Nouns that say which facet a phrase is about ("dramatic mood", "dramatic lighting").
FACET_NOUNS = {
    "mood": "mood", "atmosphere": "mood", "vibe": "mood", "feel": "mood", "feeling": "mood",
    "lighting": "lighting", "light": "lighting", "lit": "lighting", "palette": "colour",
    "colours": "colour", "colors": "colour", "tones": "colour", "grading": "colour",
    "shot": "framing", "crop": "framing", "view": "angle", "angle": "angle", "style": "style",
    "contrast": "contrast", "weather": "weather", "pose": "pose", "expression": "expression",
}  # fmt: skip
# Extra words a facet's phrases use beyond its marker words ("dim low-key lighting").
EXTRA_WORDS = {
    "framing": "shot crop extreme close-up closeup close up medium full body wide establishing "
    "long headshot head shoulders portrait macro cowboy tight",
    "angle": "view angle high low above below front side back behind eye level eye-level "
    "profile three-quarter three quarter overhead top-down top down bird's-eye worm's-eye "
    "dutch aerial drone over-the-shoulder shoulder rear facing camera shot",
    "lighting": "light lighting lit soft hard harsh direct key low-key high-key bright dim dark "
    "darker brighter warm golden moody dramatic rim natural studio cinematic neon candlelight "
    "moonlight sunlight backlit backlight diffused volumetric glow shadows contrast",
    "time of day": "golden hour blue night nighttime dusk dawn sunset sunrise midday noon "
    "morning evening daytime twilight midnight afternoon late early",
    "style": "style painting render photorealistic photo photograph photography realistic "
    "watercolor watercolour oil illustration anime manga cartoon 3d pixel art sketch pencil "
    "ink drawing comic book cinematic film still digital concept vector flat low poly "
    "claymation impressionist 35mm ghibli pixar noir cyberpunk steampunk minimalist minimal "
    "line vintage retro animation hand-drawn renaissance painterly",
    "mood": "mood atmosphere vibe feel feeling moody calm serene peaceful dramatic mysterious "
    "cheerful happy melancholic melancholy eerie cozy cosy epic whimsical romantic tense "
    "playful gloomy joyful somber sombre dreamy scary spooky sad creepy ominous magical "
    "hopeful lonely nostalgic intense energetic relaxing festive ethereal majestic",
    "colour": "colour colours color colors palette tones tone tint grading warm cool cold muted "
    "desaturated vibrant pastel monochrome black white sepia saturated teal orange neon",
    "contrast": "contrast contrasty high low",
    "pose": "pose sitting standing running walking jumping kneeling lying down crouching "
    "dancing flying looking camera away arms crossed waving posing up curled sleeping "
    "shoulder over",
    "expression": "expression smiling laughing frowning serious angry surprised crying smile",
    "season": "winter summer autumn spring season",
    "weather": "rainy rain foggy fog misty mist snowy stormy sunny overcast weather atmosphere",
}
_ALL_FACETS = {facet.name: facet for facet in (*FACETS, *REPLACEABLE)}
TIME_EXPRESSION = re.compile(
    r"\s*\b(?:at|during|in)\s+(?:the\s+)?(?:golden hour|blue hour|night|nighttime|dusk|dawn|"
    r"sunset|sunrise|midday|noon|morning|evening|daytime|twilight|midnight)\b",
    re.IGNORECASE,
)
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
    """The comma-separated phrases of a prompt (not split inside brackets), trimmed."""
    return split_phrases(prompt)


def words_of(text: str) -> list[str]:
    return re.findall(r"[\w'-]+", text.lower())


@lru_cache(maxsize=32)
def _vocabulary(name: str) -> frozenset[str]:
    facet = _ALL_FACETS[name]
    found = set(EXTRA_WORDS.get(name, "").split())
    for text in (*facet.words, *facet.suggestions):
        found.update(words_of(text))
    return frozenset(found)


def facet_of(phrase: str) -> str | None:
    """The facet a phrase is only about ("wide shot" → framing), else None ("dark storm clouds").

    Bracketed or weighted phrases belong to the user as written and are never a facet phrase.
    """
    if grouped(phrase):
        return None
    own = [w for w in words_of(phrase) if w not in FILLER_WORDS]
    if re.search(r"\bstyle\b", phrase, re.IGNORECASE) and len(own) <= 4:
        return "style"
    named = [FACET_NOUNS[w] for w in own if w in FACET_NOUNS]
    for name in dict.fromkeys([*named, *(facet.name for facet in REPLACEABLE)]):
        if own and all(w in _vocabulary(name) for w in own):
            return name
    return None


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
    """The last phrase (after the subject phrase) that is only about `facet`."""
    for index in range(len(parts) - 1, 0, -1):
        if facet_of(parts[index]) == facet.name:
            return index
    return None


def mention_index(parts: list[str], word: str) -> int | None:
    """The last phrase (after the subject phrase) that mentions `word`, not bracketed."""
    for index in range(len(parts) - 1, 0, -1):
        if not grouped(parts[index]) and word_pattern(word).search(parts[index]):
            return index
    return None


def _has_subject(first: str) -> bool:
    words = re.findall(r"[\w'-]+", first.lower())
    facet_words = {w for facet in FACETS for word in facet.words for w in word.split()}
    filler = {"a", "an", "the", "of", "in", "at", "on", "with", "and", "shot", "view"}
    return any(w not in facet_words and w not in filler for w in words)
