"""The assistant port: what it is shown (context, history) and what it may answer (a reply)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol, runtime_checkable

Stage = Literal["ready", "refine"]
Status = Literal["question", "ready", "refined", "unchanged"]


@dataclass(frozen=True)
class Snapshot:
    """A stored state of the draft: a version (`number`) or a draft revision (`reason`)."""

    prompt: str
    negative_prompt: str = ""
    number: int | None = None
    reason: str = ""


@dataclass(frozen=True)
class ChatContext:
    """Everything the assistant may read about the card; it cannot change any of it itself.

    `base_prompt` / `base_negative` are what an edit starts from: the viewed version's prompt when
    the user is looking at an older version, else the card's draft.
    """

    prompt: str
    negative_prompt: str = ""
    stage: Stage = "ready"
    base_prompt: str = ""
    base_negative: str = ""
    viewed_number: int | None = None
    viewed_prompt: str | None = None
    refs: tuple[str, ...] = ()
    direction: str | None = None
    platform: str = "console"
    versions: tuple[Snapshot, ...] = ()
    revisions: tuple[Snapshot, ...] = ()

    @property
    def start(self) -> str:
        """The prompt an edit applies to: never an older version over an unsaved draft."""
        return self.base_prompt if self._from_base else self.prompt

    @property
    def start_negative(self) -> str:
        """The negative prompt an edit applies to."""
        return self.base_negative if self._from_base else self.negative_prompt

    @property
    def _from_base(self) -> bool:
        return bool(self.base_prompt) and (self.draft_saved or not self.versions)

    @property
    def draft_saved(self) -> bool:
        """True when a version holds the current draft, so leaving it loses nothing."""
        return any(
            (v.prompt, v.negative_prompt) == (self.prompt, self.negative_prompt)
            for v in self.versions
        )


@dataclass(frozen=True)
class Turn:
    """One stored message of the card chat, with the suggestions an assistant turn offered."""

    role: str
    text: str
    suggestions: tuple[str, ...] = ()


@dataclass(frozen=True)
class AssistantReply:
    """What the assistant says, the buttons it offers and the prompt / negative it proposes.

    `prompt` / `negative_prompt` are None when the assistant proposes no change. Core validates
    them; nothing else an assistant returns is ever applied. `undo` marks a proposal that returns
    to a stored state (kept as an `undo` revision, so a second undo goes further back).
    """

    text: str
    suggestions: list[str] = field(default_factory=list)
    prompt: str | None = None
    negative_prompt: str | None = None
    status: Status = "unchanged"
    undo: bool = False


class Assistant(Protocol):
    """Reads the card's context and a user message; returns text, suggestions and a proposal."""

    def reply(self, context: ChatContext, history: list[Turn], message: str) -> AssistantReply: ...

    def complete(self, context: ChatContext, history: list[Turn]) -> AssistantReply:
        """Generate was pressed: finish the prompt (may propose no change)."""
        ...


def pending_suggestions(history: list[Turn]) -> tuple[str, ...]:
    """The suggestions of the last assistant turn if the user has not answered it yet."""
    if history and history[-1].role == "assistant":
        return history[-1].suggestions
    return ()


@runtime_checkable
class ImageDescriber(Protocol):
    """An assistant that can look at a picture (a vision-capable model)."""

    def describe_image(self, image: bytes, name: str) -> str | None:
        """A short visual description of the character `name` in `image`; None if it can't."""
        ...
