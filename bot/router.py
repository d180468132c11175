"""Routes one chat input (command or plain text) to the Studio; shared by every adapter."""

from __future__ import annotations

from bot.commands import help_text, press_arg, split_command, version_arg
from bot.library_commands import LibraryCommands
from bot.media_commands import MediaCommands, media_specs
from bot.web_commands import WebCommands
from core.edit_commands import edit_help, run_edit
from core.errors import BadInput
from core.identity import Actor, Place
from core.prompt_params import PromptParams, parse_prompt, parse_settings
from core.studio import Outcome, Studio


class CommandRouter:
    """The text front end: turns `/name args` (plus an optional attachment) into one typed
    Studio call. Text surfaces (console, Telegram) use it; Discord calls core directly."""

    def __init__(self, studio: Studio):
        self.studio = studio
        self.table = {
            "project": self._project,
            "imagine": lambda a, p, t, f: studio.new_card(a, p, self._prompt(t), generate=True),
            "card": self._card,
            "cards": lambda a, p, t, f: studio.list_cards(a, p),
            "open": lambda a, p, t, f: studio.open_card(a, p, t),
            "version": lambda a, p, t, f: studio.view_version(a, p, t),
            "approve": lambda a, p, t, f: self._on_version(a, p, t, "approve"),
            "reject": lambda a, p, t, f: self._on_version(a, p, t, "reject"),
            "favorite": lambda a, p, t, f: self._on_version(a, p, t, "favorite"),
            "new": lambda a, p, t, f: studio.new_version(a, p, self._settings(t, "/new")),
            "generate": lambda a, p, t, f: studio.generate(a, p, self._settings(t, "/generate")),
            "pick": lambda a, p, t, f: studio.pick_suggestion(a, p, _required(t, "suggestion")),
            "chat": lambda a, p, t, f: studio.chat_history(a, p),
            "fork": self._fork,
            "directions": lambda a, p, t, f: studio.list_directions(a, p),
            "direction": lambda a, p, t, f: studio.switch_direction(a, p, _required(t, "name")),
            "rename": self._rename,
            "saveref": self._saveref,
            "refs": lambda a, p, t, f: studio.list_refs(a, p),
            "ref": self._ref,
            "restore": lambda a, p, t, f: studio.restore(a, p, number=_required(t, "version")),
            "prompt": lambda a, p, t, f: studio.edit_prompt(a, p, t),  # a voice line: 4096
            "save": lambda a, p, t, f: studio.save_prompt(a, p),
            "revert": lambda a, p, t, f: studio.revert_prompt(a, p),
            "lora": lambda a, p, t, f: (
                studio.set_loras(a, p, t) if t.strip() else studio.lora_menu(a, p)
            ),
            "show": lambda a, p, t, f: self._on_version(a, p, t, "show"),
            "feed": self._feed,
            "search": lambda a, p, t, f: studio.search(a, p, t),
            "upload": self._upload,
            "queue": lambda a, p, t, f: studio.queue_status(a, p),
            "cancel": lambda a, p, t, f: studio.cancel(a, p),
            "models": self._models,
            "press": self._press,
            "edit": self._edit,
            "help": lambda a, p, t, f: Outcome(help_text(media_specs(studio.catalog))),
            "start": lambda a, p, t, f: Outcome(help_text(media_specs(studio.catalog))),
            "balance": lambda a, p, t, f: studio.balance(a, p),
            "usage": lambda a, p, t, f: studio.usage(a, p),
            "budget": self._budget,
            "buy": self._buy,
        }
        self.library = LibraryCommands(studio)
        self.table.update(self.library.table())
        self.table.update(WebCommands(studio).table())
        self.table.update(MediaCommands(studio).table())

    def handle(
        self, actor: Actor, place: Place, text: str, attachment: bytes | None = None
    ) -> Outcome:
        command = split_command(text)
        if command is None:
            return self.studio.say(actor, place, text)
        name, args = command
        handler = self.table.get(name)
        if handler is None:
            raise BadInput(f"unknown command /{name}; see /help for the commands")
        return handler(actor, place, args, attachment)

    def _on_version(self, actor: Actor, place: Place, text: str, action: str) -> Outcome:
        number, _rest = version_arg(text)
        if text.strip() and number is None:
            raise BadInput(f'"{text.strip()}" is not a version number; use e.g. /{action} v3')
        version_id = None
        if number is not None:
            version_id = self.studio.version_id(actor, place, number)
        if action in ("approve", "reject"):
            return self.studio.review(actor, place, action, version_id)
        if action == "favorite":
            return self.studio.favorite(actor, place, version_id)
        return self.studio.show_prompt(actor, place, version_id)

    def _edit(self, actor: Actor, place: Place, text: str, file: bytes | None) -> Outcome:
        """/edit [vN] <operation> …: an edit of the viewed (or named) version."""
        if not text.strip() or text.strip().lower() == "help":
            return Outcome("edits of the viewed version (or /edit vN …):\n" + edit_help())
        number, rest = version_arg(text)
        version_id = self.studio.version_id(actor, place, number) if number is not None else None
        return run_edit(self.studio, actor, place, rest, version_id, file)

    def _press(self, actor: Actor, place: Place, text: str, _file: bytes | None) -> Outcome:
        action, target, answer = press_arg(text)
        return self.studio.press(actor, place, action, target, answer)

    def _prompt(self, text: str) -> PromptParams:
        return parse_prompt(text, models=self.studio.catalog.ids())

    def _settings(self, text: str, command: str) -> PromptParams | None:
        return parse_settings(text, models=self.studio.catalog.ids(), command=command)

    def _project(self, actor: Actor, place: Place, text: str, _file: bytes | None) -> Outcome:
        sub, _, rest = text.partition(" ")
        sub, rest = sub.lower(), rest.strip()
        if sub == "new":
            return self.studio.new_project(actor, place, rest)
        if sub == "use":
            return self.studio.use_project(actor, place, _required(rest, "project"))
        if sub == "list":
            return self.studio.list_projects(actor)
        if sub == "members":
            return self.studio.members(actor, place)
        if sub == "role":
            member, _, role = rest.rpartition(" ")
            if not member:
                raise BadInput("usage: /project role <member> <owner|editor|viewer>")
            return self.studio.set_role(actor, place, member, role)
        if sub == "invite":
            return self.studio.project_invite(actor, place, rest or "editor")
        if sub == "join":
            return self.studio.project_join(actor, place, _required(rest, "invite code"))
        if sub == "showcase":
            if rest.lower() in ("here", "on"):
                return self.studio.set_showcase(actor, place, True)
            if rest.lower() == "off":
                return self.studio.set_showcase(actor, place, False)
            if rest:
                raise BadInput("usage: /project showcase [here|off]")
            return self.studio.showcase(actor, place)
        if sub in ("archive", "restore", "delete"):
            return self._project_archive(actor, place, sub, rest)
        raise BadInput(
            f'unknown /project action "{sub}"; allowed: new, use, list, members, role, showcase, '
            "invite, join, archive, restore, delete"
        )

    def _project_archive(self, actor: Actor, place: Place, sub: str, rest: str) -> Outcome:
        """/project archive|delete [name or #] [confirm] · /project restore [name or #]."""
        words = rest.split()
        confirmed = bool(words) and words[-1].lower() == "confirm"
        key = " ".join(words[:-1] if confirmed else words)
        if sub == "archive":
            return self.studio.archive_project(actor, place, key, confirmed)
        if sub == "delete":
            return self.studio.delete_project(actor, place, key, confirmed)
        return self.studio.restore_project(actor, place, key)

    def _budget(self, actor: Actor, place: Place, text: str, _file: bytes | None) -> Outcome:
        monthly, daily = _budget_args(text)
        return self.studio.set_budget(actor, place, monthly, daily)

    def _buy(self, actor: Actor, place: Place, text: str, _file: bytes | None) -> Outcome:
        if text:  # Telegram sends the invoice itself; other surfaces have no in-chat payments
            raise BadInput("credit packs are bought in Telegram with Stars; ask an admin here")
        return self.studio.packs(actor, place)

    def _card(self, actor: Actor, place: Place, text: str, _file: bytes | None) -> Outcome:
        sub, _, rest = text.partition(" ")
        if sub.lower() != "new":
            raise BadInput("usage: /card new <prompt and flags>")
        return self.studio.new_card(actor, place, self._prompt(rest))

    def _fork(self, actor: Actor, place: Place, text: str, _file: bytes | None) -> Outcome:
        number, name = version_arg(text)
        version_id = None
        if number is not None:
            version_id = self.studio.version_id(actor, place, number)
        return self.studio.fork(actor, place, name, version_id)

    def _rename(self, actor: Actor, place: Place, text: str, _file: bytes | None) -> Outcome:
        old, sep, new = text.partition("=")
        if not sep:
            raise BadInput("usage: /rename <old name> = <new name>")
        return self.studio.rename_direction(actor, place, old.strip(), new.strip())

    def _saveref(self, actor: Actor, place: Place, text: str, _file: bytes | None) -> Outcome:
        number, name = version_arg(text)
        version_id = None
        if number is not None:
            version_id = self.studio.version_id(actor, place, number)
        return self.studio.save_as_ref(actor, place, name, version_id)

    def _ref(self, actor: Actor, place: Place, text: str, file: bytes | None) -> Outcome:
        sub, _, rest = text.partition(" ")
        sub, rest = sub.lower(), rest.strip()
        if sub == "add":
            if file is None:
                raise BadInput("attach an image: /ref add <name> with a photo or file")
            return self.studio.add_ref(actor, place, rest, file)
        if sub == "remove":
            return self.studio.remove_ref(actor, place, _required(rest, "ref"))
        if sub == "reorder":
            name, _, position = rest.rpartition(" ")
            if not name:
                raise BadInput("usage: /ref reorder <name> <position>")
            return self.studio.reorder_ref(actor, place, name, position)
        if sub == "kind":
            name, _, kind = rest.rpartition(" ")
            if not name:
                raise BadInput("usage: /ref kind <name> <character|location|object|style>")
            return self.studio.set_ref_kind(actor, place, name, kind)
        if sub in ("list", ""):
            return self.studio.list_refs(actor, place)
        raise BadInput(f'unknown /ref action "{sub}"; allowed: add, remove, reorder, kind, list')

    def _feed(self, actor: Actor, place: Place, text: str, _file: bytes | None) -> Outcome:
        """/feed [gallery|cards] [approved|mine|all] [search text]."""
        return self.library.feed(actor, place, text)

    def _models(self, actor: Actor, place: Place, text: str, _file: bytes | None) -> Outcome:
        sub, _, rest = text.partition(" ")
        sub = sub.lower()
        if sub in ("fav", "unfav"):
            return self.studio.favorite_model(actor, place, rest.strip(), on=sub == "fav")
        if sub in ("", "list"):
            return self.studio.list_models(actor, place)
        raise BadInput(f'unknown /models action "{sub}"; allowed: fav <id>, unfav <id>, or none')

    def _upload(self, actor: Actor, place: Place, _text: str, file: bytes | None) -> Outcome:
        if file is None:
            raise BadInput("attach an image to /upload (PNG, JPEG, WebP or GIF)")
        return self.studio.upload(actor, place, file)


def _budget_args(text: str) -> tuple[str | None, str | None]:
    """("100", "off") from "month 100 day off"; either may be left out (then: no limit)."""
    words = text.split()
    if not words or len(words) % 2 or any(w not in ("month", "day") for w in words[::2]):
        raise BadInput(
            "usage: /budget month <credits|off> day <credits|off>, e.g. /budget month 500 day 50"
        )
    given = dict(zip(words[::2], words[1::2], strict=True))
    return given.get("month"), given.get("day")


def _required(text: str, what: str) -> str:
    if not text.strip():
        raise BadInput(f"name the {what}; see /help")
    return text.strip()
