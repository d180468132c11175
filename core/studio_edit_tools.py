"""Studio edits Lightbox makes itself (crop, faces, collage, annotate), regions, info, reproduce."""

from __future__ import annotations

import re

from PIL import Image

from core import cards, versions
from core.access import Role
from core.annotations import annotate, check_notes
from core.collage import board, check_layout
from core.edit_ops import Operation
from core.edit_pixels import blur_faces, crop_to_box, crop_to_face, crop_to_ratio, png
from core.edit_requests import Edit, add_local_edit, editable
from core.errors import BadInput
from core.identity import Actor, Place
from core.images import first_frame_rgb
from core.jobs import create_deliveries
from core.lineage import chain_text, origin
from core.models import Card, Version
from core.region_views import grid_overlay, highlight
from core.regions import Box, looks_like_cells
from core.studio_base import Outcome, Picture, Scope
from core.studio_edits import EditActions

Made = tuple[Outcome, list[tuple[int, str]]]
_OTHER_CARD = re.compile(r"#?(\d+)[:/]?v(\d+)", re.IGNORECASE)


class EditToolActions(EditActions):
    """Edits without a model, region pickers and the version's full record."""

    def crop(self, actor: Actor, place: Place, spec: str, version_id: int | None = None) -> Outcome:
        """Crop to an aspect ratio (16:9) or to grid cells (B2:C3)."""
        spec = spec.strip()
        if not spec:
            raise BadInput("crop needs an aspect ratio (e.g. 16:9) or cells (e.g. B2:C3)")
        with self.scope(actor, place, Role.editor) as s:
            card, parent, picture = self.edit_source(s, version_id, Operation.crop)
            if ":" in spec and not looks_like_cells(spec):
                result, label = crop_to_ratio(picture, spec), spec
            else:
                region = self.region(picture, spec)
                result, label = crop_to_box(picture, region.box()), region.label
            made = self._made(s, card, parent, Operation.crop, {"to": label}, result)
        return self._posted(made)

    def blur_faces(self, actor: Actor, place: Place, version_id: int | None = None) -> Outcome:
        with self.scope(actor, place, Role.editor) as s:
            card, parent, picture = self.edit_source(s, version_id, Operation.blurfaces)
            result, count = blur_faces(picture)
            made = self._made(s, card, parent, Operation.blurfaces, {"faces": str(count)}, result)
        return self._posted(made)

    def crop_face(
        self, actor: Actor, place: Place, number: str = "1", version_id: int | None = None
    ) -> Outcome:
        key = (number or "1").strip().lower().removeprefix("face") or "1"
        if not key.isdigit():
            raise BadInput(f'"{number}" is not a face number; use e.g. 1 or face2')
        with self.scope(actor, place, Role.editor) as s:
            card, parent, picture = self.edit_source(s, version_id, Operation.cropface)
            result = crop_to_face(picture, int(key))
            made = self._made(s, card, parent, Operation.cropface, {"face": key}, result)
        return self._posted(made)

    def collage(
        self, actor: Actor, place: Place, chosen: list[str], layout: str = "grid"
    ) -> Outcome:
        """A board of chosen versions (v3 of the open card, #12v3 of another card)."""
        layout = check_layout(layout, len(chosen))
        with self.scope(actor, place, Role.editor) as s:
            card = self.focused_card(s)
            picked = [self._collage_version(s, card, key) for key in chosen]
            tiles: list[tuple[Image.Image, str]] = []
            for other_card, version in picked:
                editable(version, Operation.collage)
                assert version.image_sha is not None
                label = (
                    f"v{version.number}"
                    if other_card.id == card.id
                    else (f"#{other_card.id} v{version.number}")
                )
                tiles.append((first_frame_rgb(self.storage.read(version.image_sha)), label))
            names = ", ".join(label for _, label in tiles)
            parent = next((v for c, v in picked if c.id == card.id), picked[0][1])
            params = {"of": names, "layout": layout}
            made = self._made(s, card, parent, Operation.collage, params, board(tiles, layout))
        return self._posted(made)

    def annotate(
        self, actor: Actor, place: Place, notes: str, version_id: int | None = None
    ) -> Outcome:
        """Review notes (`B2 fix the hand; D4 sign`) drawn on a copy; never sent to a model."""
        with self.scope(actor, place, Role.editor) as s:
            card, parent, picture = self.edit_source(s, version_id, Operation.annotate)
            placed: list[tuple[Box, str]] = []
            for part in [p.strip() for p in notes.split(";") if p.strip()]:
                cells, _, text = part.partition(" ")
                placed.append((self.region(picture, cells).box(), text.strip().strip('"')))
            check_notes(placed)
            params = {"notes": "; ".join(t for _, t in placed)[:200]}
            result = annotate(picture, placed)
            made = self._made(s, card, parent, Operation.annotate, params, result)
        return self._posted(made)

    # -- regions ---------------------------------------------------------------------------------

    def region_grid(self, actor: Actor, place: Place, version_id: int | None = None) -> Outcome:
        """The version with the A1–D4 grid, to name a region by its cells."""
        with self.scope(actor, place) as s:
            _card, version, picture = self.edit_source(s, version_id, Operation.crop)
            key = self.storage.put_image(grid_overlay(picture)).sha256
        text = f"v{version.number} with its grid: name cells like B2:C3 or B2,C3"
        return Outcome(text, pictures=[Picture(key, f"v{version.number} grid", "grid.jpg")])

    def region_preview(
        self,
        actor: Actor,
        place: Place,
        region: str,
        version_id: int | None = None,
        mask: bytes | None = None,
    ) -> Outcome:
        """The chosen region highlighted, before anything is queued."""
        with self.scope(actor, place) as s:
            _card, version, picture = self.edit_source(s, version_id, Operation.crop)
            chosen = self.region(picture, region, mask)
            key = self.storage.put_image(highlight(picture, chosen)).sha256
        box = chosen.box()
        text = (
            f"region {chosen.label} of v{version.number}: {box[2] - box[0]}×{box[3] - box[1]} "
            f"px at ({box[0]}, {box[1]}); nothing is queued yet"
        )
        return Outcome(text, pictures=[Picture(key, f"region {chosen.label}", "region.jpg")])

    # -- shared steps ----------------------------------------------------------------------------

    def _collage_version(self, s: Scope, card: Card, key: str) -> tuple[Card, Version]:
        other = _OTHER_CARD.fullmatch(key.strip())
        if other:
            found = cards.get_card(s.session, s.ctx, int(other.group(1)))
            return found, versions.version_by_number(s.session, found, other.group(2))
        return card, versions.version_by_number(s.session, card, key)

    def _made(
        self,
        s: Scope,
        card: Card,
        parent: Version,
        operation: Operation,
        params: dict[str, str],
        result: Image.Image,
    ) -> Made:
        image = self.storage.put_image(png(result))
        edit = Edit(operation, params, result.size)
        version = add_local_edit(s.session, s.ctx, card, parent, edit, image)
        deliveries = create_deliveries(s.session, version)
        self.focused_version(s, version.id)
        text = f"🖌 v{version.number}: {origin(s.session, version)} · {image.width}×{image.height}"
        outcome = Outcome(
            text,
            versions=[self.render_version(s.session, card, version)],
            card_id=card.id,
            items=[f"lineage: {chain_text(s.session, version)}"],
        )
        return outcome, deliveries

    def _posted(self, made: Made) -> Outcome:
        """After commit: post the new version into the card's threads, refresh headers."""
        outcome, deliveries = made
        self._deliver(deliveries)
        self._changed(outcome.card_id)
        return outcome
