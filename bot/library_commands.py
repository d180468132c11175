"""The text grammar of the project library: /gallery, /design, /scene, /character."""

from __future__ import annotations

from bot.commands import Handler
from core.errors import BadInput
from core.identity import Actor, Place
from core.prompt_params import parse_settings
from core.studio import Outcome, Studio

FEED_FILTERS = ("approved", "mine", "all")


class LibraryCommands:
    """Handlers for the library's commands (the router's table points at them)."""

    def __init__(self, studio: Studio):
        self.studio = studio

    def table(self) -> dict[str, Handler]:
        return {
            "gallery": self.gallery,
            "design": self.design,
            "scene": self.scene,
            "scenes": lambda a, p, t, f: self.studio.list_scenes(a, p),
            "character": self.character,
            "characters": lambda a, p, t, f: self.studio.list_characters(a, p),
            "element": self.element,
            "elements": lambda a, p, t, f: self.studio.list_elements(a, p),
            "link": self.link,
            "archive": self.archive,
            "undo": lambda a, p, t, f: self.studio.undo(a, p),
            "delete": self.delete,
        }

    def feed(self, actor: Actor, place: Place, text: str) -> Outcome:
        """/feed [gallery|cards] [approved|mine|all] [search text]."""
        view, _, rest = text.partition(" ")
        if view.lower() not in ("gallery", "cards"):
            view, rest = "cards", text
        first, _, search = rest.strip().partition(" ")
        if first.lower() in FEED_FILTERS:
            filter_name, search_text = first.lower(), search.strip() or None
        else:
            filter_name, search_text = "all", rest.strip() or None
        if view.lower() == "gallery":
            return self.studio.gallery(actor, place, filter_name, search_text)
        return self.studio.feed(actor, place, filter_name, search_text)

    def gallery(self, actor: Actor, place: Place, text: str, _file: bytes | None) -> Outcome:
        """/gallery [filter] [search] · /gallery N · /gallery older · /gallery card [#id]."""
        sub, _, rest = text.strip().partition(" ")
        key = sub.lower()
        if key.lstrip("#").isdigit() and not rest:
            return self.studio.open_tile(actor, place, sub)
        if key == "older":
            return self.studio.gallery_older(actor, place)
        if key == "card":
            return self.studio.card_gallery(actor, place, rest.strip() or None)
        return self.feed(actor, place, f"gallery {text}".strip())

    def design(self, actor: Actor, place: Place, text: str, _file: bytes | None) -> Outcome:
        """/design [show] · /design style <text> · /design set <--flags>."""
        sub, _, rest = text.strip().partition(" ")
        key = sub.lower()
        if key in ("", "show"):
            return self.studio.show_design(actor, place)
        if key == "style":
            return self.studio.set_design(actor, place, style=rest)
        if key == "set":
            params = parse_settings(rest, models=self.studio.catalog.ids(), command="/design set")
            if params is None:
                raise BadInput(
                    "usage: /design set --ar 16:9 --res 2K --seed 42|random --no … --model …"
                )
            return self.studio.set_design(actor, place, params)
        raise BadInput(
            f'unknown /design action "{sub}"; allowed: show, style <text>, set <--flags>'
        )

    def scene(self, actor: Actor, place: Place, text: str, file: bytes | None) -> Outcome:
        sub, _, rest = text.strip().partition(" ")
        key, rest = sub.lower(), rest.strip()
        if key == "new":
            return self.studio.new_scene(actor, place, _named(rest, "scene"))
        if key == "add":
            name, number = _trailing_version(_named(rest, "scene"))
            if file is not None:
                return self.studio.add_shot(actor, place, name, data=file)
            version_id = self.studio.version_of_open_card(actor, place, number) if number else None
            return self.studio.add_shot(actor, place, name, version_id=version_id)
        if key == "remove":
            name, _, position = _named(rest, "scene").rpartition(" ")
            if not name:
                raise BadInput("usage: /scene remove <name> <shot number>")
            return self.studio.remove_shot(actor, place, name, position)
        if key == "show":
            return self.studio.show_scene(actor, place, _named(rest, "scene"))
        if key in ("list", ""):
            return self.studio.list_scenes(actor, place)
        raise BadInput(f'unknown /scene action "{sub}"; allowed: new, add, remove, show, list')

    def character(self, actor: Actor, place: Place, text: str, file: bytes | None) -> Outcome:
        sub, _, rest = text.strip().partition(" ")
        key, rest = sub.lower(), rest.strip()
        studio = self.studio
        if key == "new":
            name, _, description = rest.partition(":")
            return studio.new_character(actor, place, _named(name, "character"), description)
        if key == "portrait":
            name, dashes, flags = rest.partition("--")
            models = studio.catalog.ids()
            params = parse_settings(dashes + flags, models=models, command="/character portrait")
            return studio.portrait(actor, place, _named(name, "character"), params)
        if key == "upload":
            if file is None:
                raise BadInput("attach an image: /character upload <name> with a photo or file")
            return studio.upload_portrait(actor, place, _named(rest, "character"), file)
        if key == "show":
            name, _, index = rest.rpartition(" ")
            if name and index.isdigit():
                return studio.show_character(actor, place, name, index)
            return studio.show_character(actor, place, _named(rest, "character"))
        if key == "use":
            name, number = _trailing_version(_named(rest, "character"))
            if not number:
                raise BadInput(
                    "usage: /character use <name> v<number>, e.g. /character use Mara v2"
                )
            return studio.use_portrait(actor, place, name=name, number=number)
        if key == "describe":
            name, _, description = rest.partition(":")
            return studio.describe_character(actor, place, _named(name, "character"), description)
        if key == "gallery":
            return studio.character_gallery(actor, place, _named(rest, "character"))
        if key in ("list", ""):
            return studio.list_characters(actor, place)
        raise BadInput(
            f'unknown /character action "{sub}"; allowed: new, portrait, upload, show, use, '
            "describe, gallery, list"
        )

    def element(self, actor: Actor, place: Place, text: str, file: bytes | None) -> Outcome:
        """/element new <kind> <name>[: description] · image <name> · data <name>: k: v; …
        · toggle <name> image|description|data on|off · show <name> · list."""
        sub, _, rest = text.strip().partition(" ")
        key, rest = sub.lower(), rest.strip()
        studio = self.studio
        if key == "new":
            kind, _, named = rest.partition(" ")
            name, _, description = named.partition(":")
            element = _named(name, "element")
            return studio.new_element(actor, place, kind, element, description, file)
        if key == "image":
            if file is None:
                raise BadInput("attach an image: /element image <name> with a photo or file")
            return studio.element_image(actor, place, _named(rest, "element"), file)
        if key == "data":
            name, _, data = rest.partition(":")
            return studio.element_data(actor, place, _named(name, "element"), data)
        if key == "toggle":
            words = rest.rsplit(" ", 2)
            if len(words) != 3 or words[2].lower() not in ("on", "off"):
                raise BadInput("usage: /element toggle <name> image|description|data on|off")
            return studio.toggle_element(actor, place, words[0], words[1], words[2].lower() == "on")
        if key == "show":
            return studio.show_element(actor, place, _named(rest, "element"))
        if key in ("list", ""):
            return studio.list_elements(actor, place)
        raise BadInput(
            f'unknown /element action "{sub}"; allowed: new, image, data, toggle, show, list'
        )

    def link(self, actor: Actor, place: Place, text: str, _file: bytes | None) -> Outcome:
        """/link gives a code; /link CODE on the other platform joins the two accounts."""
        if text.strip():
            return self.studio.link_account(actor, place, text)
        return self.studio.link_code(actor, place)

    def archive(self, actor: Actor, place: Place, text: str, _file: bytes | None) -> Outcome:
        """/archive <kind> <name or number> [confirm] · /archive list · /archive restore <#>."""
        kind, _, rest = text.strip().partition(" ")
        key = kind.lower()
        if key in ("", "list"):
            return self.studio.list_archived(actor, place)
        if key == "restore":
            return self.studio.restore_archived(actor, place, _named(rest, "archived item"))
        target, _, last = rest.strip().rpartition(" ")
        confirmed = last.lower() == "confirm" and bool(target)
        name = target if confirmed else rest
        return self.studio.archive(actor, place, key, _named(name, key), confirmed)

    def delete(self, actor: Actor, place: Place, text: str, _file: bytes | None) -> Outcome:
        """/delete <archive #> [confirm]: delete an archived item for good."""
        number, _, last = text.strip().partition(" ")
        confirmed = last.strip().lower() == "confirm"
        return self.studio.delete_archived(actor, place, _named(number, "archived item"), confirmed)


def _named(text: str, what: str) -> str:
    if not text.strip():
        raise BadInput(f"name the {what}; see /help")
    return text.strip()


def _trailing_version(text: str) -> tuple[str, str | None]:
    """("Harbour", "3") from "Harbour v3"; ("Harbour", None) without a version."""
    name, _, last = text.rpartition(" ")
    if name and last[:1].lower() == "v" and last[1:].isdigit():
        return name.strip(), last[1:]
    return text.strip(), None
