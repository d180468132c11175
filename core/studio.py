"""The Studio: the one entry point adapters call; each action is one transaction as one actor."""

from core.studio_base import Outcome
from core.studio_cards import CardActions
from core.studio_choices import ChoiceActions
from core.studio_library import LibraryActions
from core.studio_models import ModelActions
from core.studio_press import PressActions, Question
from core.studio_versions import VersionActions


class Studio(
    PressActions, CardActions, VersionActions, LibraryActions, ModelActions, ChoiceActions
):
    """Every use case, constructed with its database, storage, job queue and catalogue."""


__all__ = ["Outcome", "Question", "Studio"]
