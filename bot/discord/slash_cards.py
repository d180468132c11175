"""Card slash commands: create, list, open, draft, generate, versions; in a card thread they act
on that thread's card."""

from __future__ import annotations

from typing import Literal

import discord
from discord import app_commands

from bot.discord import autocomplete, context
from bot.discord.cards import create_card
from bot.discord.slash import SlashCommand, answer, prompt_params, settings_params, version_id
from core.prompt_params import PromptParams

Resolution = Literal["1K", "2K", "4K"]
SETTINGS = {
    "aspect": "aspect ratio W:H, e.g. 16:9",
    "resolution": "1K, 2K or 4K",
    "count": "how many versions (1-5)",
    "model": "the image model",
    "seed": "a whole number, or random",
    "negative": "what to avoid",
}
LORA = "LoRA styles of the model, e.g. ink:0.8 (several: ink:0.8, grain; none clears)"


@app_commands.command(name="imagine", description="New card from a prompt; generates at once")
@app_commands.describe(
    prompt="what to draw (--ar --res --n --seed --no --model --lora flags work here too)",
    **SETTINGS,
    scene="a scene whose shots go along as refs",
    cast="characters (comma-separated) whose canonical portraits go along as refs",
    lora=LORA,
)
@app_commands.rename(cast="with")
@app_commands.autocomplete(scene=autocomplete.scene_names, lora=autocomplete.lora_names)
async def imagine(
    interaction: discord.Interaction,
    prompt: str,
    aspect: str | None = None,
    resolution: Resolution | None = None,
    count: int | None = None,
    model: str | None = None,
    seed: str | None = None,
    negative: str | None = None,
    scene: str | None = None,
    cast: str | None = None,
    lora: str | None = None,
) -> None:
    studio = context.bot_of(interaction).studio
    options = {"ar": aspect, "res": resolution, "n": count, "model": model, "seed": seed}
    options |= {"scene": scene, "with": cast, "lora": lora}

    def params() -> PromptParams:  # validated by the card use case before anything is made
        return prompt_params(studio, prompt, no=negative, **options)

    await create_card(interaction, params, generate=True)


card = app_commands.Group(name="card", description="cards")


@card.command(name="new", description="New card without generating")
@app_commands.describe(prompt="what to draw (--flags allowed)")
async def card_new(interaction: discord.Interaction, prompt: str) -> None:
    studio = context.bot_of(interaction).studio
    await create_card(interaction, lambda: prompt_params(studio, prompt), generate=False)


@app_commands.command(name="cards", description="The project's cards, with their covers")
async def cards(interaction: discord.Interaction) -> None:
    await answer(interaction, lambda st, a, p: st.list_cards(a, p))


@app_commands.command(name="open", description="Open one of this project's cards")
@app_commands.describe(card="the card's number (#12) or words from its title")
@app_commands.autocomplete(card=autocomplete.card_keys)
async def open_card(interaction: discord.Interaction, card: str) -> None:
    await answer(interaction, lambda st, a, p: st.open_card(a, p, card))


@app_commands.command(name="version", description="View version n (approve/reject/⭐ act on it)")
async def version(interaction: discord.Interaction, number: int) -> None:
    await answer(interaction, lambda st, a, p: st.view_version(a, p, str(number)))


@app_commands.command(name="new", description="New Version of the draft (settings override)")
@app_commands.describe(
    **{k: v for k, v in SETTINGS.items() if k != "negative"},
    lora=LORA,
    duration="a video or music card's clip length in seconds (default: the last version's)",
    voice="a voice card's voice id (default: the last version's)",
)
@app_commands.autocomplete(lora=autocomplete.card_lora_names)
async def new(
    interaction: discord.Interaction,
    aspect: str | None = None,
    resolution: Resolution | None = None,
    count: int | None = None,
    model: str | None = None,
    seed: str | None = None,
    lora: str | None = None,
    duration: str | None = None,
    voice: str | None = None,
) -> None:
    options = {"ar": aspect, "res": resolution, "n": count, "model": model, "seed": seed}
    options.update(lora=lora, duration=duration, voice=voice)
    await answer(interaction, lambda st, a, p: st.new_version(a, p, settings_params(st, **options)))


@app_commands.command(
    name="generate", description="✨ The assistant finishes the prompt, then New Version"
)
@app_commands.describe(**{k: v for k, v in SETTINGS.items() if k != "negative"}, lora=LORA)
@app_commands.autocomplete(lora=autocomplete.card_lora_names)
async def generate(
    interaction: discord.Interaction,
    aspect: str | None = None,
    resolution: Resolution | None = None,
    count: int | None = None,
    model: str | None = None,
    seed: str | None = None,
    lora: str | None = None,
) -> None:
    options = {"ar": aspect, "res": resolution, "n": count, "model": model, "seed": seed}
    options["lora"] = lora
    await answer(interaction, lambda st, a, p: st.generate(a, p, settings_params(st, **options)))


@app_commands.command(name="lora", description="🎨 The card's LoRA styles: buttons, or set them")
@app_commands.describe(styles="e.g. ink:0.8, grain (none clears); leave empty for the buttons")
@app_commands.autocomplete(styles=autocomplete.card_lora_names)
async def lora(interaction: discord.Interaction, styles: str | None = None) -> None:
    if styles:
        await answer(interaction, lambda st, a, p: st.set_loras(a, p, styles))
    else:
        await answer(interaction, lambda st, a, p: st.lora_menu(a, p))


@app_commands.command(name="prompt", description="Edit the draft (autosaved)")
@app_commands.describe(prompt="the new prompt (--flags allowed)", seed="a number, or random")
async def prompt(interaction: discord.Interaction, prompt: str, seed: str | None = None) -> None:
    await answer(
        interaction,
        lambda st, a, p: st.edit_prompt(a, p, prompt, seed=seed),  # a voice line: 4096
    )


@app_commands.command(name="save", description="💾 Save the draft (/revert brings it back)")
async def save(interaction: discord.Interaction) -> None:
    await answer(interaction, lambda st, a, p: st.save_prompt(a, p))


@app_commands.command(name="revert", description="↶ The draft goes back to the saved prompt")
async def revert(interaction: discord.Interaction) -> None:
    await answer(interaction, lambda st, a, p: st.revert_prompt(a, p))


@app_commands.command(name="restore", description="↩ Copy version n's prompt and settings")
async def restore(interaction: discord.Interaction, version: int) -> None:
    await answer(interaction, lambda st, a, p: st.restore(a, p, number=str(version)))


@app_commands.command(name="cancel", description="✖️ Stop the card's queued and running jobs")
async def cancel(interaction: discord.Interaction) -> None:
    await answer(interaction, lambda st, a, p: st.cancel(a, p))


@app_commands.command(name="show", description="A version's full prompt (default: the viewed)")
async def show(interaction: discord.Interaction, version: int | None = None) -> None:
    await answer(interaction, lambda st, a, p: st.show_prompt(a, p, version_id(st, a, p, version)))


@app_commands.command(name="pick", description="Answer the assistant with suggestion n")
async def pick(interaction: discord.Interaction, number: int) -> None:
    await answer(interaction, lambda st, a, p: st.pick_suggestion(a, p, str(number)))


@app_commands.command(name="chat", description="The card chat so far, in order")
async def chat_history(interaction: discord.Interaction) -> None:
    await answer(interaction, lambda st, a, p: st.chat_history(a, p))


@app_commands.command(name="upload", description="Your own image as a new version of this card")
async def upload(interaction: discord.Interaction, image: discord.Attachment) -> None:
    await context.defer(interaction)  # reading the attachment may take longer than 3 s
    data = await image.read()
    await answer(interaction, lambda st, a, p: st.upload(a, p, data))


@imagine.autocomplete("model")
@new.autocomplete("model")
@generate.autocomplete("model")
async def model_choices(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """Image models the person's plan allows here (≤ 25 choices), favourites first."""
    return await autocomplete.ordered_models(interaction, current, "image", by_plan=True)


COMMANDS: list[SlashCommand] = [
    imagine,
    card,
    cards,
    open_card,
    version,
    new,
    generate,
    lora,
    prompt,
    save,
    revert,
    restore,
    cancel,
    show,
    pick,
    chat_history,
    upload,
]
