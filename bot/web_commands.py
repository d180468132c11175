"""The text grammar of the public web gallery: /publish, /unpublish, /published, /public."""

from __future__ import annotations

from bot.commands import Handler, version_arg
from core.errors import BadInput
from core.identity import Actor, Place
from core.studio import Outcome, Studio


class WebCommands:
    """Handlers for the gallery's commands (the router's table points at them)."""

    def __init__(self, studio: Studio):
        self.studio = studio

    def table(self) -> dict[str, Handler]:
        return {
            "publish": self.publish,
            "unpublish": self.unpublish,
            "published": lambda a, p, t, f: self.studio.published(a, p),
            "public": self.public,
        }

    def _version(self, actor: Actor, place: Place, text: str) -> tuple[int | None, str]:
        number, rest = version_arg(text)
        if number is None:
            return None, rest
        return self.studio.version_id(actor, place, number), rest

    def publish(self, actor: Actor, place: Place, text: str, _file: bytes | None) -> Outcome:
        """/publish [vN] [prompt] [handle] (or both / none): the viewed version by default."""
        version_id, show = self._version(actor, place, text)
        return self.studio.publish(actor, place, version_id, show)

    def unpublish(self, actor: Actor, place: Place, text: str, _file: bytes | None) -> Outcome:
        """/unpublish [vN]."""
        version_id, rest = self._version(actor, place, text)
        if rest:
            raise BadInput(f'"{rest}" is not a version number; use e.g. /unpublish v3')
        return self.studio.unpublish(actor, place, version_id)

    def public(self, actor: Actor, place: Place, text: str, _file: bytes | None) -> Outcome:
        """/public on <public name> · /public off."""
        sub, _, rest = text.strip().partition(" ")
        if sub.lower() == "on":
            if not rest.strip():
                raise BadInput("name the project's public name: /public on <name>")
            return self.studio.public_project(actor, place, rest)
        if sub.lower() == "off" and not rest.strip():
            return self.studio.public_project(actor, place, None)
        raise BadInput("usage: /public on <public name> | /public off")
