"""The refinement assistant: facets, edit rules, the offline heuristic and the port it fills."""

from core.assistant.diff import prompt_diff
from core.assistant.heuristic import HeuristicAssistant
from core.assistant.types import Assistant, AssistantReply, ChatContext, Turn

__all__ = [
    "Assistant",
    "AssistantReply",
    "ChatContext",
    "HeuristicAssistant",
    "Turn",
    "prompt_diff",
]
