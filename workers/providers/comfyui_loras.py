"""LoRAs in a ComfyUI workflow: a chain of LoraLoader nodes after the checkpoint loader.

The documented injection (docs/providers.md): the workflow has exactly one checkpoint loader
(CheckpointLoaderSimple, outputs MODEL 0 and CLIP 1); Lightbox adds one core `LoraLoader` per
LoRA (`lora_name` a file in models/loras, `strength_model` and `strength_clip` -100…100, from
ComfyUI's nodes.py) chained from it, and every input that took the loader's MODEL or CLIP takes
the last LoraLoader's instead. A workflow without LoRAs is sent unchanged.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from core.ports import LoraUse

CHECKPOINT_LOADERS = ("CheckpointLoaderSimple",)
OUTPUTS = (0, 1)  # MODEL, CLIP of both the checkpoint loader and LoraLoader


def with_loras(graph: dict[str, Any], loras: Sequence[LoraUse]) -> dict[str, Any]:
    """A copy of the API-format graph with the LoRA chain inserted; ValueError (with the reason)
    when the workflow has no single checkpoint loader to hang it from."""
    if not loras:
        return graph
    loaders = [key for key, node in graph.items() if node.get("class_type") in CHECKPOINT_LOADERS]
    if len(loaders) != 1:
        raise ValueError(
            "LoRAs need a workflow with exactly one CheckpointLoaderSimple node "
            f"(this one has {len(loaders)})"
        )
    source = loaders[0]
    result = copy.deepcopy(graph)
    numbers = [int(key) for key in result if str(key).isdigit()]
    start = max(numbers, default=0) + 1
    chain = [str(start + offset) for offset in range(len(loras))]
    last = chain[-1]
    for node in result.values():
        inputs = node.get("inputs") or {}
        for name, value in inputs.items():
            if _link(value, source):
                inputs[name] = [last, value[1]]
    previous = source
    for key, lora in zip(chain, loras, strict=True):
        result[key] = {
            "class_type": "LoraLoader",
            "inputs": {
                "model": [previous, 0],
                "clip": [previous, 1],
                "lora_name": lora.provider_lora,
                "strength_model": lora.weight,
                "strength_clip": lora.weight,
            },
            "_meta": {"title": f"LoRA {lora.name} (Lightbox)"},
        }
        previous = key
    return result


def _link(value: Any, source: str) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 2
        and str(value[0]) == source
        and value[1] in OUTPUTS
    )
