"""What a chat message is before it is an edit: thanks, a question, a setting, undo, injection."""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.assistant.facets import FILLER_WORDS

# (kind, pattern) in order; the first whose pattern matches the whole message wins.
# Kinds: thanks, chat, idk, restart, injection, settings, undo, question.
_WHOLE: list[tuple[str, str]] = [
    (
        "thanks",
        r"(?:(?:thanks?|thank you|thx|ty|tysm|cheers|merci|gracias|danke|спасибо)"
        r"(?: (?:so|very) much| a lot| again| man| mate| bro)?|(?:ok(?:ay)?|cool|nice|great|"
        r"perfect|awesome|amazing|wow|love it|i love it|lol|lmao|haha+|beautiful|gorgeous|"
        r"excellent|good job|well done|sweet|neat|yes|yep|yeah|sure|fine|"
        r"looks? (?:good|great|perfect|amazing)|"
        r"that'?s (?:it|great|perfect|nice|exactly what i wanted)|exactly what i wanted|"
        r"(?:this is |that is |it'?s )?(?:perfect|great|amazing|awesome|beautiful)|lol nice|"
        r"nice one|good|👍|❤️|🔥|😍|🙏)(?:[ ,]+(?:thanks?|thank you|that'?s exactly what i wanted|"
        r"lol|nice|love it|great|perfect|great job))*)[ !.]*",
    ),
    (
        "chat",
        r"(?:hi|hello|hey|yo|sup|good (?:morning|evening|night)|how are you(?: doing)?|"
        r"what'?s up|who are you|are you (?:a bot|there|real|human)|bye|goodbye|see you|gn|brb|"
        r"hola|hallo|привет)(?: there| bot| lightbox)?[ !.?]*",
    ),
    (
        "idk",
        r"(?:idk|i ?dunno|dunno|i don'?t know|no idea|you (?:decide|choose|pick)|"
        r"up to you|your (?:call|choice)|whatever|surprise me|anything(?: is fine)?|"
        r"dealer'?s choice|just (?:do it|go|make (?:it|something))|go ahead)[ !.]*",
    ),
]
_SEARCH: list[tuple[str, str]] = [
    (
        "injection",
        r"ignore (?:all |any |the |your )?(?:previous|prior|above|earlier|system)|"
        r"disregard|system prompt|developer mode|jailbreak|you are now|act as (?:an? )?(?:admin|"
        r"developer|dan)|pretend (?:you|to be)|reveal (?:your|the) (?:prompt|instructions)|"
        r"print your (?:prompt|instructions)|</?system>|\[system\]|set (?:the )?cost|free credits|"
        r"give me credits|make me (?:an? )?(?:admin|owner)|approve all|delete all|new instructions|"
        r"^(?:assistant|user|system|ai|bot)\s*:|new prompt\s*:|new rules?\b|from now on|"
        r"user is an? (?:admin|owner)|#+\s*system|"
        r"(?:disable|turn off|bypass|remove) (?:the |your )?(?:nsfw |safety |content )?"
        r"(?:filter|filters|safety|moderation)",
    ),
    (
        "restart",
        r"(?:delete|remove|erase|clear|wipe) (?:it all|the (?:whole )?(?:prompt|draft)\b|"
        r"everything|all of it|the whole thing)|start (?:over|again|from scratch)|from scratch|"
        r"reset (?:it|everything|the prompt)|scrap (?:it|that|this)|throw it away",
    ),
    (
        "settings",
        r"^(?:in )?landscape(?: please| pls)?$|"
        r"(?<![\w])\d{1,2} ?(?::|x|×|by) ?\d{1,2}(?![\w])|aspect|ratio|widescreen|"
        r"\bformat\b|landscape (?:format|orientation|mode)|"
        r"portrait (?:format|orientation|mode)|vertical|"
        r"horizontal|square(?: format| image| picture)?$|resolution|\bres\b|\b[248] ?k\b|"
        r"^(?:make|give me|generate|can i get) (?:\d+|two|three|four|five)(?: of (?:them|these|"
        r"it|those))?$|higher res|\bhd\b|upscale|\bseed\b|\bmodel\b|\bflux\b|sdxl|dall-?e|"
        r"midjourney|"
        r"(?:\d+|two|three|four|five|more|several) (?:images|pictures|versions|variations|pics)|"
        r"\bcredits?\b|\bcost\b|\bprice\b|how much|negative prompt|generate(?: it| now| this)?$|"
        r"render it$|^go$|new version|\bapprove\b|\breject\b",
    ),
    (
        "undo",
        r"^(?:undo|revert|rollback|roll back|ctrl[ +-]?z|go back|take (?:that|it) back|"
        r"back to (?:v|version )?\d+|restore(?: v| version )?\d*|"
        r"put (?:the |her |his |its )?.+ back|bring (?:back )?(?:the |her |his |its )?.+ back|"
        r"bring back .+|return to (?:v|version )\d+|"
        r"(?:use|go to) the (?:previous|last|old|earlier) (?:one|prompt|version)|"
        r"(?:the )?(?:previous|last|old|earlier) (?:one|prompt|version) was better|"
        r"(?:as|like) it was(?: before)?)\b",
    ),
]
# A message made only of these words (and emoji) is chit-chat: "wow this is so cool 😂".
CHAT_ONLY = frozenset(
    "wow omg yes yay yeah yep nice cool great good love it this is so sick awesome work job bot "
    "there hello hi hey lol lmao haha hahaha that's thats amazing perfect beautiful gorgeous "
    "thanks thank you ty thx really very much well done excellent neat sweet dope fire lit ok "
    "okay sure fine brilliant superb incredible fantastic wonderful it's looks look exactly what "
    "i wanted just right man dude bro mate again hmm hm oh ah wait brb gg".split()
)
# Words that start an instruction, never a thing to draw or keep out ("make it summer").
INSTRUCTION_VERBS = frozenset(
    "make turn change set switch disable enable remove delete add keep use go do undo revert "
    "ignore generate render approve reject give put move try let please can could would".split()
)
# Words too vague to draw or keep out: "make it better", "no", "the other one".
VAGUE = frozenset(
    "better worse nicer prettier cooler best bad it this that them no not nope yes other one fix "
    "again same more less something anything everything thing stuff".split()
)
# Degree words: "a bit closer" steps once and softly; "much closer" twice.
SLIGHT = r"a (?:tiny |little )?bit(?: more)?|a little(?: more)?|slightly|a tad|somewhat|a touch"
STRONG = r"much|way|a lot|very|really|super|far|significantly|way more|much more"
QUESTION = re.compile(
    r"\?\s*$|^(?:what|why|how|when|where|who|which|is|are|do|does|did|can|could|should|will|"
    r"would)\b",
    re.IGNORECASE,
)
# A question that asks for information ("what's the weather like?"), not for a change.
ASKS_ONLY = re.compile(
    r"^(?!what if|how about|what about)(?:what|what's|whats|why|how|when|where|who|which|is|are|"
    r"does|do|did|was|were)\b.*\?\s*$",
    re.IGNORECASE,
)
ASPECT = re.compile(r"(?<![\w])(\d{1,2}) ?(?::|x|×|by) ?(\d{1,2})(?![\w])")
_ORIENTATION = {
    "widescreen": "16:9", "landscape": "3:2", "horizontal": "3:2", "vertical": "9:16",
    "portrait": "2:3", "square": "1:1",
}  # fmt: skip


@dataclass(frozen=True)
class Setting:
    """Which control a settings request needs, and the value when the message gives one."""

    key: str
    value: str | None = None


def kind_of(message: str) -> str | None:
    """The kind of a message that is not an edit of the image, else None."""
    text = message.strip().lower()
    said = re.findall(r"[\w']+", text)
    if 0 < len(said) <= 8 and all(w in CHAT_ONLY for w in said) and not text.endswith("?"):
        return "thanks"
    for kind, pattern in _WHOLE:
        if re.fullmatch(pattern, text):
            return kind
    for kind, pattern in _SEARCH:
        if re.search(pattern, text):
            return kind
    return None


def setting_of(message: str) -> Setting:
    """The setting a message asks for: "make it 16:9" → aspect 16:9, "4 images" → count 4."""
    text = message.lower()
    ratio = ASPECT.search(text)
    if ratio:
        return Setting("aspect", f"{ratio.group(1)}:{ratio.group(2)}")
    for word, value in _ORIENTATION.items():
        if re.search(rf"\b{word}\b", text):
            return Setting("aspect", value)
    if match := re.search(r"\b([248]) ?k\b", text):
        return Setting("resolution", f"{match.group(1)}K")
    if re.search(r"resolution|\bres\b|\bhd\b|upscale", text):
        return Setting("resolution", "2K")
    if match := re.search(r"\bseed\b\D*(\d+)?", text):
        return Setting("seed", match.group(1))
    counted = r"(\d+|two|three|four|five) (?:images|pictures|versions|variations|of (?:them|these))"
    if match := re.search(counted, text):
        number = {"two": "2", "three": "3", "four": "4", "five": "5"}.get(match[1], match[1])
        return Setting("count", number)
    if re.search(r"more (?:images|pictures|versions|variations)|several", text):
        return Setting("count", "4")
    if re.search(r"aspect|ratio|format", text):
        wide = re.search(r"wide|landscape|horizontal", text)
        tall = re.search(r"tall|vertical|portrait", text)
        return Setting("aspect", "16:9" if wide else "9:16" if tall else None)
    if re.search(r"\bmodel\b|flux|sdxl|dall-?e|midjourney", text):
        return Setting("model")
    if re.search(r"negative prompt", text):
        return Setting("negative")
    if re.search(r"approve|reject", text):
        return Setting("review")
    if re.search(r"new version", text):
        return Setting("new_version")
    if re.search(r"generate|render it|^go$", text):
        return Setting("generate")
    if re.search(r"credit|cost|price|how much|paid|pay", text):
        return Setting("cost")
    return Setting("edit")


def describes(text: str) -> bool:
    """Whether `text` names something to draw: "make it a dog" yes; "no", "fix it", "better" no."""
    said = re.findall(r"[\w']+", text.lower())
    if "?" in text:
        return False
    plain = CHAT_ONLY | INSTRUCTION_VERBS | FILLER_WORDS | VAGUE
    return any(w not in plain and not w.isdigit() for w in said)
