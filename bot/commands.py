"""The command grammar shared by chat adapters: `/name args` → a Studio action."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from core.errors import BadInput
from core.identity import Actor, Place
from core.names import is_number, parse_number
from core.studio import Outcome

Handler = Callable[[Actor, Place, str, bytes | None], Outcome]


@dataclass(frozen=True)
class CommandSpec:
    """One command: its usage line and what it does, for /help."""

    name: str
    usage: str
    summary: str


def split_command(text: str) -> tuple[str, str] | None:
    """("imagine", "a fox --ar 16:9") for "/imagine a fox --ar 16:9"; None for plain text."""
    stripped = text.strip()
    if not stripped.startswith("/"):
        return None
    head, _, rest = stripped[1:].partition(" ")
    name = head.split("@", 1)[0].lower()
    if not name:
        raise BadInput("unknown command / (a lone slash); type a command name after it, e.g. /help")
    return name, rest.strip()


def version_arg(text: str) -> tuple[str | None, str]:
    """Split an optional leading version number ("v3 rest" → ("3", "rest"))."""
    first, _, rest = text.strip().partition(" ")
    if first[:1].lower() == "v" and first[1:].isdigit() and not is_number(first[1:]):
        raise BadInput(f'"{first}" is not a version number; use e.g. v3')
    if first[:1].lower() == "v" and is_number(first[1:]):
        return first[1:], rest.strip()
    return None, text.strip()


def press_arg(text: str) -> tuple[str, int, str]:
    """("fork", 42, "night") from "fork 42 night": the universal button press (+ its answer)."""
    parts = text.split(maxsplit=2)
    if len(parts) < 2:
        raise BadInput("usage: /press <action> <id> [answer], e.g. /press approve 42")
    version_id = parse_number(parts[1], what="id")
    return parts[0].lower(), version_id, parts[2] if len(parts) > 2 else ""


SPECS = [
    CommandSpec(
        "project",
        "/project new|use|list|members|role|showcase [here|off]|invite [role]|join <code>|"
        "archive|restore|delete [name] [confirm] …",
        "create, select and manage projects; invite codes bind other chats",
    ),
    CommandSpec(
        "imagine",
        "/imagine <prompt> [--ar W:H --res 1K|2K|4K --n 1-5 --seed N|random --no … --model … "
        "--lora name:weight]",
        "new card and generate at once",
    ),
    CommandSpec("card", "/card new <prompt and flags>", "new card without generating"),
    CommandSpec("cards", "/cards", "list the project's cards"),
    CommandSpec("open", "/open <card number or title words>", "open a card"),
    CommandSpec("version", "/version <n>", "view version n (approve/reject/⭐ act on it)"),
    CommandSpec("approve", "/approve [vN]", "approve the viewed version → showcase"),
    CommandSpec("reject", "/reject [vN]", "reject the viewed version"),
    CommandSpec("favorite", "/favorite [vN]", "⭐ toggle the viewed version"),
    CommandSpec("new", "/new [flags]", "New Version of the draft in the current direction"),
    CommandSpec("generate", "/generate [flags]", "✨ the assistant finishes the prompt, then /new"),
    CommandSpec("pick", "/pick <n>", "answer the assistant's question with suggestion n"),
    CommandSpec("fork", "/fork <name>", "↗ new direction from the viewed version"),
    CommandSpec("directions", "/directions", "list the card's directions"),
    CommandSpec("direction", "/direction <name>|main", "switch direction"),
    CommandSpec("rename", "/rename <old> = <new>", "rename a direction"),
    CommandSpec("saveref", "/saveref <name>", "📌 save the viewed version as a ref"),
    CommandSpec("refs", "/refs", "list the project's refs"),
    CommandSpec(
        "ref",
        "/ref add <name> <image>|remove <name>|reorder <name> <pos>|kind <name> <kind>|list",
        "manage refs (kinds: character, location, object, style)",
    ),
    CommandSpec("restore", "/restore <n>", "↩ copy version n's prompt and settings to the draft"),
    CommandSpec("prompt", "/prompt <text and flags>", "edit the draft (autosaved)"),
    CommandSpec("save", "/save", "💾 save the draft (/revert brings it back later)"),
    CommandSpec("revert", "/revert", "↶ the draft goes back to the last 💾 saved prompt"),
    CommandSpec(
        "lora", "/lora [name:weight, …|none]", "🎨 the card's LoRA styles: buttons, or set"
    ),
    CommandSpec("show", "/show [vN]", "show a version's full prompt"),
    CommandSpec(
        "feed",
        "/feed [gallery|cards] [approved|mine|all] [search text]",
        "finished versions (gallery: numbered contact sheet)",
    ),
    CommandSpec("search", "/search <text>", "cards whose prompt contains the text (≥ 2 chars)"),
    CommandSpec("upload", "/upload <image>", "📤 your own image as a new version"),
    CommandSpec("cancel", "/cancel", "✖️ stop the open card's queued and running generations"),
    CommandSpec("queue", "/queue", "jobs waiting and running"),
    CommandSpec("models", "/models [fav|unfav <id>]", "the models offered; ★ pin your favourites"),
    CommandSpec("press", "/press <action> <id> [answer]", "press a card's or version's button"),
    CommandSpec("chat", "/chat", "the card chat so far, in order"),
    CommandSpec(
        "edit",
        "/edit [vN] <vary|inpaint|zoom|pan|crop|upscale|removebg|replacebg|blurfaces|cropface|"
        "restoreface|collage|annotate|grid|region|info|reproduce> …",
        "🖌 edit the viewed version into a new one (/edit help for each edit)",
    ),
    CommandSpec("help", "/help", "this list"),
    CommandSpec("balance", "/balance", "💳 your credits, what queued jobs hold, your plan"),
    CommandSpec("usage", "/usage", "📒 recent holds, charges and credits of the paying wallet"),
    CommandSpec(
        "budget",
        "/budget month <credits|off> day <credits|off>",
        "owner: the project wallet pays, within a monthly budget and a daily limit per member",
    ),
    CommandSpec("buy", "/buy [pack]", "⭐ buy a credit pack with Telegram Stars"),
    CommandSpec(
        "gallery",
        "/gallery [approved|mine|all] [search] | <n> | older | card [#id]",
        "contact sheet of numbered versions; a number opens one",
    ),
    CommandSpec(
        "design",
        "/design [show] | style <text> | set --ar --res --seed N|random --no … --model …",
        "production design: what new cards and portraits start from",
    ),
    CommandSpec(
        "scene",
        "/scene new <name>|add <name> [vN or image]|remove <name> <n>|show <name>|list",
        "scenes: pools of shots; --scene <name> on a prompt uses them as refs",
    ),
    CommandSpec(
        "character",
        "/character new <name>: <looks>|portrait <name> [flags]|upload <name> <image>|"
        "show <name> [n]|use <name> vN|describe <name>[: text]|gallery <name>|list",
        "characters: portraits, canonical portrait; --with <name> sends it as a ref",
    ),
    CommandSpec(
        "element",
        "/element new <character|location|item|faction|lore> <name>[: description] [image]|"
        "image <name> <image>|data <name>: key: value; …|"
        "toggle <name> image|description|data on|off|show <name>|list",
        "worldbuilding elements; --with <name> sends their toggled parts as context",
    ),
    CommandSpec(
        "archive",
        "/archive card|version|scene|character|element <name or number> [confirm]|list|restore <#>",
        "archive (confirm first; nothing is deleted); /undo brings it back",
    ),
    CommandSpec("undo", "/undo", "bring back what you archived in the last 10 minutes"),
    CommandSpec(
        "delete", "/delete <archive #> [confirm]", "delete an archived item for good (asks first)"
    ),
    CommandSpec(
        "link", "/link [code]", "one person on Discord and Telegram: a code, entered on the other"
    ),
    CommandSpec(
        "publish",
        "/publish [vN] [prompt] [handle]",
        "🌐 put the version on the public web gallery; the reply carries its link",
    ),
    CommandSpec("unpublish", "/unpublish [vN]", "take a published version's page down (410)"),
    CommandSpec("published", "/published", "the project's published versions and their links"),
    CommandSpec(
        "public",
        "/public on <public name> | off",
        "owner: the project's public gallery page, and its name on published images",
    ),
]


def help_text(extra: list[CommandSpec] | None = None) -> str:
    """Every command; `extra`: the media commands this instance's models allow."""
    specs = SPECS + (extra or [])
    lines = ["Lightbox commands:"] + [f"  {s.usage}\n      {s.summary}" for s in specs]
    lines.append("Plain text in an open card goes to the card chat.")
    return "\n".join(lines)
