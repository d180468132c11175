"""The text grammar of video, music, voice and 3D: /video, /animate, /music, /voice, /3d."""

from __future__ import annotations

from bot.commands import CommandSpec, Handler, version_arg
from core.catalog import ModelCatalog
from core.errors import BadInput
from core.identity import Actor, Place
from core.media_choice import offered
from core.studio import Outcome, Studio

# (command, category, operation, usage, summary, flags it takes)
MEDIA = (
    ("video", "video", "generate", "/video <prompt> [--duration N --ar W:H --model id]",
     "🎬 a new card whose first version is a video clip", ("duration", "ar", "model")),
    ("animate", "video", "animate", "/animate [vN] [motion prompt] [--duration N --model id]",
     "🎬 the viewed (or named) image version as a video", ("duration", "model")),
    ("music", "music", "generate", "/music <prompt> [--duration N --model id]",
     "🎵 a new card whose first version is a music clip", ("duration", "model")),
    ("voice", "voice", "generate", "/voice <line> [--voice id --model id]",
     "🗣 a new card whose first version speaks the line", ("voice", "model")),
    ("3d", "3d", "to3d", "/3d [vN] [--model id]",
     "🧊 the viewed (or named) image version as a 3D model (GLB)", ("model",)),
)  # fmt: skip


def media_specs(catalog: ModelCatalog) -> list[CommandSpec]:
    """The media commands whose category has a configured, enabled profile (for /help and
    Telegram's command menu)."""
    return [
        CommandSpec(name, usage, summary)
        for name, category, operation, usage, summary, _ in MEDIA
        if offered(catalog, category, operation)
    ]


def split_flags(text: str, allowed: tuple[str, ...], command: str) -> tuple[str, dict[str, str]]:
    """("a fox", {"duration": "5"}) from "a fox --duration 5"; an unknown or empty flag is
    refused naming the flags /command takes."""
    words = text.split()
    rest: list[str] = []
    flags: dict[str, str] = {}
    shown = ", ".join(f"--{name}" for name in allowed)
    index = 0
    while index < len(words):
        word = words[index]
        if not word.startswith("--"):
            rest.append(word)
            index += 1
            continue
        name = word[2:].lower()
        if name not in allowed:
            raise BadInput(f"/{command} does not take {word[:40]}; its flags: {shown}")
        if index + 1 >= len(words) or words[index + 1].startswith("--"):
            raise BadInput(f"{word} needs a value, e.g. /{command} … {word} {_example(name)}")
        if name in flags:
            raise BadInput(f"{word} is given twice")
        flags[name] = words[index + 1]
        index += 2
    return " ".join(rest), flags


def _example(flag: str) -> str:
    return {"duration": "5", "ar": "16:9", "model": "<id>", "voice": "<id>"}.get(flag, "…")


class MediaCommands:
    """Handlers for the media commands (the router's table points at them)."""

    def __init__(self, studio: Studio):
        self.studio = studio

    def table(self) -> dict[str, Handler]:
        return {
            "video": self.video,
            "animate": self.animate,
            "music": self.music,
            "voice": self.voice,
            "3d": self.to3d,
        }

    def _parse(self, name: str, text: str) -> tuple[str, dict[str, str]]:
        allowed = next(flags for command, *_, flags in MEDIA if command == name)
        return split_flags(text, allowed, name)

    def video(self, actor: Actor, place: Place, text: str, _file: bytes | None) -> Outcome:
        prompt, flags = self._parse("video", text)
        return self.studio.video(
            actor,
            place,
            _required(prompt, "/video", "what the clip shows"),
            duration=flags.get("duration"),
            aspect_ratio=flags.get("ar"),
            model=flags.get("model"),
        )

    def music(self, actor: Actor, place: Place, text: str, _file: bytes | None) -> Outcome:
        prompt, flags = self._parse("music", text)
        return self.studio.music(
            actor,
            place,
            _required(prompt, "/music", "the music, e.g. calm piano, rain"),
            duration=flags.get("duration"),
            model=flags.get("model"),
        )

    def voice(self, actor: Actor, place: Place, text: str, _file: bytes | None) -> Outcome:
        line, flags = self._parse("voice", text)
        return self.studio.voice(
            actor,
            place,
            _required(line, "/voice", "the line to speak"),
            voice=flags.get("voice"),
            model=flags.get("model"),
        )

    def animate(self, actor: Actor, place: Place, text: str, _file: bytes | None) -> Outcome:
        number, rest = version_arg(text)
        motion, flags = self._parse("animate", rest)
        version_id = self.studio.version_id(actor, place, number) if number else None
        return self.studio.animate(
            actor,
            place,
            version_id,
            motion,
            duration=flags.get("duration"),
            model=flags.get("model"),
        )

    def to3d(self, actor: Actor, place: Place, text: str, _file: bytes | None) -> Outcome:
        number, rest = version_arg(text)
        extra, flags = self._parse("3d", rest)
        if extra:
            raise BadInput(f'/3d takes a version and --model only, not "{extra[:40]}"; e.g. /3d v2')
        version_id = self.studio.version_id(actor, place, number) if number else None
        return self.studio.to3d(actor, place, version_id, model=flags.get("model"))


def _required(text: str, command: str, what: str) -> str:
    if not text.strip():
        raise BadInput(f"{command} needs {what}, e.g. {command} a lighthouse at dusk")
    return text
