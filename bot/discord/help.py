"""`/help` on Discord: the bot's own slash commands (names, options, descriptions) from its tree."""

from __future__ import annotations

from collections.abc import Iterator

import discord
from discord import app_commands

from bot.discord.render import MAX_CONTENT

NO_DESCRIPTION = "…"
KINDS = {
    discord.AppCommandOptionType.integer: "number",
    discord.AppCommandOptionType.number: "number",
    discord.AppCommandOptionType.attachment: "file",
    discord.AppCommandOptionType.user: "member",
    discord.AppCommandOptionType.boolean: "yes/no",
}
FOOTER = (
    "Version messages have buttons (Approve, Reject, ⭐, New Version, ↗ Fork, 📌 Save as Ref, "
    "↩ Restore, Show prompt); ✅ ❌ ⭐ reactions review them. In a card thread, plain messages "
    "(when the bot may read them) or `/refine` talk to the card chat."
)


def option_usage(parameter: app_commands.Parameter) -> str:
    """`name`, `name:1K|2K|4K` or `name:file`; in brackets when optional."""
    if parameter.choices:
        shown = f"{parameter.name}:{'|'.join(str(c.name) for c in parameter.choices)}"
    elif parameter.type in KINDS:
        shown = f"{parameter.name}:{KINDS[parameter.type]}"
    else:
        shown = parameter.name
    return shown if parameter.required else f"[{shown}]"


def command_lines(command: app_commands.Command, path: str) -> Iterator[str]:
    """The usage line of one command and a line per described option."""
    usage = " ".join([f"/{path}", *(option_usage(p) for p in command.parameters)])
    yield f"`{usage}` — {command.description}"
    for parameter in command.parameters:
        if parameter.description and parameter.description != NO_DESCRIPTION:
            yield f"  · {parameter.name}: {parameter.description}"


def walk(
    commands: list[app_commands.Command | app_commands.Group], prefix: str = ""
) -> Iterator[str]:
    """Every command of the tree, subcommands under their group's name, in registration order."""
    for command in commands:
        path = f"{prefix}{command.name}"
        if isinstance(command, app_commands.Group):
            yield from walk(command.commands, f"{path} ")
        else:
            yield from command_lines(command, path)


def tree_help(tree: app_commands.CommandTree) -> list[str]:
    """The help as messages of at most 2000 characters each (whole lines per message)."""
    commands = [c for c in tree.get_commands() if not isinstance(c, app_commands.ContextMenu)]
    lines = ["**Lightbox slash commands** (`[...]` optional)", *walk(commands), FOOTER]
    messages: list[str] = []
    for line in lines:
        line = line[:MAX_CONTENT]
        if messages and len(messages[-1]) + 1 + len(line) <= MAX_CONTENT:
            messages[-1] += f"\n{line}"
        else:
            messages.append(line)
    return messages


async def send_help(interaction: discord.Interaction) -> None:
    """Answer privately with the help (the first part at once, any rest as follow-ups)."""
    tree: app_commands.CommandTree = interaction.client.tree  # type: ignore[attr-defined]
    first, *rest = tree_help(tree)
    await interaction.response.send_message(first, ephemeral=True)
    for more in rest:
        await interaction.followup.send(more, ephemeral=True)
