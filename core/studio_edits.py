"""Studio edits a model makes: vary, inpaint, zoom out and pan, upscale, background tools."""

from __future__ import annotations

from PIL import Image

from core.access import Role
from core.characters import canonical, find_character
from core.edit_ops import Operation
from core.edit_requests import Edit, edit_prompt, editable, model_for, queue_edit
from core.edit_sizes import (
    padded_size,
    pan_padding,
    upscale_factor,
    zoom_factor,
    zoom_padding,
)
from core.errors import BadInput
from core.faces import find_faces
from core.generation_context import pin_ref
from core.identity import Actor, Place
from core.images import first_frame_rgb
from core.lineage import origin
from core.loras import carried, shown
from core.models import Card, Version
from core.models.base import row_id
from core.region_views import highlight
from core.regions import Region, box_region, cells_region, looks_like_cells, uploaded_region
from core.studio_base import Outcome, Picture, Scope, StudioBase

STRENGTHS = {"subtle": "0.35", "strong": "0.75"}
REGION_RULE = "cells like B2:C3 or B2,C3, face (or face2), or mask with an uploaded mask image"


class EditActions(StudioBase):
    """Edits sent to the card's model; each queues a new version that remembers its parent."""

    def vary(
        self,
        actor: Actor,
        place: Place,
        strength: str = "subtle",
        prompt: str = "",
        version_id: int | None = None,
    ) -> Outcome:
        key = strength.strip().lower() or "subtle"
        if key not in STRENGTHS:
            raise BadInput(f'unknown variation "{strength}"; allowed: subtle, strong')
        params = {"strength": STRENGTHS[key], "mode": key}
        text = edit_prompt(prompt) if prompt.strip() else None
        with self.scope(actor, place, Role.editor) as s:
            card, parent = self.edit_target(s, version_id, Operation.vary)
            edit = Edit(Operation.vary, params, (parent.width, parent.height), text, new_seed=True)
            outcome = self._queued(s, card, parent, edit)
        return self._sent(outcome)

    def inpaint(
        self,
        actor: Actor,
        place: Place,
        region: str,
        prompt: str,
        version_id: int | None = None,
        mask: bytes | None = None,
    ) -> Outcome:
        """Redraw a region with a prompt ("remove" fills it from its surroundings)."""
        text = edit_prompt(prompt or "", what="inpaint prompt")
        if not text:
            raise BadInput('inpaint needs a prompt: what goes in the region, e.g. "a red door"')
        with self.scope(actor, place, Role.editor) as s:
            card, parent, picture = self.edit_source(s, version_id, Operation.inpaint)
            chosen = self.region(picture, region, mask)
            size = picture.size
            model_for(self.catalog, card, Edit(Operation.inpaint, {}, size), "the inpaint")
            stored = self.storage.put_image(chosen.png())
            params = {"region": chosen.label}
            edit = Edit(Operation.inpaint, params, size, text, mask_sha=stored.sha256)
            preview = self.storage.put_image(highlight(picture, chosen))
            outcome = self._queued(s, card, parent, edit)
        outcome.pictures.append(Picture(preview.sha256, f"region {chosen.label}", "region.jpg"))
        return self._sent(outcome)

    def zoom(
        self,
        actor: Actor,
        place: Place,
        factor: str = "2",
        version_id: int | None = None,
        ratio: str | None = None,
    ) -> Outcome:
        """Zoom out: the canvas grows around the image (1.5×, 2× or custom) and is filled."""
        scale = zoom_factor(factor)
        with self.scope(actor, place, Role.editor) as s:
            card, parent = self.edit_target(s, version_id, Operation.outpaint)
            padding = zoom_padding((parent.width, parent.height), scale, ratio)
            params = {side: str(px) for side, px in padding.items()} | {"zoom": f"{scale:g}"}
            size = padded_size((parent.width, parent.height), padding)
            outcome = self._queued(s, card, parent, Edit(Operation.outpaint, params, size))
        return self._sent(outcome)

    def pan(
        self, actor: Actor, place: Place, direction: str, version_id: int | None = None
    ) -> Outcome:
        """Pan ← → ↑ ↓: one side extends by half the image and is filled."""
        with self.scope(actor, place, Role.editor) as s:
            card, parent = self.edit_target(s, version_id, Operation.outpaint)
            padding = pan_padding((parent.width, parent.height), direction)
            side = next(k for k, v in padding.items() if v)
            params = {k: str(v) for k, v in padding.items()} | {"pan": side}
            size = padded_size((parent.width, parent.height), padding)
            outcome = self._queued(s, card, parent, Edit(Operation.outpaint, params, size))
        return self._sent(outcome)

    def upscale(
        self, actor: Actor, place: Place, factor: str = "2", version_id: int | None = None
    ) -> Outcome:
        scale = upscale_factor(factor)
        with self.scope(actor, place, Role.editor) as s:
            card, parent = self.edit_target(s, version_id, Operation.upscale)
            size = (parent.width * scale, parent.height * scale)
            outcome = self._queued(
                s, card, parent, Edit(Operation.upscale, {"scale": str(scale)}, size)
            )
        return self._sent(outcome)

    def remove_background(
        self, actor: Actor, place: Place, version_id: int | None = None
    ) -> Outcome:
        """A transparent PNG of the subject."""
        with self.scope(actor, place, Role.editor) as s:
            card, parent = self.edit_target(s, version_id, Operation.removebg)
            edit = Edit(Operation.removebg, {}, (parent.width, parent.height))
            outcome = self._queued(s, card, parent, edit)
        return self._sent(outcome)

    def replace_background(
        self, actor: Actor, place: Place, prompt: str, version_id: int | None = None
    ) -> Outcome:
        text = edit_prompt(prompt or "", what="background prompt")
        if not text:
            raise BadInput('replacebg needs a prompt for the new background, e.g. "a beach"')
        with self.scope(actor, place, Role.editor) as s:
            card, parent = self.edit_target(s, version_id, Operation.replacebg)
            edit = Edit(Operation.replacebg, {}, (parent.width, parent.height), text)
            outcome = self._queued(s, card, parent, edit)
        return self._sent(outcome)

    def restore_faces(self, actor: Actor, place: Place, version_id: int | None = None) -> Outcome:
        """Restore / enhance the faces (refused at once when there is none)."""
        with self.scope(actor, place, Role.editor) as s:
            card, parent, picture = self.edit_source(s, version_id, Operation.restoreface)
            if not find_faces(picture):
                raise BadInput("no face found in this image (frontal faces only)")
            edit = Edit(Operation.restoreface, {}, picture.size)
            outcome = self._queued(s, card, parent, edit)
        return self._sent(outcome)

    def face_swap(
        self, actor: Actor, place: Place, character: str, version_id: int | None = None
    ) -> Outcome:
        """The largest face becomes the character's (their canonical portrait goes as the ref)."""
        if not character.strip():
            raise BadInput("name the character whose face goes in, e.g. /edit faceswap Mara")
        with self.scope(actor, place, Role.editor) as s:
            card, parent, picture = self.edit_source(s, version_id, Operation.faceswap)
            if not find_faces(picture):
                raise BadInput("no face found in this image (frontal faces only)")
            who = find_character(s.session, s.ctx, character.strip())
            portrait = canonical(s.session, who)
            if portrait is None:
                raise BadInput(
                    f"{who.name} has no finished portrait yet; make one with "
                    f"/character portrait {who.name}"
                )
            ref = pin_ref(s.session, s.ctx, card, who.name, "character", portrait)
            params = {"character": who.name, "portrait": f"v{portrait.number}"}
            edit = Edit(Operation.faceswap, params, picture.size, ref_ids=(row_id(ref),))
            outcome = self._queued(s, card, parent, edit)
        return self._sent(outcome)

    # -- shared steps ---------------------------------------------------------------------------

    def edit_target(
        self, s: Scope, version_id: int | None, operation: Operation
    ) -> tuple[Card, Version]:
        """The version to edit: the button's or the viewed one, finished and editable."""
        card, parent = self.focused_version(s, version_id)
        editable(parent, operation)
        return card, parent

    def edit_source(
        self, s: Scope, version_id: int | None, operation: Operation
    ) -> tuple[Card, Version, Image.Image]:
        """The version to edit and its picture (for edits that look at the pixels first)."""
        card, parent = self.edit_target(s, version_id, operation)
        assert parent.image_sha is not None
        return card, parent, first_frame_rgb(self.storage.read(parent.image_sha))

    def region(self, picture: Image.Image, text: str, mask: bytes | None = None) -> Region:
        """A region named in chat: grid cells, a detected face, or the uploaded mask."""
        key = (text or "").strip().lower()
        if key == "mask" or (not key and mask is not None):
            if mask is None:
                raise BadInput("attach the mask image (white = edit, the image's size)")
            return uploaded_region(mask, picture.size)
        if key.startswith("face"):
            number = key.removeprefix("face") or "1"
            faces = find_faces(picture)
            if not faces:
                raise BadInput("no face found in this image; pick cells instead, e.g. B2:C3")
            if not number.isdigit() or not 1 <= int(number) <= len(faces):
                raise BadInput(
                    f"there are {len(faces)} face(s) here; pick face1 to face{len(faces)}"
                )
            return box_region(faces[int(number) - 1], picture.size, f"face {number}")
        if not key:
            raise BadInput(f"name the region: {REGION_RULE}")
        if not looks_like_cells(key):
            raise BadInput(f'"{text.strip()}" is not a region; use {REGION_RULE}')
        return cells_region(text.strip(), picture.size)

    def _queued(self, s: Scope, card: Card, parent: Version, edit: Edit) -> Outcome:
        profile = model_for(self.catalog, card, edit, f"{edit.operation.value} of v{parent.number}")
        billing, place, roles = self.billing, s.place, s.roles
        version, job_id = queue_edit(
            s.session, s.ctx, card, parent, edit, profile, billing, place=place, roles=roles
        )
        self.focused_version(s, version.id)  # the next edit works on this one
        text = (
            f"🖌 queued v{version.number}: {origin(s.session, version)} · {profile.label} · "
            f"{version.width}×{version.height}"
        )
        if version.loras:
            text += f" · LoRA {shown(version.loras)}"
        dropped = carried(profile, parent.loras)[1]
        if dropped:
            text += f" · LoRA dropped: {'; '.join(dropped)}"
        view = self.render_card(s.session, card)
        return Outcome(text, card=view, job_ids=[job_id], card_id=card.id)

    def _sent(self, outcome: Outcome) -> Outcome:
        """Send the queued jobs once their rows are committed; the card's headers refresh."""
        self._send(outcome.job_ids)
        self._changed(outcome.card_id)
        return outcome
