"""Common refinement phrases in Spanish, German and Russian, read as their English instruction."""

from __future__ import annotations

import re

# English instruction → the phrases that say it (a clause must be one of them, whole).
PHRASES: dict[str, tuple[str, ...]] = {
    "closer": ("más cerca", "mas cerca", "acércate", "acercate", "acerca la cámara", "näher",
               "näher ran", "ranzoomen", "heranzoomen", "ближе", "крупнее", "приблизь"),
    "wider": ("más lejos", "mas lejos", "aléjate", "alejate", "más amplio", "weiter weg",
              "rauszoomen", "herauszoomen", "дальше", "отдали", "шире"),
    "close-up": ("primer plano", "nahaufnahme", "крупный план"),
    "full body": ("cuerpo entero", "ganzkörper", "ganzer körper", "в полный рост"),
    "make it night": ("de noche", "noche", "nocturno", "nachts", "bei nacht", "nacht", "ночью",
                      "ночь", "ночной"),
    "make it sunset": ("atardecer", "puesta de sol", "al atardecer", "sonnenuntergang", "закат",
                       "на закате"),
    "make it sunrise": ("amanecer", "al amanecer", "sonnenaufgang", "рассвет", "на рассвете"),
    "daytime": ("de día", "de dia", "tagsüber", "am tag", "днём", "днем"),
    "darker": ("más oscuro", "mas oscuro", "oscuro", "dunkler", "темнее"),
    "brighter": ("más claro", "mas claro", "más brillante", "más luz", "heller", "светлее",
                 "ярче"),
    "more contrast": ("más contraste", "mas contraste", "mehr kontrast", "kontrastreicher",
                      "контрастнее", "больше контраста"),
    "warmer": ("más cálido", "mas calido", "cálido", "wärmer", "теплее"),
    "cooler": ("más frío", "mas frio", "frío", "kälter", "kühler", "холоднее"),
    "black and white": ("blanco y negro", "en blanco y negro", "schwarzweiß", "schwarz-weiß",
                        "schwarzweiss", "чёрно-белое", "черно-белое", "чб"),
    "watercolor": ("acuarela", "en acuarela", "aquarell", "als aquarell", "акварель",
                   "акварелью"),
    "anime style": ("anime", "estilo anime", "im anime-stil", "аниме", "в стиле аниме"),
    "photorealistic": ("fotorrealista", "realista", "foto", "fotorealistisch", "realistisch",
                       "фотореализм", "реалистично", "как фото"),
    "from above": ("desde arriba", "vista aérea", "von oben", "сверху"),
    "from below": ("desde abajo", "von unten", "снизу"),
    "profile view": ("de perfil", "im profil", "von der seite", "в профиль", "сбоку"),
    "no text": ("sin texto", "sin letras", "ohne text", "ohne schrift", "без текста",
                "без надписей"),
    "undo": ("deshacer", "deshaz", "deshaz eso", "rückgängig", "mach das rückgängig", "zurück",
             "отмени", "отменить", "верни как было", "назад"),
}  # fmt: skip
_FILLER = re.compile(
    r"^(?:(?:por favor|porfa|hazlo|haz|hazla|ponlo|pon|quiero que sea|quiero|que sea|ich will|"
    r"хочу чтобы было|хочу|un poco|más|mas|bitte|mach es|"
    r"mach|mache|machen|etwas|ein bisschen|noch|пожалуйста|сделай|сделайте|чуть|немного|"
    r"ещё|еще|давай)\s+)+|\s+(?:por favor|bitte|пожалуйста)$",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"\s*(?:[,;.!?]+|\s(?:y|und|и|e)\s)\s*", re.IGNORECASE)
_MARKERS = frozenset(
    "el la los las del más mas por favor hazlo haz quita pon sin con que una muy poco esto "
    "der die das und nicht bitte mach mache machen mehr etwas eine ist mit ohne bisschen weg "
    "noch auf".split()
)
_LOOKUP = {phrase: english for english, said in PHRASES.items() for phrase in said}
HONEST = (
    "Offline I only understand English, plus a few common phrases in Spanish, German and Russian "
    "(e.g. “más cerca”, “nachts”, “без текста”). Nothing changed; try e.g. “closer”, "
    "“make it night”, “remove the hat”."
)


def foreign(message: str) -> bool:
    """Cyrillic, or Spanish / German little words: not English."""
    if re.search(r"[\u0400-\u04ff]", message):
        return True
    words = set(re.findall(r"[\wäöüßáéíóúñ]+", message.lower()))
    return bool(words & _MARKERS) or bool(re.search(r"[äöüßñ¿¡]", message.lower()))


def translate(message: str) -> str | None:
    """The English instruction when every clause is a known phrase, else None."""
    found = []
    whole = message.strip(" .!?¡¿").lower()
    if whole in _LOOKUP or _FILLER.sub("", whole).strip() in _LOOKUP:
        return _LOOKUP.get(whole) or _LOOKUP[_FILLER.sub("", whole).strip()]
    for clause in _SPLIT.split(message.strip().lower()):
        clause = clause.strip(" .!?¡¿")
        bare = _FILLER.sub("", clause).strip()
        if not bare:
            continue
        trimmed = re.sub(r"\s+(?:por favor|bitte|пожалуйста)$", "", clause)
        english = _LOOKUP.get(bare) or _LOOKUP.get(trimmed)
        if english is None:
            return None
        found.append(english)
    return ", ".join(found) if found else None
