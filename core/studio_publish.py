"""Studio actions of the public web gallery: publish, unpublish, the project's public page."""

from __future__ import annotations

from core import publishing
from core.access import Role
from core.errors import BadInput
from core.identity import Actor, Place
from core.media_requests import kind_words
from core.models import Version
from core.studio_base import Outcome, StudioBase


class PublishActions(StudioBase):
    """🌐 Publish / unpublish a version; opt a project in to its public page."""

    public_url: str = ""
    """The web gallery's base URL (LIGHTBOX_PUBLIC_URL); links are relative without it."""

    def link(self, path: str) -> str:
        return f"{self.public_url.rstrip('/')}{path}"

    def publish(
        self, actor: Actor, place: Place, version_id: int | None = None, show: str = ""
    ) -> Outcome:
        """Put the version on the public gallery; `show` names what its page shows besides the
        image: prompt, handle, both or none (the default)."""
        show_prompt, show_handle = publishing.parse_show(show)
        with self.scope(actor, place, Role.editor) as s:
            card, version = self.focused_version(s, version_id)
            images_only(version)
            row, new = publishing.publish(
                s.session, s.ctx, version, show_prompt=show_prompt, show_handle=show_handle
            )
            public_id = row.public_id
        shown = [w for w, on in (("prompt", show_prompt), ("your handle", show_handle)) if on]
        what = " and ".join(shown) if shown else "the image, title and model only"
        verb = "🌐 published" if new else "🌐 already published; now showing"
        text = (
            f"{verb} v{version.number} of card #{card.id}: {self.link(f'/v/{public_id}')}\n"
            f"the page shows {what}; take it down with /unpublish v{version.number}"
        )
        if not self.public_url:
            text += "\n(links are relative: the operator sets LIGHTBOX_PUBLIC_URL)"
        return Outcome(text, card_id=card.id, items=[self.link(f"/v/{public_id}")])

    def unpublish(self, actor: Actor, place: Place, version_id: int | None = None) -> Outcome:
        """Take the version's page down at once: its link and image answer 410 Gone."""
        with self.scope(actor, place, Role.editor) as s:
            card, version = self.focused_version(s, version_id)
            found = publishing.unpublish(s.session, version)
        if found is None:
            raise BadInput(f"v{version.number} of card #{card.id} is not published")
        return Outcome(
            f"v{version.number} of card #{card.id} is no longer public; its link answers "
            "410 Gone and its image is not served",
            card_id=card.id,
        )

    def published(self, actor: Actor, place: Place) -> Outcome:
        """The project's live publications with their links."""
        with self.scope(actor, place) as s:
            rows = publishing.published_in(s.session, s.ctx)
            items = [
                f"#{c.id} v{v.number} “{c.title}”: {self.link(f'/v/{p.public_id}')}"
                for c, v, p in rows
            ]
        if not items:
            return Outcome("nothing of this project is published; 🌐 Publish a finished version")
        return Outcome(f"published ({len(items)} newest):", items=items)

    def public_project(self, actor: Actor, place: Place, name: str | None) -> Outcome:
        """/public on <name>: the project's page and name on its images; /public off: neither."""
        with self.scope(actor, place, Role.owner) as s:
            found = publishing.set_public_project(s.session, s.ctx, name)
            project = s.ctx.project.name
        if found is None:
            return Outcome(
                f'project "{project}" has no public page; its published images no longer '
                "show its name"
            )
        link = self.link(f"/p/{found.public_id}")
        return Outcome(
            f'project "{project}" is public as “{found.public_name}”: {link}\n'
            "its published images show this name; /public off takes the page down",
            items=[link],
        )


def images_only(version: Version) -> None:
    """The public gallery shows images: a video, audio or 3D version is refused (its poster
    is not the work), naming what can be published instead."""
    if version.media_kind != "image":
        raise BadInput(
            f"v{version.number} is {kind_words(version)}; the public gallery shows images only "
            "(publish an image version instead)"
        )
