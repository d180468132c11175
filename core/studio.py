"""The Studio: the one entry point adapters call; each action is one transaction as one actor."""

from core.identity import Actor, Place
from core.prompt_params import PromptParams
from core.studio_archive import ArchiveActions
from core.studio_base import Outcome
from core.studio_cards import CardActions
from core.studio_cast import CastActions
from core.studio_cell_pickers import CellPickActions
from core.studio_characters import CharacterActions
from core.studio_choices import ChoiceActions
from core.studio_codes import CodeActions
from core.studio_credits import CreditActions
from core.studio_delete import DeleteActions
from core.studio_design import DesignActions
from core.studio_edit_info import EditInfoActions
from core.studio_edit_tools import EditToolActions
from core.studio_elements import ElementActions
from core.studio_gallery import GalleryActions
from core.studio_library import LibraryActions
from core.studio_loras import LoraPickActions
from core.studio_media import MediaActions
from core.studio_models import ModelActions
from core.studio_press import PressActions, Question
from core.studio_publish import PublishActions
from core.studio_scenes import SceneActions
from core.studio_versions import VersionActions


class Studio(
    PressActions,
    CardActions,
    VersionActions,
    LibraryActions,
    ModelActions,
    ChoiceActions,
    EditToolActions,
    EditInfoActions,
    CreditActions,
    DesignActions,
    ElementActions,
    SceneActions,
    CharacterActions,
    GalleryActions,
    CodeActions,
    ArchiveActions,
    CellPickActions,
    DeleteActions,
    CastActions,
    PublishActions,
    MediaActions,
    LoraPickActions,
):
    """Every use case, constructed with its database, storage, job queue and catalogue."""

    def generate(
        self,
        actor: Actor,
        place: Place,
        params: PromptParams | None = None,
        *,
        card_id: int | None = None,
    ) -> Outcome:
        """✨ Generate: the assistant finishes the prompt first (before the first version), then
        New Version — the same on every surface."""
        completed = self.complete_prompt(actor, place, card_id=card_id)
        queued = self.new_version(actor, place, params, card_id=card_id)
        queued.text = "\n".join(t for t in (completed.text, queued.text) if t)
        queued.suggestions = completed.suggestions
        return queued


__all__ = ["Outcome", "Question", "Studio"]
