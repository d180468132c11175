"""The context a generation is made with: characters, the scene's pool, refs, the design style."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from core.archive import is_archived
from core.characters import canonical, list_characters
from core.elements import sent_parts
from core.models import Card, Character, Element, Ref, Scene, Version, VersionContext
from core.models.base import row_id
from core.placement import context_of
from core.projects import Context
from core.refs import ref_candidates
from core.scenes import shots

MAX_BLOCK = 1200
"""The labelled text block added to the prompt is bounded: descriptions are cut to fit."""
MAX_DESCRIPTION = 300
NAMES_SHOWN = 8
ORDER = (
    "direction source, characters and elements (--with), scene shots in pool order, project refs"
)
REF_KINDS = {"character": "character", "location": "location"}


@dataclass
class Assembled:
    """Every ref a generation could use, in order, and what the person should be told."""

    refs: list[Ref] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    """"Mara (image, description)", "Harbour (3 shots)": what was assembled, by source."""
    prompt_block: str = ""
    style: str = ""
    mentioned: list[str] = field(default_factory=list)
    """Characters the prompt names without `--with` (the reply offers to add them)."""

    @property
    def placed(self) -> bool:
        """Whether characters or a scene were assembled (not only plain project refs)."""
        return bool(self.parts)

    def summary(self) -> str:
        return ", ".join(self.parts)


def assemble(session: Session, ctx: Context, card: Card, direction_id: int | None) -> Assembled:
    """Direction source first, then characters' canonical portraits in `--with` order, then the
    scene's shots in pool order, then the project's refs: a model takes the first `max_refs`."""
    placed = context_of(session, card)
    candidates = ref_candidates(session, card.project_id, row_id(card), direction_id)
    result = Assembled(style=placed.style_prompt)
    result.refs += [r for r in candidates if r.card_id is not None]
    lines: list[str] = []
    for character_id in placed.character_ids:
        character = session.get(Character, character_id)
        if character is None or character.project_id != card.project_id:
            continue
        if is_archived(session, "character", character_id):
            continue
        portrait = canonical(session, character)
        sent = []
        if portrait is not None and portrait.image_sha:
            result.refs.append(pin_ref(session, ctx, card, character.name, "character", portrait))
            sent.append("image")
        if character.description:
            lines.append(f"- {character.name}: {_clip(character.description, MAX_DESCRIPTION)}")
            sent.append("description")
        result.parts.append(f"{character.name} ({', '.join(sent) or 'name only'})")
    world = _elements(session, ctx, card, placed.element_ids, result)
    scene = session.get(Scene, placed.scene_id) if placed.scene_id else None
    if (
        scene is not None
        and scene.project_id == card.project_id
        and not is_archived(session, "scene", scene.id)
    ):
        pool = shots(session, scene)
        for shot in pool:
            name = f"{scene.name} {shot.position}"
            result.refs.append(pin_ref(session, ctx, card, name, "location", None, shot.image_sha))
        result.parts.append(f"{scene.name} ({len(pool)} shot{'s' if len(pool) != 1 else ''})")
    result.refs += [r for r in candidates if r.card_id is None]
    result.mentioned = _mentioned(session, ctx, card, placed.character_ids)
    block = ""
    if lines:
        block = "Characters:\n" + "\n".join(lines)
    if world:
        block += ("\n" if block else "") + "World:\n" + "\n".join(world)
    if placed.style_prompt:
        block += ("\n" if block else "") + f"Style: {placed.style_prompt}"
    result.prompt_block = _clip(block, MAX_BLOCK)
    return result


def _elements(
    session: Session, ctx: Context, card: Card, ids: list[int], result: Assembled
) -> list[str]:
    """Each `--with` element's toggled parts: its image as a ref, description and data as
    labelled lines."""
    lines = []
    for element_id in ids:
        element = session.get(Element, element_id)
        if element is None or element.project_id != card.project_id:
            continue
        if is_archived(session, "element", element_id):
            continue
        sent = sent_parts(element)
        if "image" in sent and element.image_sha:
            kind = REF_KINDS.get(element.kind, "object")
            result.refs.append(
                pin_ref(session, ctx, card, element.name, kind, None, element.image_sha)
            )
        if "description" in sent:
            text = _clip(element.description, MAX_DESCRIPTION)
            lines.append(f"- {element.name} ({element.kind}): {text}")
        if "data" in sent:
            data = "; ".join(f"{k}: {v}" for k, v in element.data.items())
            lines.append(f"  {element.name} data: {_clip(data, MAX_DESCRIPTION)}")
        result.parts.append(f"{element.name} ({', '.join(sent) or 'name only'})")
    return lines


def _mentioned(session: Session, ctx: Context, card: Card, cast: list[int]) -> list[str]:
    return [c.name for c in mentioned_characters(session, ctx, card, cast)]


def mentioned_characters(
    session: Session, ctx: Context, card: Card, cast: list[int]
) -> list[Character]:
    """Characters whose name is a word of the prompt but who are not placed with `--with`."""
    words = set(re.findall(r"\w+", card.prompt.lower()))
    return [
        c
        for c in list_characters(session, ctx)
        if c.id not in cast and c.card_id != card.id and c.name.lower() in words
    ]


def record(session: Session, version: Version, assembled: Assembled, used: list[Ref]) -> None:
    """What the version was made with, stored beside it (shown with /context)."""
    if not (assembled.placed or assembled.prompt_block):
        return
    summary = assembled.summary()
    if used:
        summary += ("; " if summary else "") + "refs: " + ", ".join(r.name for r in used)
    session.add(
        VersionContext(
            version_id=row_id(version),
            summary=summary,
            prompt_block=assembled.prompt_block,
            style_prompt=assembled.style,
        )
    )


def prompt_for(session: Session, version: Version) -> str:
    """The prompt a provider gets: the version's prompt, then its labelled context block."""
    context = session.get(VersionContext, version.id)
    if context is None or not context.prompt_block:
        return version.prompt
    return f"{version.prompt}\n\n{context.prompt_block}"


def names(refs: list[Ref]) -> str:
    shown = ", ".join(r.name for r in refs[:NAMES_SHOWN])
    return shown + (f", … and {len(refs) - NAMES_SHOWN} more" if len(refs) > NAMES_SHOWN else "")


def pin_ref(
    session: Session,
    ctx: Context,
    card: Card,
    name: str,
    kind: str,
    version: Version | None,
    sha: str | None = None,
) -> Ref:
    """A card-held ref row for an image the card uses (reused while the image is the same)."""
    image = sha or (version.image_sha if version else None) or ""
    name = name[:60]
    found = session.exec(
        select(Ref).where(
            Ref.card_id == card.id,
            col(Ref.direction_id).is_(None),
            Ref.image_sha == image,
            Ref.name == name,
        )
    ).first()
    if found is not None:
        return found
    ref = Ref(
        project_id=card.project_id,
        card_id=row_id(card),
        name=name,
        kind=kind,
        position=0,
        image_sha=image,
        source_version_id=version.id if version else None,
        created_by=row_id(ctx.user),
    )
    session.add(ref)
    session.flush()
    return ref


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
