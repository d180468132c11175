"""Credit slash commands: /balance, /usage and the owner's /budget."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.discord.slash import SlashCommand, answer


@app_commands.command(name="balance", description="💳 Your credits, what queued jobs hold, plan")
async def balance(interaction: discord.Interaction) -> None:
    await answer(interaction, lambda st, a, p: st.balance(a, p))


@app_commands.command(name="usage", description="📒 Recent holds, charges and credits")
async def usage(interaction: discord.Interaction) -> None:
    await answer(interaction, lambda st, a, p: st.usage(a, p))


@app_commands.command(
    name="budget", description="Owner: the project wallet pays, within these limits"
)
@app_commands.describe(
    month="monthly budget in credits, or off", day="daily limit per member in credits, or off"
)
async def budget(interaction: discord.Interaction, month: str = "off", day: str = "off") -> None:
    await answer(interaction, lambda st, a, p: st.set_budget(a, p, month, day))


@app_commands.command(name="buy", description="⭐ Credit packs (bought in Telegram with Stars)")
async def buy(interaction: discord.Interaction) -> None:
    await answer(interaction, lambda st, a, p: st.packs(a, p))


COMMANDS: list[SlashCommand] = [balance, usage, budget, buy]
