"""Scenes: named pools of shots (versions or uploads) whose images become a card's refs."""

from __future__ import annotations

from sqlmodel import Session, col, func, select

from core.access import Role, require_role
from core.archive import hidden
from core.errors import BadInput
from core.models import Card, Scene, SceneShot, Version
from core.models.base import row_id
from core.names import clean_name
from core.ports import StoredImage
from core.projects import Context
from core.suggest import unknown

MAX_SHOTS = 200


def list_scenes(session: Session, ctx: Context) -> list[Scene]:
    return list(
        session.exec(
            select(Scene)
            .where(Scene.project_id == ctx.project.id, col(Scene.id).not_in(hidden("scene")))
            .order_by(col(Scene.name))
        ).all()
    )


def find_scene(session: Session, ctx: Context, name: str) -> Scene:
    """A scene of the project by name (case-insensitive), or NotFound with suggestions."""
    scene = session.exec(
        select(Scene).where(
            Scene.project_id == ctx.project.id,
            func.lower(Scene.name) == name.strip().lower(),
            col(Scene.id).not_in(hidden("scene")),
        )
    ).first()
    if scene is None:
        known = [s.name for s in list_scenes(session, ctx)]
        raise unknown("scene", name, known, ctx.project.name, "/scene new <name>")
    return scene


def scene_by_id(session: Session, ctx: Context, scene_id: int) -> Scene:
    scene = session.get(Scene, scene_id) if scene_id > 0 else None
    if scene is None or scene.project_id != ctx.project.id:
        raise BadInput(f'that scene is not in project "{ctx.project.name}" any more')
    return scene


def create_scene(session: Session, ctx: Context, name: str) -> Scene:
    require_role(session, ctx.project, ctx.user, Role.editor)
    name = clean_name(name, what="scene", max_length=60)
    clash = session.exec(
        select(Scene).where(
            Scene.project_id == ctx.project.id, func.lower(Scene.name) == name.lower()
        )
    ).first()
    if clash is not None:
        raise BadInput(f'project "{ctx.project.name}" already has a scene "{clash.name}"')
    scene = Scene(project_id=row_id(ctx.project), name=name, created_by=row_id(ctx.user))
    session.add(scene)
    session.flush()
    return scene


def shots(session: Session, scene: Scene) -> list[SceneShot]:
    """The pool in its order: the order refs are taken in."""
    return list(
        session.exec(
            select(SceneShot)
            .where(SceneShot.scene_id == scene.id)
            .order_by(col(SceneShot.position), col(SceneShot.id))
        ).all()
    )


def add_shot(
    session: Session,
    ctx: Context,
    scene: Scene,
    *,
    version: Version | None = None,
    card: Card | None = None,
    image: StoredImage | None = None,
) -> SceneShot:
    """A finished version of this project (or an uploaded image) joins the pool, last."""
    require_role(session, ctx.project, ctx.user, Role.editor)
    if scene.project_id != ctx.project.id or (
        card is not None and card.project_id != scene.project_id
    ):
        raise BadInput("a scene takes shots of its own project only")
    existing = shots(session, scene)
    if len(existing) >= MAX_SHOTS:
        raise BadInput(f"scene “{scene.name}” is full ({MAX_SHOTS} shots); remove one first")
    if version is not None:
        if version.status != "done" or not version.image_sha:
            raise BadInput(f"v{version.number} has no image yet; add a finished version")
        if any(s.version_id == version.id for s in existing):
            raise BadInput(
                f"v{version.number} of card #{version.card_id} is already in “{scene.name}”"
            )
        sha, label = version.image_sha, f"#{version.card_id} v{version.number}"
    elif image is not None:
        sha, label = image.sha256, f"upload {image.width}×{image.height}"
    else:
        raise BadInput("add the viewed version (/scene add <name>) or attach an image")
    shot = SceneShot(
        scene_id=row_id(scene),
        position=(existing[-1].position if existing else 0) + 1,
        image_sha=sha,
        version_id=version.id if version else None,
        label=label,
        added_by=row_id(ctx.user),
    )
    session.add(shot)
    session.flush()
    return shot


def remove_shot(session: Session, ctx: Context, scene: Scene, position: int) -> SceneShot:
    """Take shot `position` out of the pool (the version itself stays)."""
    require_role(session, ctx.project, ctx.user, Role.editor)
    pool = shots(session, scene)
    if not 1 <= position <= len(pool):
        raise BadInput(
            f"scene “{scene.name}” has shots 1 to {len(pool)}; got {position}"
            if pool
            else f"scene “{scene.name}” has no shots yet"
        )
    shot = pool.pop(position - 1)
    session.delete(shot)
    for index, rest in enumerate(pool, start=1):
        rest.position = index
        session.add(rest)
    session.flush()
    return shot
