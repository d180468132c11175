"""SQLModel tables: the database is the source of truth for cards, versions, jobs, deliveries."""

from core.models.access import LostChat
from core.models.cards import (
    Card,
    CardMessage,
    CardThread,
    Direction,
    PostedMessage,
    PromptRevision,
)
from core.models.credits import LedgerEntry, PlanAssignment, ProjectBudget, Wallet
from core.models.jobs import Delivery, Job
from core.models.library import (
    AccessCode,
    AccountLink,
    Archived,
    CardContext,
    Character,
    Design,
    Element,
    GalleryPage,
    GallerySheet,
    Scene,
    SceneShot,
    SheetCache,
    VersionContext,
)
from core.models.people import ChatBinding, Focus, Membership, ModelFavorite, Project, User
from core.models.publishing import Publication, PublicProject
from core.models.versions import Favorite, Ref, Version

__all__ = [
    "AccessCode",
    "AccountLink",
    "Archived",
    "Card",
    "CardMessage",
    "CardThread",
    "ChatBinding",
    "Delivery",
    "Direction",
    "Favorite",
    "Focus",
    "Job",
    "LostChat",
    "LedgerEntry",
    "Membership",
    "ModelFavorite",
    "PlanAssignment",
    "PostedMessage",
    "Project",
    "ProjectBudget",
    "PromptRevision",
    "Ref",
    "User",
    "Version",
    "Wallet",
    "CardContext",
    "Character",
    "Design",
    "Element",
    "GalleryPage",
    "GallerySheet",
    "Scene",
    "SceneShot",
    "SheetCache",
    "VersionContext",
    "Publication",
    "PublicProject",
]
