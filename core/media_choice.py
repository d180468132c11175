"""Which media profile a command uses, and the duration and voice it is asked for."""

from __future__ import annotations

import re

from sqlmodel import Session

from core.catalog import ModelCatalog, ModelProfile
from core.categories import title
from core.errors import BadInput
from core.model_choice import favorite_ids
from core.models import Card, User
from core.prompt_params import MAX_PROMPT_CHARS, MAX_VOICE_LINE, PromptParams

SECONDS = re.compile(r"[0-9]{1,4}(\.[0-9]{1,3})?")
IMAGE_FLAGS = (
    ("resolution", "--res"), ("count", "--n"), ("seed", "--seed"),
    ("negative_prompt", "--no"), ("loras", "--lora"),
)  # fmt: skip
MAX_LINE = MAX_VOICE_LINE
"""The longest voice line: what OpenAI text-to-speech reads in one request (its `input` limit),
also Telegram's message limit. /voice and /prompt on a voice card both allow it."""


def able(catalog: ModelCatalog, category: str, operation: str = "generate") -> list[ModelProfile]:
    """Enabled profiles of the category that do `operation`, in id order."""
    return [p for p in catalog.by_category(category) if p.can(operation)]


def offered(catalog: ModelCatalog, category: str, operation: str = "generate") -> bool:
    """Whether a command of this category (and operation) has a profile to run on."""
    return bool(able(catalog, category, operation))


def pick(
    session: Session,
    user: User | None,
    catalog: ModelCatalog,
    category: str,
    model_id: str | None,
    operation: str = "generate",
) -> ModelProfile:
    """`--model id` if it is such a profile; else the person's ★ favourite of the category,
    else the first enabled one. Refusals name the configured profiles."""
    found = able(catalog, category, operation)
    what = _what(category, operation)
    if not found:
        raise BadInput(f"no {what} model is configured here; an admin adds one to the models file")
    named = ", ".join(p.id for p in found)
    if model_id and model_id.strip():
        wanted = model_id.strip().lower()
        for profile in found:
            if profile.id.lower() == wanted:
                return profile
        raise BadInput(f'"{model_id.strip()}" is not a {what} model here; {what} models: {named}')
    pinned = favorite_ids(session, user) if user is not None and user.id is not None else set()
    return next((p for p in found if p.id in pinned), found[0])


def _what(category: str, operation: str) -> str:
    if operation == "animate":
        return "video (🎬 Animate)"
    if operation == "to3d":
        return "3D"
    return title(category).split(" ", 1)[-1]


def duration_for(profile: ModelProfile, given: str | float | None) -> float | None:
    """The clip length: one the profile lists (its first by default); None: the model's own."""
    if given is None or (isinstance(given, str) and not given.strip()):
        return profile.durations[0] if profile.durations else None
    text = str(given).strip().lower().removesuffix("s").strip()
    allowed = ", ".join(f"{d:g}" for d in profile.durations)
    if not SECONDS.fullmatch(text):
        shown = text if len(text) <= 24 else text[:20] + "…"
        raise BadInput(
            f'"{shown}" is not a duration; give seconds'
            + (f", one of: {allowed}" if allowed else "")
        )
    seconds = float(text)
    if not profile.durations:
        raise BadInput(f"{profile.label} has no duration choice; leave --duration out")
    if seconds not in profile.durations:
        raise BadInput(
            f"{profile.label} makes clips of {allowed} seconds, not {seconds:g}; "
            f"e.g. --duration {profile.durations[0]:g}"
        )
    return seconds


def voice_for(profile: ModelProfile, given: str | None) -> str:
    """The voice id: one the profile lists (its first by default); "" when it lists none."""
    if given is None or not given.strip():
        return profile.voices[0] if profile.voices else ""
    for voice in profile.voices:
        if voice.casefold() == given.strip().casefold():
            return voice
    if not profile.voices:
        raise BadInput(f"{profile.label} has no voice choice; leave --voice out")
    raise BadInput(
        f'unknown voice "{given.strip()[:64]}" for {profile.label}; voices: '
        + ", ".join(profile.voices)
    )


def media_settings(card: Card, params: PromptParams, profile: ModelProfile) -> None:
    """The draft of a video, music or voice card: image flags are refused; --ar (video) kept."""
    given = [flag for name, flag in IMAGE_FLAGS if getattr(params, name, None) not in (None, ())]
    if params.random_seed:
        given.append("--seed")
    if given:
        raise BadInput(
            f"card #{card.id} makes {profile.category} with {profile.label}; "
            f"{', '.join(given)} are image settings (the card is unchanged)"
        )
    if params.duration is not None:
        duration_for(profile, params.duration)  # the same refusals as /video and /music
    if params.voice is not None:
        voice_for(profile, params.voice)  # and as /voice
    if params.aspect_ratio and profile.category == "video":
        card.aspect_ratio = params.aspect_ratio
    elif params.aspect_ratio:
        raise BadInput(f"--ar is for images and video; card #{card.id} makes {profile.category}")


def refuse_media_flags(card: Card, params: PromptParams, category: str) -> None:
    """--duration and --voice belong to video, music and voice cards; an image card refuses."""
    for flag, given in (("--duration", params.duration), ("--voice", params.voice)):
        if given is not None:
            made = "video and music" if flag == "--duration" else "voice"
            raise BadInput(
                f"{flag} is for {made} cards; card #{card.id} makes {category}s "
                "(the card is unchanged)"
            )


def check_draft(card: Card, prompt: str, category: str) -> None:
    """A draft's length: a voice card's line up to MAX_LINE (as /voice), any other prompt up to
    MAX_PROMPT_CHARS."""
    limit, what = (MAX_LINE, "voice line") if category == "voice" else (MAX_PROMPT_CHARS, "prompt")
    if len(prompt) > limit:
        raise BadInput(
            f"the {what} is {len(prompt)} characters long; the limit is {limit} characters "
            f"(card #{card.id} is unchanged)"
        )
