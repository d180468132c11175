"""The project library: production design, scenes and their shots, characters, placements."""

from datetime import datetime

from sqlalchemy import JSON, BigInteger, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.models.base import utcnow


class Design(SQLModel, table=True):
    """A project's production design: what new cards and portraits start from."""

    project_id: int = Field(foreign_key="project.id", primary_key=True)
    style_prompt: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    negative_prompt: str = Field(default="", max_length=1000)
    seed_policy: str = Field(default="random", max_length=16)
    seed: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    model: str | None = Field(default=None, max_length=64)
    resolution: str | None = Field(default=None, max_length=4)
    aspect_ratio: str | None = Field(default=None, max_length=8)
    updated_by: int | None = Field(default=None, foreign_key="user.id")
    updated_at: datetime = Field(default_factory=utcnow)


class Scene(SQLModel, table=True):
    """A named pool of shots; a card placed in it uses the pool as refs."""

    __table_args__ = (UniqueConstraint("project_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    name: str = Field(max_length=60)
    created_by: int = Field(foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)


class SceneShot(SQLModel, table=True):
    """One shot of a scene's pool: a version's image or an uploaded one, in pool order."""

    id: int | None = Field(default=None, primary_key=True)
    scene_id: int = Field(foreign_key="scene.id", index=True)
    position: int = Field(default=0)
    image_sha: str = Field(max_length=64)
    version_id: int | None = Field(default=None, foreign_key="version.id")
    label: str = Field(default="", max_length=80)
    added_by: int = Field(foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)


class Character(SQLModel, table=True):
    """A named person of the project; its portraits are the versions of the card it owns."""

    __table_args__ = (UniqueConstraint("project_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    name: str = Field(max_length=60)
    description: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    card_id: int = Field(foreign_key="card.id", unique=True)
    portrait_version_id: int | None = Field(default=None, foreign_key="version.id")
    created_by: int = Field(foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)


class Element(SQLModel, table=True):
    """A worldbuilding entry (location, item, faction, lore, character) and what of it goes
    into a generation's context: its image, its description, its structured data."""

    __table_args__ = (UniqueConstraint("project_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    kind: str = Field(max_length=16)
    name: str = Field(max_length=60)
    description: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    data: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    image_sha: str | None = Field(default=None, max_length=64)
    use_image: bool = Field(default=True)
    use_description: bool = Field(default=True)
    use_data: bool = Field(default=False)
    created_by: int = Field(foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)


class CardContext(SQLModel, table=True):
    """Where a card is placed: its scene, the characters and elements it is made with, its
    design style."""

    card_id: int = Field(foreign_key="card.id", primary_key=True)
    scene_id: int | None = Field(default=None, foreign_key="scene.id")
    character_ids: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    element_ids: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    style_prompt: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))


class VersionContext(SQLModel, table=True):
    """The context a version was generated with, as shown and as sent (never changes)."""

    version_id: int = Field(foreign_key="version.id", primary_key=True)
    summary: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    prompt_block: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    style_prompt: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))


class SheetCache(SQLModel, table=True):
    """A rendered contact sheet by the hash of what is on it (thumbnails, marks, layout)."""

    key: str = Field(max_length=64, primary_key=True)
    image_sha: str = Field(max_length=64)
    width: int
    height: int
    size_bytes: int
    created_at: datetime = Field(default_factory=utcnow)


class GalleryPage(SQLModel, table=True):
    """The gallery page a user last saw in a chat: what it lists and which version each
    number stands for, so "3" opens the third tile and "older" continues the same list."""

    platform: str = Field(max_length=16, primary_key=True)
    chat_id: str = Field(max_length=64, primary_key=True)
    user_id: int = Field(foreign_key="user.id", primary_key=True)
    kind: str = Field(max_length=16)
    subject: str = Field(default="", max_length=200)
    version_ids: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow)


class GallerySheet(SQLModel, table=True):
    """One gallery answer as it was shown: what it lists and where its ⏪ older continues, so
    the button on that message pages that gallery (not the one shown last)."""

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    kind: str = Field(max_length=16)
    subject: str = Field(default="", max_length=200)
    cursor: int | None = None
    created_at: datetime = Field(default_factory=utcnow, index=True)


class AccessCode(SQLModel, table=True):
    """A one-time code: `invite` binds another chat to a project (its people join with `role`),
    `link` makes another platform's account the same person. Expires; used once."""

    code: str = Field(max_length=16, primary_key=True)
    kind: str = Field(max_length=16)
    project_id: int | None = Field(default=None, foreign_key="project.id")
    role: str | None = Field(default=None, max_length=16)
    created_by: int = Field(foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_by: int | None = Field(default=None, foreign_key="user.id")
    used_at: datetime | None = None
    used_platform: str | None = Field(default=None, max_length=16)
    used_chat: str | None = Field(default=None, max_length=64)


class AccountLink(SQLModel, table=True):
    """Another platform's account of the same person: it acts as `user_id`."""

    platform: str = Field(max_length=16, primary_key=True)
    platform_user_id: str = Field(max_length=64, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)


class Archived(SQLModel, table=True):
    """Something archived (a card, a version, a scene, a character, an element): gone from feeds,
    sheets, lists and the showcase, never deleted; undone within the undo window or restored."""

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    kind: str = Field(max_length=16)
    target_id: int = Field(index=True)
    label: str = Field(default="", max_length=120)
    archived_by: int = Field(foreign_key="user.id")
    archived_at: datetime = Field(default_factory=utcnow)
    restored_at: datetime | None = None
    restored_by: int | None = Field(default=None, foreign_key="user.id")
