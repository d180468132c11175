"""Typo tolerance on the small vocabulary of intents: "closr", "remvoe the hat", "mak it nigth"."""

from __future__ import annotations

import re
from difflib import get_close_matches

from core.assistant.vocabulary import TYPO_WORDS

CUTOFF = 0.8
_SHORT = {"mak": "make", "pls": "please", "plz": "please", "nite": "night", "bg": "background",
          "b/w": "black and white", "bw": "black and white", "u": "you", "ur": "your",
          "abit": "a bit", "alittle": "a little", "closeup": "close-up", "ot": "out",
          "otu": "out", "zoon": "zoom", "nigt": "night", "mor": "more", "moar": "more", "inn": "in",
          "ligth": "light"}  # fmt: skip


def corrected(text: str, protected: set[str]) -> str:
    """`text` with near-misses of intent words fixed; words of the draft are never touched."""

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        low = word.lower()
        if low in _SHORT:
            return _SHORT[low]
        if len(low) < 4 or low in TYPO_WORDS or low in protected:
            return word
        swapped = [w for w in TYPO_WORDS if len(w) == len(low) and sorted(w) == sorted(low)]
        if swapped:  # two letters swapped: "mkae", "nigth"
            return swapped[0]
        close = get_close_matches(low, TYPO_WORDS, n=1, cutoff=CUTOFF)
        return close[0] if close else word

    return re.sub(r"[\w/'-]+", fix, text)
