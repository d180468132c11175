"""The assistant's answers to messages that change nothing: thanks, chat, settings, injection."""

from __future__ import annotations

from core.assistant.controls import control
from core.assistant.intents import Setting, describes, setting_of
from core.assistant.types import AssistantReply, ChatContext

EXAMPLES = '"closer", "remove the hat", "from behind", "make it night", "warmer"'
AS_WRITTEN = "Add as written: "
MAX_LABEL = 80
_SETTING_GOALS = {
    "aspect": "set the aspect ratio to {value}",
    "resolution": "change the resolution",
    "count": "make {value} images at once",
    "seed": "set the seed",
    "model": "change the model",
    "negative": "edit the negative prompt",
    "generate": "generate",
    "new_version": "make a new version",
    "edit": "change settings",
}


def nothing(text: str) -> AssistantReply:
    return AssistantReply(text, status="unchanged")


def next_step(context: ChatContext) -> str:
    """Where to go from here on this platform: generate first, or a new version."""
    key = "generate" if context.stage == "ready" else "new_version"
    return control(context.platform, key)


def for_kind(kind: str, context: ChatContext, message: str) -> AssistantReply:
    """The answer to a message of a kind that never changes the prompt."""
    if kind == "thanks":
        return nothing(f"Glad you like it! Nothing changed. Next: {next_step(context)}.")
    if kind == "chat":
        return nothing(f"Hi! I edit this card's prompt; tell me what to change, e.g. {EXAMPLES}.")
    if kind == "restart":
        return nothing(
            "I won't wipe the draft from the chat. To start over, rewrite it with "
            f"{control(context.platform, 'edit')}, or start a new card with "
            f"{control(context.platform, 'new_card')}. Nothing changed."
        )
    if kind == "injection":
        return nothing(
            "I can only edit this card's image prompt, so I ignored that. Nothing changed."
        )
    return nothing(settings_text(message, context.platform, context.stage))


def settings_text(message: str, platform: str, stage: str = "refine") -> str:
    """ "make it 16:9" → the exact control on this platform; the prompt stays as it is."""
    wanted = setting_of(message)
    if wanted.key == "generate" and stage != "ready":
        wanted = Setting("new_version")
    if wanted.key == "cost":
        return "I can't change costs, credits or permissions; I only edit the prompt text."
    if wanted.key == "review":
        return f"Approving and rejecting is yours: {control(platform, 'review')}."
    goal = _SETTING_GOALS[wanted.key].format(value=wanted.value or "")
    return (
        f"I only change the prompt text, so the settings are as they were. To {goal}: "
        f"{control(platform, wanted.key, wanted.value)}."
    )


def not_understood(context: ChatContext, text: str) -> AssistantReply:
    """Change nothing, say so, and offer to add the words as written if they describe something."""
    label = AS_WRITTEN + text
    offer = [label] if len(label) <= MAX_LABEL and describes(text) else []
    how = (
        "pick the button to add it as written"
        if offer
        else "rewrite the prompt with " + (control(context.platform, "edit"))
    )
    return AssistantReply(
        f"I didn't understand “{text}”, so nothing changed. Try e.g. {EXAMPLES}, or {how}.",
        suggestions=offer,
        status="unchanged",
    )


def answer_question(context: ChatContext, text: str) -> AssistantReply:
    low = text.lower()
    if "prompt" in low and any(w in low for w in ("what", "show", "current")):
        return nothing(f"The draft is: “{context.prompt}”. Nothing changed.")
    return nothing(
        "I can only edit this card's prompt, so nothing changed. Tell me what to change, "
        f"e.g. {EXAMPLES}; then {next_step(context)}."
    )
