"""Parse prompt text with Midjourney-style --flags into validated generation parameters."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, replace

from core.errors import BadInput
from core.loras import LoraAsk, format_asks, parse_asks
from core.names import MAX_DIGITS, control_character, looks_empty
from core.sizes import normalize_aspect_ratio, normalize_resolution

MAX_PROMPT_CHARS = 4000
MAX_VOICE_LINE = 4096
"""A voice card's draft is the line spoken: OpenAI text-to-speech reads up to 4096 characters."""
MAX_NEGATIVE_CHARS = 1000  # the negative_prompt columns are this long
MIN_COUNT = 1
MAX_COUNT = 5
MAX_SEED = 2**32 - 1
MAX_MEDIA_VALUE = 64  # --duration seconds / --voice id, checked against the profile later
MAX_NAMES_CHARS = 400  # --scene / --with: names, resolved by core against the project

# Canonical flag names in display order, then every accepted spelling -> canonical name.
FLAGS = ("ar", "res", "n", "seed", "no", "model", "scene", "with", "lora", "duration", "voice")
REPEATABLE = ("lora",)  # `--lora ink:0.8 --lora house` adds up
ALIASES: dict[str, str] = {
    "ar": "ar",
    "aspect": "ar",
    "res": "res",
    "resolution": "res",
    "n": "n",
    "count": "n",
    "seed": "seed",
    "no": "no",
    "model": "model",
    "m": "model",
    "scene": "scene",
    "with": "with",
    "lora": "lora",
    "duration": "duration",
    "voice": "voice",
}
_EXAMPLES = {
    "ar": "16:9",
    "res": "2K",
    "n": "3",
    "seed": "42 (or random)",
    "no": "text, watermark",
    "model": "local",
    "scene": "harbour",
    "with": "Mara, Tom",
    "lora": "ink:0.8 (or none)",
    "duration": "10",
    "voice": "nova",
}

# A flag starts a whitespace-separated word with "--" (or the em dash phone keyboards
# turn "--" into) directly followed by a letter; the rest of the word is its name.
_FLAG_RE = re.compile(r"(?<!\S)(?:--|\u2014)(?=[A-Za-z])(\S+)")
_UINT_RE = re.compile(r"[0-9]+")


@dataclass(frozen=True)
class PromptParams:
    """A prompt and the settings given with it; None means "not given, use the default"."""

    prompt: str
    negative_prompt: str | None = None
    aspect_ratio: str | None = None
    resolution: str | None = None
    count: int | None = None
    seed: int | None = None
    model: str | None = None
    random_seed: bool = False
    """`--seed random`: go back to a new random seed for every version."""
    scene: str | None = None
    """`--scene NAME`: place the card in a scene (its pool becomes refs); "none" takes it out."""
    cast: str | None = None
    """`--with Mara, Tom`: characters whose canonical portraits go along as refs."""
    loras: tuple[LoraAsk, ...] | None = None
    """`--lora ink:0.8`: LoRA styles with weights (checked against the model by core.loras);
    () is `--lora none` (the card uses none)."""
    duration: str | None = None
    """`--duration 10`: a video or music card's clip length (checked against its profile by
    core.media_choice); None keeps the last version's."""
    voice: str | None = None
    """`--voice nova`: a voice card's voice id (checked by core.media_choice); None keeps the
    last version's."""


RANDOM = "random"


def parse_seed(value: str) -> int | None:
    """A seed answer: a whole number, or "random" (None); BadInput otherwise."""
    if value.strip().casefold() == RANDOM:
        return None
    return _parse_uint(value.strip(), "seed", 0, MAX_SEED)


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _parse_uint(value: str, flag: str, low: int, high: int) -> int:
    shown = value if len(value) <= 24 else f"{value[:20]}… ({len(value)} characters)"
    if (
        _UINT_RE.fullmatch(value) is None
        or len(value.lstrip("0")) > MAX_DIGITS
        or not low <= int(value) <= high
    ):
        raise BadInput(f'--{flag} must be a whole number from {low} to {high}, got "{shown}"')
    return int(value)


def _parse_model(value: str, models: Collection[str]) -> str:
    by_key = {model.casefold(): model for model in models}
    found = by_key.get(value.casefold())
    if found is None:
        available = ", ".join(sorted(models)) or "none"
        raise BadInput(f'unknown model "{value}" for --model; available: {available}')
    return found


def _check_length(text: str, what: str, limit: int = MAX_PROMPT_CHARS) -> None:
    if len(text) > limit:
        raise BadInput(f"{what} is {len(text)} characters long; the limit is {limit} characters")


def _split_flags(text: str) -> tuple[str, list[tuple[str, str, str]]]:
    """Split text into (prompt, [(canonical flag, flag as written, value), ...])."""
    matches = list(_FLAG_RE.finditer(text))
    prompt = text[: matches[0].start()] if matches else text
    flags: list[tuple[str, str, str]] = []
    for index, match in enumerate(matches):
        written = "--" + match.group(1)
        canonical = ALIASES.get(match.group(1).lower())
        if canonical is None:
            allowed = ", ".join(f"--{name}" for name in FLAGS)
            raise BadInput(f"unknown flag {written}; allowed flags: {allowed}")
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        flags.append((canonical, written, _collapse(text[match.end() : end])))
    return prompt, flags


def _parse_value(flag: str, value: str, models: Collection[str]) -> str | int:
    """Validate one flag's value and return it in canonical form."""
    if flag in ("ar", "res"):
        normalize = normalize_aspect_ratio if flag == "ar" else normalize_resolution
        try:
            return normalize(value)
        except BadInput as error:
            raise BadInput(f"--{flag}: {error}") from None
    if flag == "n":
        return _parse_uint(value, flag, MIN_COUNT, MAX_COUNT)
    if flag == "seed":
        if value.casefold() == RANDOM:
            return RANDOM
        return _parse_uint(value, flag, 0, MAX_SEED)
    if flag == "no":
        _check_length(value, "the --no text", MAX_NEGATIVE_CHARS)
        return value
    if flag in ("duration", "voice"):
        _check_length(value, f"the --{flag} value", MAX_MEDIA_VALUE)
        return value
    if flag in ("scene", "with", "lora"):
        _check_length(value, f"the --{flag} text", MAX_NAMES_CHARS)
        return value
    return _parse_model(value, models)


def parse_prompt(
    text: str, *, models: Collection[str], limit: int = MAX_PROMPT_CHARS
) -> PromptParams:
    """Parse "a prompt --ar 16:9 --n 2 ..." into PromptParams; raise BadInput on bad input.
    `limit`: MAX_VOICE_LINE where the card is not known yet (/prompt; core.cards checks it)."""
    found = control_character(text)
    if found is not None:
        raise BadInput(f"the prompt contains the control character {found}; use plain text")
    prompt_text, flags = _split_flags(text)
    prompt = _collapse(prompt_text)
    if looks_empty(prompt):
        raise BadInput("the prompt is empty; describe the image before any --flags")
    _check_length(prompt, "the prompt", limit)
    return replace(_settings(flags, models), prompt=prompt)


def parse_settings(text: str, *, models: Collection[str], command: str) -> PromptParams | None:
    """Only --flags ("--n 3 --ar 9:16", for New Version); None when nothing was given."""
    found = control_character(text)
    if found is not None:
        raise BadInput(f"{command} got the control character {found}; use plain text")
    prompt_text, flags = _split_flags(text)
    if not looks_empty(prompt_text):
        raise BadInput(
            f"{command} takes only --flags (e.g. {command} --n 3 --ar 9:16); "
            "change the prompt with /prompt <text>"
        )
    return _settings(flags, models) if flags else None


def _settings(flags: list[tuple[str, str, str]], models: Collection[str]) -> PromptParams:
    """The settings the flags give (prompt left empty)."""
    texts: dict[str, str] = {}
    numbers: dict[str, int] = {}
    seen: dict[str, str] = {}
    loras: list[LoraAsk] | None = None
    for flag, written, value in flags:
        if flag in seen and flag not in REPEATABLE:
            raise BadInput(
                f"--{flag} was given twice (as {seen[flag]} and {written}); give each flag once"
            )
        seen[flag] = written
        if looks_empty(value):
            raise BadInput(f"--{flag} needs a value, e.g. --{flag} {_EXAMPLES[flag]}")
        parsed = _parse_value(flag, value, models)
        if flag == "lora":
            asks = parse_asks(str(parsed))
            if loras is not None and (not asks or not loras):
                raise BadInput("--lora none cannot be combined with other --lora names")
            loras = [*(loras or []), *asks]
            continue
        if isinstance(parsed, int):
            numbers[flag] = parsed
        else:
            texts[flag] = parsed
    return PromptParams(
        prompt="",
        negative_prompt=texts.get("no"),
        aspect_ratio=texts.get("ar"),
        resolution=texts.get("res"),
        count=numbers.get("n"),
        seed=numbers.get("seed"),
        model=texts.get("model"),
        random_seed=texts.get("seed") == RANDOM,
        scene=texts.get("scene"),
        cast=texts.get("with"),
        loras=tuple(loras) if loras is not None else None,
        duration=texts.get("duration"),
        voice=texts.get("voice"),
    )


def format_flags(params: PromptParams) -> str:
    """Render the given (non-None) settings as flag text, e.g. "--ar 16:9 --n 3"."""
    parts: list[str] = []
    if params.aspect_ratio is not None:
        parts.append(f"--ar {params.aspect_ratio}")
    if params.resolution is not None:
        parts.append(f"--res {params.resolution}")
    if params.count is not None:
        parts.append(f"--n {params.count}")
    if params.seed is not None:
        parts.append(f"--seed {params.seed}")
    elif params.random_seed:
        parts.append("--seed random")
    if params.negative_prompt is not None:
        parts.append(f"--no {params.negative_prompt}")
    if params.model is not None:
        parts.append(f"--model {params.model}")
    if params.scene is not None:
        parts.append(f"--scene {params.scene}")
    if params.cast is not None:
        parts.append(f"--with {params.cast}")
    if params.loras is not None:
        parts.append(f"--lora {format_asks(params.loras)}")
    if params.duration is not None:
        parts.append(f"--duration {params.duration}")
    if params.voice is not None:
        parts.append(f"--voice {params.voice}")
    return " ".join(parts)


def apply_options(
    params: PromptParams, options: dict[str, str | int | None], *, models: Collection[str]
) -> PromptParams:
    """`params` plus a platform's typed options (flag name → value, e.g. {"n": 3}), each
    validated on its own: a value is never split into further --flags (a negative option
    "blurry --n 5" stays a negative prompt). A setting given both ways is refused."""
    typed = [
        (ALIASES[flag], f"the {flag} option", _collapse(str(value)))
        for flag, value in options.items()
        if value is not None and str(value).strip()
    ]
    settings = _settings(typed, models)
    merged = params
    names = ("negative_prompt", "aspect_ratio", "resolution", "count", "seed", "model", "scene")
    for name in (*names, "cast", "loras", "duration", "voice"):
        value = getattr(settings, name)
        if value is not None and getattr(params, name) is not None:
            what = "LoRA list" if name == "loras" else name.replace("_", " ")
            raise BadInput(f"the {what} was given twice (as a --flag and as an option)")
        if value is not None:
            merged = replace(merged, **{name: value})
    if settings.random_seed:
        if params.seed is not None or params.random_seed:
            raise BadInput("the seed was given twice (as a --flag and as an option)")
        merged = replace(merged, random_seed=True)
    return merged
