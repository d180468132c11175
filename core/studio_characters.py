"""Studio actions on characters: portraits (generate, upload, browse), canonical, describe."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from core import cards, characters, gallery, versions
from core.access import Role
from core.assistant.types import ImageDescriber
from core.contact_sheet import Tile
from core.errors import BadInput
from core.focus import set_focus
from core.identity import Actor, Place
from core.jobs import create_deliveries
from core.models import Card, Character
from core.names import is_number, parse_number
from core.prompt_params import PromptParams
from core.studio_base import Outcome, Scope
from core.studio_gallery import GalleryActions
from core.views import Action

if TYPE_CHECKING:
    from core.studio import Studio

ASK_LOOKS = (
    "I can't look at images here (no vision model is configured), so I won't guess. "
    "Tell me how {name} looks: /character describe {name} <hair, face, clothes, build…>"
)


class CharacterActions(GalleryActions):
    """/character new|portrait|upload|show|use|describe|list|gallery."""

    def new_character(self, actor: Actor, place: Place, name: str, description: str) -> Outcome:
        """A character and the card that holds its portraits (starting from the design)."""
        with self.scope(actor, place, Role.editor) as s:
            name, description = characters.check_new(s.session, s.ctx, name, description)
            params = PromptParams(prompt=description or f"portrait of {name}")
            card = cards.create_card(s.session, s.ctx, place, params, self.catalog)
            card.title = f"{name} · portraits"[:100]
            s.session.add(card)
            found = characters.create(s.session, s.ctx, name, description, card)
            set_focus(s.session, place, s.ctx.user, card_id=card.id)
            text = (
                f"👤 character {found.name} created (portraits in card #{card.id}); "
                f"/character portrait {found.name} generates one, "
                f"/character upload {found.name} with an image adds one"
            )
            if not description:
                text += "\n" + ASK_LOOKS.format(name=found.name)
            return Outcome(text, card=self.render_card(s.session, card))

    def list_characters(self, actor: Actor, place: Place) -> Outcome:
        with self.scope(actor, place) as s:
            found = characters.list_characters(s.session, s.ctx)
            items, tiles = [], []
            for n, c in enumerate(found, 1):
                portrait = characters.canonical(s.session, c)
                shown = f"v{portrait.number}" if portrait else "no portrait yet"
                items.append(
                    f"{n}. {c.name} — {shown} · {c.description[:80] or '(no description)'}"
                )
                if portrait is not None and portrait.image_sha:
                    tiles.append(Tile(portrait.image_sha, c.name, number=n))
            title = f'characters of "{s.ctx.project.name}":' if items else "no characters yet"
        return Outcome(title, items=items, pictures=self._sheet(tiles, title, "characters"))

    def portrait(
        self, actor: Actor, place: Place, name: str, params: PromptParams | None = None
    ) -> Outcome:
        """Generate portraits: New Version of the character's card (its settings, the design's)."""
        with self.scope(actor, place, Role.editor) as s:
            card_id = self._character(s, name)[1].id
        studio = cast("Studio", self)  # this mixin only runs as part of Studio
        return studio.new_version(actor, place, params, card_id=card_id)

    def upload_portrait(self, actor: Actor, place: Place, name: str, data: bytes) -> Outcome:
        """An uploaded (or pasted) portrait becomes the character's newest version."""
        with self.scope(actor, place, Role.editor) as s:
            character, card = self._character(s, name)
            image = self.storage.put_image(data)
            version = versions.add_upload(s.session, s.ctx, card, image)
            deliveries = create_deliveries(s.session, version)
            view = self.render_version(s.session, card, version)
        self._deliver(deliveries)
        self._changed(card.id)
        return Outcome(
            f"📤 portrait of {character.name} uploaded as v{version.number}", versions=[view]
        )

    def show_character(
        self, actor: Actor, place: Place, name: str, index: str | None = None
    ) -> Outcome:
        """ "3 of 7": one portrait with its place among the character's portraits."""
        with self.scope(actor, place) as s:
            character, card = self._character(s, name)
            found = characters.portraits(s.session, character)
            canonical = characters.canonical(s.session, character)
            lines = [f"👤 {character.name}: {character.description or '(no description)'}"]
            if not found:
                lines.append(f"no portraits yet; /character portrait {character.name}")
                return Outcome("\n".join(lines), card_id=card.id)
            at = len(found) if index is None else _position(index, len(found))
            shown = found[at - 1]
            self.focused_version(s, shown.id)
            mark = " · 👤 canonical" if canonical and canonical.id == shown.id else ""
            lines.append(
                f"portrait {at} of {len(found)} (v{shown.number}){mark}; canonical: "
                + (f"v{canonical.number}" if canonical else "none")
            )
            view = self.render_version(s.session, card, shown)
            buttons = [Action("useportrait", "👤 Use this version", view.version_id)]
            if at > 1:
                buttons.insert(0, Action("prev", "◀ Older", view.version_id))
            if at < len(found):
                buttons.append(Action("next", "Newer ▶", view.version_id))
            return Outcome(
                "\n".join(lines), versions=[view], buttons=buttons, card_id=card.id, opens=True
            )

    def character_gallery(self, actor: Actor, place: Place, name: str) -> Outcome:
        with self.scope(actor, place) as s:
            character, card = self._character(s, name)
            page = gallery.card_page(s.session, card, title=f"portraits of {character.name}")
            page = gallery.remember(s.session, place, s.ctx, page)
        return self._present(page)

    def use_portrait(
        self,
        actor: Actor,
        place: Place,
        version_id: int | None = None,
        *,
        name: str | None = None,
        number: str | None = None,
    ) -> Outcome:
        """👤 Use this version: the canonical portrait, sent as the character's ref."""
        with self.scope(actor, place, Role.editor) as s:
            if name is not None and number is not None:
                card = self._character(s, name)[1]
                version = versions.version_by_number(s.session, card, number)
            else:
                card, version = self.focused_version(s, version_id)
            character = characters.use_portrait(s.session, s.ctx, card, version)
            return Outcome(
                f"👤 v{version.number} is {character.name}'s canonical portrait; "
                f"--with {character.name} sends it as a ref"
            )

    def describe_character(
        self, actor: Actor, place: Place, name: str, text: str | None = None
    ) -> Outcome:
        """Set the description; without text, auto-describe from the canonical portrait (an
        assistant that sees pictures), else ask the person. A description someone wrote is never
        replaced by the assistant's: it is offered instead."""
        with self.scope(actor, place, Role.editor) as s:
            character, card = self._character(s, name)
            if text and text.strip():
                characters.describe(s.session, s.ctx, character, card, text)
                return Outcome(f"👤 {character.name}: {character.description}")
            portrait = characters.canonical(s.session, character)
            who, written = character.name, character.description.strip()
            sha, number = (portrait.image_sha, portrait.number) if portrait else (None, 0)
        seen = self._describe(sha, who)
        if seen is None:
            reason = "" if sha else f"{who} has no portrait yet. "
            return Outcome("🤖 " + reason + ASK_LOOKS.format(name=who))
        if written:
            return Outcome(
                f"🤖 From portrait v{number}, {who} looks like: {seen}\n"
                f"Kept the description you wrote; to use this one: "
                f"/character describe {who} {seen}"
            )
        with self.scope(actor, place, Role.editor) as s:
            character, card = self._character(s, who)
            if character.description.strip():  # written meanwhile: theirs stays
                return Outcome(f"👤 {character.name}: {character.description}")
            characters.describe(s.session, s.ctx, character, card, seen)
            return Outcome(
                f"🤖 described from portrait v{number}: {character.description}\n"
                f"Change it with /character describe {character.name} <text>"
            )

    def _describe(self, sha: str | None, name: str) -> str | None:
        """The assistant's description of the portrait, if it can see pictures."""
        if sha is None or not isinstance(self.assistant, ImageDescriber):
            return None
        return self.assistant.describe_image(self.storage.read(sha), name)

    def _character(self, s: Scope, name: str) -> tuple[Character, Card]:
        character = characters.find_character(s.session, s.ctx, name)
        return character, cards.get_card(s.session, s.ctx, character.card_id)


def _position(index: str, total: int) -> int:
    key = index.strip().lstrip("#")
    if not is_number(key) or not 1 <= parse_number(key, what="portrait") <= total:
        raise BadInput(f"pick a portrait from 1 to {total}")
    return int(key)
