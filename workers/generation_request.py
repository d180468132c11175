"""Builds a job's provider request from its version: prompt, refs, images, LoRAs, length, voice."""

from __future__ import annotations

from sqlmodel import Session

from core.catalog import ModelCatalog
from core.db import Database
from core.errors import BadInput, Permanent
from core.generation_context import prompt_for
from core.loras import uses
from core.media import IMAGE
from core.models import Direction, Ref, Version
from core.models.base import utcnow
from core.ports import GenerationRequest, ImageProvider, RefImage, Storage


class RequestBuilder:
    """Marks the version generating and gathers what its provider needs, in one session."""

    def __init__(
        self,
        db: Database,
        storage: Storage,
        providers: dict[str, ImageProvider],
        catalog: ModelCatalog,
    ):
        self.db = db
        self.storage = storage
        self.providers = providers
        self.catalog = catalog

    def prepare(self, version_id: int) -> tuple[GenerationRequest, ImageProvider, int]:
        """The provider's request, the provider, and the version's card (now generating)."""
        with self.db.session() as session:
            version = session.get(Version, version_id)
            assert version is not None
            version.status = "generating"
            version.started_at = version.started_at or utcnow()
            session.add(version)
            # queued → generating: the card's derived status was "generating" and stays so.
            refs = [session.get(Ref, ref_id) for ref_id in version.ref_ids]
            ref_images = [
                RefImage(name=ref.name, data=self.storage.read(ref.image_sha))
                for ref in refs
                if ref is not None
            ]
            init_image = self._init_image(session, version)
            profile = self.catalog.get(version.model)
            provider = self.providers.get(profile.provider)
            if provider is None:
                raise Permanent(f'the provider "{profile.provider}" is not configured')
            try:
                loras = uses(profile, version.loras)
            except BadInput as exc:
                raise Permanent(str(exc)) from None
            request = GenerationRequest(
                prompt=provider_prompt(session, version),
                negative_prompt=version.negative_prompt,
                width=version.width,
                height=version.height,
                resolution=version.resolution,
                aspect_ratio=version.aspect_ratio,
                seed=version.seed,
                model=profile.provider_model or profile.id,
                refs=ref_images,
                init_image=init_image,
                profile=profile.id,
                operation=version.operation,
                mask=self.storage.read(version.mask_sha) if version.mask_sha else None,
                op_params=dict(version.op_params),
                loras=loras,
                duration_seconds=_duration(version),
                voice=version.op_params.get("voice", ""),
            )
            return request, provider, version.card_id

    def _init_image(self, session: Session, version: Version) -> bytes | None:
        """An edit starts from its parent's image; a direction's generation from its source."""
        source: Version | None = None
        if version.operation != "generate" and version.parent_version_id is not None:
            source = session.get(Version, version.parent_version_id)
            if source is None or not source.image_sha:
                raise Permanent(f"the version v{version.number} edits has no image")
        elif version.direction_id is not None:
            direction = session.get(Direction, version.direction_id)
            source = session.get(Version, direction.source_version_id) if direction else None
        return self.storage.read(source.image_sha) if source and source.image_sha else None


def provider_prompt(session: Session, version: Version) -> str:
    """What the provider reads. An image: the prompt, then the card's context block (characters,
    scene, design style). A voice line is spoken exactly as written, a music prompt and a video
    or 🎬 Animate motion prompt go as written too: nothing is appended — the context block
    describes pictures (refs a media model does not take) and a style suffix would be read
    aloud or change the music."""
    if version.media_kind != IMAGE:
        return version.prompt
    return prompt_for(session, version)


def _duration(version: Version) -> float | None:
    """The clip length asked for (core.media_requests keeps it as the "duration" parameter)."""
    text = version.op_params.get("duration")
    try:
        return float(text) if text else None
    except ValueError:
        return None
