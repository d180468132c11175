"""/video, /animate, /music, /voice and /3d on Discord: typed options straight to core, offered
only when a profile of the category is configured; models, lengths and voices autocomplete."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.discord import autocomplete, context
from bot.discord.slash import SlashCommand, answer, version_id
from core.catalog import ModelCatalog
from core.media_choice import offered

MODEL = "model id (default: your ★ favourite of the kind, else the first)"
DURATION = "seconds, one of the model's lengths (default: its first)"


@app_commands.command(name="video", description="🎬 A new card whose first version is a clip")
@app_commands.describe(prompt="what the clip shows", duration=DURATION, aspect="e.g. 16:9")
@app_commands.describe(model=MODEL)
async def video(
    interaction: discord.Interaction,
    prompt: str,
    duration: str | None = None,
    aspect: str | None = None,
    model: str | None = None,
) -> None:
    await answer(
        interaction,
        lambda st, a, p: st.video(
            a, p, prompt, duration=duration, aspect_ratio=aspect, model=model
        ),
    )


@app_commands.command(name="animate", description="🎬 Animate an image version into a clip")
@app_commands.describe(
    version="version number (default: the one you are viewing)",
    motion="how it moves (default: a gentle camera move)",
    duration=DURATION,
    model=MODEL,
)
async def animate(
    interaction: discord.Interaction,
    version: int | None = None,
    motion: str | None = None,
    duration: str | None = None,
    model: str | None = None,
) -> None:
    await answer(
        interaction,
        lambda st, a, p: st.animate(
            a, p, version_id(st, a, p, version), motion or "", duration=duration, model=model
        ),
    )


@app_commands.command(name="music", description="🎵 A new card whose first version is music")
@app_commands.describe(prompt="the music, e.g. calm piano, rain", duration=DURATION, model=MODEL)
async def music(
    interaction: discord.Interaction,
    prompt: str,
    duration: str | None = None,
    model: str | None = None,
) -> None:
    await answer(
        interaction, lambda st, a, p: st.music(a, p, prompt, duration=duration, model=model)
    )


@app_commands.command(name="voice", description="🗣 A new card whose first version speaks a line")
@app_commands.describe(line="the words to speak", voice="voice id of the model", model=MODEL)
async def voice(
    interaction: discord.Interaction,
    line: str,
    voice: str | None = None,
    model: str | None = None,
) -> None:
    await answer(interaction, lambda st, a, p: st.voice(a, p, line, voice=voice, model=model))


@app_commands.command(name="3d", description="🧊 A 3D model (GLB) of an image version")
@app_commands.describe(version="version number (default: the one you are viewing)", model=MODEL)
async def to3d(
    interaction: discord.Interaction, version: int | None = None, model: str | None = None
) -> None:
    await answer(
        interaction, lambda st, a, p: st.to3d(a, p, version_id(st, a, p, version), model=model)
    )


CATEGORY = {"video": "video", "animate": "video", "music": "music", "voice": "voice", "3d": "3d"}
OPERATION = {"animate": "animate", "3d": "to3d"}


def _options(interaction: discord.Interaction) -> tuple[str, str | None]:
    """The category of the command being typed and the model chosen in it so far."""
    name = interaction.command.name if interaction.command else "video"
    model = getattr(interaction.namespace, "model", None)
    return CATEGORY.get(name, "video"), model if isinstance(model, str) and model else None


async def _choices(
    interaction: discord.Interaction, current: str, field: str
) -> list[app_commands.Choice[str]]:
    bot = context.bot_of(interaction)
    actor = context.actor_of(interaction)
    category, model = _options(interaction)
    found = await context.in_core(lambda: bot.studio.media_options(actor, category, model))
    if field == "model":
        values = [(f"{p.label} ({p.id})", p.id) for p in found.models]
    elif field == "duration":
        values = [(f"{d:g} s", f"{d:g}") for d in found.durations]
    else:
        values = [(v, v) for v in found.voices]
    typed = current.lower()
    return [
        app_commands.Choice(name=name[:100], value=value[:100])
        for name, value in values
        if typed in name.lower()
    ][: autocomplete.MAX_CHOICES]


@video.autocomplete("model")
@animate.autocomplete("model")
@music.autocomplete("model")
@voice.autocomplete("model")
@to3d.autocomplete("model")
async def model_choices(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """The kind's models, ★ favourite (else the default) first."""
    return await _choices(interaction, current, "model")


@video.autocomplete("duration")
@animate.autocomplete("duration")
@music.autocomplete("duration")
async def duration_choices(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """The chosen (or default) model's clip lengths."""
    return await _choices(interaction, current, "duration")


@voice.autocomplete("voice")
async def voice_choices(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """The chosen (or default) voice model's voices."""
    return await _choices(interaction, current, "voice")


COMMANDS: list[SlashCommand] = [video, animate, music, voice, to3d]


def commands_for(catalog: ModelCatalog) -> list[SlashCommand]:
    """The media commands whose category has a configured, enabled profile."""
    return [
        command
        for command in COMMANDS
        if offered(catalog, CATEGORY[command.name], OPERATION.get(command.name, "generate"))
    ]
