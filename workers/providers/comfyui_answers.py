"""Reading ComfyUI's answers: validation refusals, history entries, queue positions.

Shapes from ComfyUI's server.py (`POST /prompt` → 400 `{"error", "node_errors"}`) and
execution.py (`validate_inputs`: `value_not_in_list` with details "ckpt_name: 'x' not in [...]",
`value_bigger_than_max`, `required_input_missing`; `PromptQueue`: history is in memory only).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

MODEL_INPUTS = {"ckpt_name", "unet_name", "model_name", "lora_name", "vae_name"}


def refusal(body: Any, model: str) -> str:
    """One sentence for a 400 from /prompt: an unknown checkpoint first, else every node error."""
    if not isinstance(body, dict):
        return "the workflow was refused"
    reasons: list[str] = []
    for node_id, node in (body.get("node_errors") or {}).items():
        if not isinstance(node, dict):
            continue
        for error in node.get("errors") or []:
            if not isinstance(error, dict):
                continue
            extra = error.get("extra_info") or {}
            name = extra.get("input_name") if isinstance(extra, dict) else None
            if error.get("type") == "value_not_in_list" and name in MODEL_INPUTS:
                value = extra.get("received_value", model)
                if name == "lora_name":
                    return (
                        f'the ComfyUI server has no LoRA "{value}" (node {node_id}); install it '
                        "in models/loras there or fix provider_lora in the models file"
                    )
                return (
                    f'the ComfyUI server has no model "{value}" ({name} of node {node_id}); '
                    "install it there or fix provider_model in the models file"
                )
            detail = error.get("details") or name or ""
            kind = node.get("class_type", "?")
            reasons.append(f"{kind} #{node_id}: {error.get('message', '?')} ({detail})")
    error = body.get("error")
    head = error.get("message") if isinstance(error, dict) else error
    return "; ".join([str(head or "the workflow was refused"), *reasons])[:400]


def entry_id(entry: Any) -> str | None:
    """The prompt id of a /queue entry `[number, prompt_id, prompt, extra_data, outputs]`."""
    return str(entry[1]) if isinstance(entry, list) and len(entry) > 1 else None


def queue_place(queue: Mapping[str, Any], prompt_id: str) -> int | None:
    """0 while running, 1… in the pending queue, None when the server does not hold it."""
    if any(entry_id(e) == prompt_id for e in queue.get("queue_running") or []):
        return 0
    pending = sorted(
        (e for e in queue.get("queue_pending") or [] if isinstance(e, list) and e),
        key=lambda e: e[0] if isinstance(e[0], int | float) else 0,
    )
    ids = [entry_id(e) for e in pending]
    return ids.index(prompt_id) + 1 if prompt_id in ids else None


def output_image(outputs: Any) -> dict[str, Any] | None:
    """The first saved image among the outputs (type "output" before previews)."""
    found = [
        image
        for node in (outputs or {}).values()
        if isinstance(node, dict)
        for image in node.get("images") or []
        if isinstance(image, dict) and image.get("filename")
    ]
    found.sort(key=lambda image: image.get("type") != "output")
    return found[0] if found else None


def execution_error(status: Mapping[str, Any]) -> str:
    for message in status.get("messages") or []:
        if isinstance(message, list) and len(message) == 2 and isinstance(message[1], dict):
            if message[0] == "execution_interrupted":
                return "the job was cancelled on the ComfyUI server"
            if message[0] == "execution_error":
                detail = message[1]
                return (
                    f"workflow failed in {detail.get('node_type', '?')}: "
                    + str(detail.get("exception_message", "")).strip()[:200]
                )
    return "workflow failed"
