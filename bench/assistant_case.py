"""One evaluation case of the assistant: the card, the message and what should happen."""

from __future__ import annotations

from dataclasses import dataclass

FOX = "a red fox sitting in snow, wide shot, soft natural light"
FISHER = "portrait of an old fisherman with a grey beard, wearing a yellow raincoat, medium shot"
STORM = "a lighthouse on a cliff, dark storm clouds, photorealistic photo"
GIRL = "a girl holding a pencil at a wooden desk, morning glory flowers in a vase, anime style"
SAMURAI = "(close-up, dramatic lighting:1.3), a samurai in the rain, [cherry blossoms]"
CAFE = "a cozy cafe interior, a portrait of a king on the wall, warm colour palette"
DRESS = "a woman in a blue dress on a city street, full body shot"
NEG = "blurry, watermark"
GIRL_WATERCOLOR = GIRL.replace("anime style", "watercolor painting")


@dataclass(frozen=True)
class Case:
    """One message to the assistant, the card it is said on and what should happen.

    `expect` is a list of checks joined by " & ": `+x` the prompt contains x, `-x` it does not,
    `n+x` / `n-x` the same for the negative prompt, `=` nothing changes, `t:x` the reply text
    contains x, `?` a question with 2–4 suggestions, `!x` a suggestion button contains x.
    """

    category: str
    message: str
    expect: str
    prompt: str = FOX
    negative: str = NEG
    stage: str = "refine"
    base: str | None = None  # the viewed older version's prompt, when there is one
    versions: tuple[str, ...] = ()  # prompts of v1, v2, … (negative NEG)
    revisions: tuple[tuple[str, str], ...] = ()  # (prompt, reason), oldest first
    platform: str = "console"
    held_out: bool = False  # written after the rules, never tuned against


def cases_of(
    category: str, rows: list[tuple[str, str] | tuple[str, str, str]], **kw: object
) -> list[Case]:
    """One Case per (message, expectation[, prompt]) row, all of `category`."""
    cases = []
    for row in rows:
        message, expect, *prompt = row
        cases.append(
            Case(category, message, expect, **({"prompt": prompt[0]} if prompt else {}), **kw)
        )  # type: ignore[arg-type]
    return cases
