"""`/help` on Discord lists the bot's own slash commands, not the console grammar."""

from __future__ import annotations

import asyncio
from typing import Any

import discord
from discord import app_commands

from bot.discord.help import tree_help
from tests.discord.harness import World, answer_text, is_ephemeral, registered_commands
from tests.waiting import settle_until


def help_messages(world: World, payload: dict[str, Any]) -> list[str]:
    """The help's first answer (the callback) and its follow-ups, in order."""
    [first] = [c for c in world.callbacks(payload) if c.body.get("type") == 4]
    token = payload["token"]
    rest = world.fake.find("POST", rf"/webhooks/\d+/{token}")
    return [answer_text(first)] + [answer_text(call) for call in rest]


def test_help_shows_the_slash_command_syntax(world: World) -> None:
    async def scenario() -> None:
        await world.start_bot()
        try:
            payload = world.command("help")
            answer = await world.send(payload)
            assert is_ephemeral(answer)
            count = len(registered_commands(world))
            await settle_until(
                lambda: "card headers:" in "\n".join(help_messages(world, payload)),
                "the help's last part (the buttons footer)",
            )
            messages = help_messages(world, payload)
            text = "\n".join(messages)
            assert all(len(m) <= 2000 for m in messages) and count > 20
            assert "`/imagine prompt [aspect] [resolution:1K|2K|4K] [count:number]" in text
            assert "  · count: how many versions (1-5)" in text
            assert "`/ref add name image:file [kind:character|location|object|style]`" in text
            assert "`/project role member:member role:owner|editor|viewer`" in text
            assert "`/models fav model`" in text and "`/saveref name [version:number]" in text
            assert "card headers: ✨ Generate, ✏️ Edit prompt, 💾 Save" in text
            assert "↗ Fork, 📌 Save as Ref" in text
            assert "`/cancel` —" in text and "`/directions` —" in text and "/press" not in text
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
