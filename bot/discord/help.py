"""`/help` on Discord: the bot's own slash commands (names, options, descriptions) from its tree."""

from __future__ import annotations

from collections.abc import Iterator

import discord
from discord import app_commands

from bot.discord import context
from bot.discord.render import MAX_CONTENT
from core.actions import ActionRegistry, Scope

NO_DESCRIPTION = "…"
KINDS = {
    discord.AppCommandOptionType.integer: "number",
    discord.AppCommandOptionType.number: "number",
    discord.AppCommandOptionType.attachment: "file",
    discord.AppCommandOptionType.user: "member",
    discord.AppCommandOptionType.boolean: "yes/no",
}
FOOTER = (
    "Buttons on card headers: {card}. On version messages: {version}. ✅ ❌ ⭐ reactions review "
    "versions. In a card thread the card commands act on that card, and plain messages (when "
    "the bot may read them) or `/refine` talk to the card chat."
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


def footer(actions: ActionRegistry) -> str:
    """The buttons core's registry offers, by scope (a new action shows up here by itself)."""
    labels = {
        scope: ", ".join(spec.button for spec in actions.offered(scope))
        for scope in (Scope.card, Scope.version)
    }
    return FOOTER.format(card=labels[Scope.card], version=labels[Scope.version])


def tree_help(tree: app_commands.CommandTree, actions: ActionRegistry | None = None) -> list[str]:
    """The help as messages of at most 2000 characters each (whole lines per message)."""
    commands = [c for c in tree.get_commands() if not isinstance(c, app_commands.ContextMenu)]
    lines = ["**Lightbox slash commands** (`[...]` optional)", *walk(commands)]
    if actions is not None:
        lines.append(footer(actions))
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
    bot = context.bot_of(interaction)
    first, *rest = tree_help(bot.tree, bot.studio.actions)
    await interaction.response.send_message(first, ephemeral=True)
    for more in rest:
        await interaction.followup.send(more, ephemeral=True)
