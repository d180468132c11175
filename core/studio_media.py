"""Studio media actions: /video, /music, /voice (new cards), 🎬 Animate and 🧊 3D of a version."""

from __future__ import annotations

from dataclasses import dataclass

from core import cards
from core.access import Role
from core.catalog import ModelProfile
from core.errors import BadInput
from core.first_contact import project_for_first_card
from core.focus import set_focus
from core.identity import Actor, Place, known_user
from core.media_choice import MAX_LINE, duration_for, pick, voice_for
from core.media_requests import DEFAULT_MOTION, MediaAsk, from_image, queue_media
from core.names import clean_text
from core.prompt_params import MAX_PROMPT_CHARS, PromptParams
from core.sizes import normalize_aspect_ratio
from core.studio_base import Outcome, Scope, StudioBase

MARKS = {"video": "🎬", "music": "🎵", "voice": "🗣", "3d": "🧊"}


@dataclass(frozen=True)
class MediaOptions:
    """What a media command may offer a picker: the category's models, lengths and voices."""

    models: list[ModelProfile]
    durations: list[float]
    voices: list[str]


class MediaActions(StudioBase):
    """Video, music, voice and 3D versions; each is one version with its job, charged and
    queued fairly like an image."""

    def video(
        self,
        actor: Actor,
        place: Place,
        prompt: str,
        *,
        duration: str | None = None,
        aspect_ratio: str | None = None,
        model: str | None = None,
    ) -> Outcome:
        """/video <prompt>: a new card whose first version is a clip from the words."""
        text = clean_text(prompt, what="video prompt", max_length=MAX_PROMPT_CHARS)
        ratio = normalize_aspect_ratio(aspect_ratio) if aspect_ratio else "16:9"
        return self._new_media_card(
            actor, place, "video", text, model, duration=duration, ratio=ratio
        )

    def music(
        self,
        actor: Actor,
        place: Place,
        prompt: str,
        *,
        duration: str | None = None,
        model: str | None = None,
    ) -> Outcome:
        """/music <prompt>: a new card whose first version is a music clip."""
        text = clean_text(prompt, what="music prompt", max_length=MAX_PROMPT_CHARS)
        return self._new_media_card(actor, place, "music", text, model, duration=duration)

    def voice(
        self,
        actor: Actor,
        place: Place,
        line: str,
        *,
        voice: str | None = None,
        model: str | None = None,
    ) -> Outcome:
        """/voice <line>: a new card whose first version speaks the line."""
        text = clean_text(line, what="voice line", max_length=MAX_LINE)
        return self._new_media_card(actor, place, "voice", text, model, voice=voice)

    def animate(
        self,
        actor: Actor,
        place: Place,
        version_id: int | None = None,
        motion: str = "",
        *,
        duration: str | None = None,
        model: str | None = None,
    ) -> Outcome:
        """🎬 Animate: a video version of a finished image version (default: the viewed one)."""
        words = clean_text(
            motion, what="motion prompt", max_length=MAX_PROMPT_CHARS, allow_empty=True
        )
        return self._from_image(
            actor, place, version_id, "video", "animate", words or DEFAULT_MOTION, model, duration
        )

    def to3d(
        self,
        actor: Actor,
        place: Place,
        version_id: int | None = None,
        *,
        model: str | None = None,
    ) -> Outcome:
        """🧊 3D: a 3D model (GLB) of a finished image version."""
        return self._from_image(actor, place, version_id, "3d", "to3d", "", model, None)

    def media_options(self, actor: Actor, category: str, model: str | None = None) -> MediaOptions:
        """The category's models (★ favourites first) and the chosen (or default) model's
        durations and voices, for pickers; stores nothing."""
        operation = {"3d": "to3d"}.get(category, "generate")
        with self._db.session() as session:
            user = known_user(session, actor)
            try:
                chosen = pick(session, user, self.catalog, category, model, operation)
            except BadInput:
                return MediaOptions([], [], [])
            found = [p for p in self.catalog.by_category(category) if p.can(operation)]
        mine = [chosen] + [p for p in found if p.id != chosen.id]
        return MediaOptions(mine, list(chosen.durations), list(chosen.voices))

    # -- shared steps ---------------------------------------------------------------------------

    def _new_media_card(
        self,
        actor: Actor,
        place: Place,
        category: str,
        text: str,
        model: str | None,
        *,
        duration: str | None = None,
        voice: str | None = None,
        ratio: str = "16:9",
    ) -> Outcome:
        with self._db.session() as session:
            ctx, note = project_for_first_card(session, actor, place)
            s = Scope(session, ctx, place, actor.roles)
            profile = pick(session, ctx.user, self.catalog, category, model)
            ask = MediaAsk(
                profile,
                text,
                duration=duration_for(profile, duration),
                voice=voice_for(profile, voice) if category == "voice" else "",
                aspect_ratio=ratio,
            )
            card = cards.create_card(session, ctx, place, PromptParams(text), self.catalog)
            card.model, card.aspect_ratio = profile.id, ratio
            session.add(card)
            version, job_id = queue_media(
                session, ctx, card, ask, self.billing, place=place, roles=s.roles
            )
            set_focus(session, place, ctx.user, card_id=card.id, version_id=version.id)
            lines = [note] if note else []
            lines.append(
                f"{MARKS[category]} card #{card.id} “{card.title}” created; queued "
                f"v{version.number} · {_details(ask)}"
            )
            view = self.render_card(session, card)
        self._send([job_id])
        return Outcome("\n".join(lines), card=view, job_ids=[job_id], card_id=view.card_id)

    def _from_image(
        self,
        actor: Actor,
        place: Place,
        version_id: int | None,
        category: str,
        operation: str,
        prompt: str,
        model: str | None,
        duration: str | None,
    ) -> Outcome:
        what = "🎬 Animate" if operation == "animate" else "🧊 3D"
        with self.scope(actor, place, Role.editor) as s:
            card, parent = self.focused_version(s, version_id)
            from_image(parent, what)
            profile = pick(s.session, s.ctx.user, self.catalog, category, model, operation)
            ask = MediaAsk(profile, prompt, operation, duration_for(profile, duration))
            version, job_id = queue_media(
                s.session, s.ctx, card, ask, self.billing, parent=parent, place=s.place,
                roles=s.roles,
            )  # fmt: skip
            self.focused_version(s, version.id)
            text = f"{what}: queued v{version.number} from v{parent.number} · {_details(ask)}"
            view = self.render_card(s.session, card)
        self._send([job_id])
        self._changed(card.id)
        return Outcome(text, card=view, job_ids=[job_id], card_id=card.id)


def _details(ask: MediaAsk) -> str:
    parts = [ask.profile.label]
    if ask.duration is not None:
        parts.append(f"{ask.duration:g} s")
    if ask.voice:
        parts.append(f"voice {ask.voice}")
    if ask.operation == "animate":
        parts.append(f"motion: {ask.prompt}")
    return " · ".join(parts)
