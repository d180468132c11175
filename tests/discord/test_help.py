"""`/help` on Discord lists the bot's own slash commands, not the console grammar."""

from __future__ import annotations

import asyncio

import discord
from discord import app_commands

from bot.discord.help import tree_help
from tests.discord.harness import World, answer_text, is_ephemeral


def test_help_shows_the_slash_command_syntax(world: World) -> None:
    async def scenario() -> None:
        await world.start_bot()
        try:
            answer = await world.send(world.command("help"))
            text = answer_text(answer)
            assert answer.body["type"] == 4 and is_ephemeral(answer)
            assert "`/imagine prompt [aspect] [resolution:1K|2K|4K] [count:number]" in text
            assert "  · count: how many versions (1-5)" in text
            assert "`/ref add name image:file` — Add an image as a named ref" in text
            assert "`/project role member:member role:owner|editor|viewer`" in text
            assert "`/refine text`" in text and "`/models fav model`" in text
            assert "/press" not in text and "/saveref" not in text
            assert len(text) <= 2000
        finally:
            await world.close()

    asyncio.run(scenario())


def test_a_long_help_is_split_on_whole_lines() -> None:
    tree = app_commands.CommandTree(discord.Client(intents=discord.Intents.none()))
    for n in range(40):

        async def callback(interaction: discord.Interaction, text: str) -> None: ...

        callback.__name__ = f"c{n}"
        command = app_commands.Command(name=f"c{n}", description="d" * 90, callback=callback)
        tree.add_command(command)
    messages = tree_help(tree)
    assert len(messages) >= 2 and all(len(m) <= 2000 for m in messages)
    lines = "\n".join(messages).splitlines()
    assert sum(line.startswith("`/c") for line in lines) == 40
