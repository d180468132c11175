"""A self-hosted ComfyUI server: an API-format workflow with {{slots}}, queued and polled."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import httpx

from core.errors import Busy, LightboxError, RemoteError, RetryLater
from core.ports import GenerationRequest, GenerationResult, Pending
from workers.providers.comfyui_answers import execution_error, output_image, queue_place, refusal
from workers.providers.comfyui_edits import ABLE, edit_slots, edit_workflows
from workers.providers.comfyui_loras import with_loras
from workers.providers.edit_images import trimmed
from workers.providers.edits import operation_for, outpaint_size
from workers.providers.gpu_slots import LocalSlots, SlotLimit, new_holder
from workers.providers.http import NO_IMAGE, ProviderHTTP, RetryPolicy
from workers.providers.input_images import EXTENSIONS, WEB_TYPES, accepted
from workers.providers.profiles import Options
from workers.providers.provenance import parameters, sniff_mime, stamp

NUMBER_SLOTS = ("seed", "width", "height")
MAX_POLL_AFTER = 15.0
SLOT_LEASE = 120.0  # seconds a submitted prompt keeps its slot without a poll (worker died)


def load_workflow(path: Path | str, required: tuple[str, ...] = ("prompt",)) -> dict[str, Any]:
    """An API-format workflow ("Save (API Format)" in ComfyUI) with the `required` slots."""
    try:
        graph = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise LightboxError(f"{path}: cannot read the ComfyUI workflow ({exc.strerror})") from None
    except ValueError as exc:
        raise LightboxError(f"{path}: the ComfyUI workflow is not JSON ({exc})") from None
    if not isinstance(graph, dict) or "nodes" in graph:
        raise LightboxError(f"{path}: not an API-format workflow; export it with Save (API Format)")
    if not all(isinstance(n, dict) and "class_type" in n for n in graph.values()):
        raise LightboxError(f"{path}: every node needs class_type and inputs (API format)")
    text = json.dumps(graph)
    for slot in required:
        if f"{{{{{slot}}}}}" not in text:
            raise LightboxError(f"{path}: the workflow has no {{{{{slot}}}}} slot")
    return graph


def fill(template: Any, slots: Mapping[str, Any]) -> Any:
    """A copy of the workflow with "{{name}}" replaced: whole values keep their type."""
    if isinstance(template, dict):
        return {key: fill(value, slots) for key, value in template.items()}
    if isinstance(template, list):
        return [fill(value, slots) for value in template]
    if isinstance(template, str) and "{{" in template:
        for name, value in slots.items():
            if template == f"{{{{{name}}}}}":
                return value
        for name, value in slots.items():
            template = template.replace(f"{{{{{name}}}}}", str(value))
    return template


class ComfyUIProvider:
    """Queues the filled workflow (POST /prompt), follows /history, fetches the image (/view)."""

    name = "comfyui"

    def __init__(
        self,
        base_url: str,
        *,
        workflow: Mapping[str, Any] | None = None,
        options: Options | None = None,
        poll_after: float = 1.0,
        concurrency: int = 1,
        slots: SlotLimit | None = None,
        busy_retry: float = 2.0,
        timeout: float = 30.0,
        retry: RetryPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
        client: httpx.Client | None = None,
    ):
        self.workflow = dict(workflow) if workflow else None
        self.options = options or {}
        self.edit_workflows = edit_workflows(self.options, load_workflow)
        self.workflows = {  # keyed by profile id: two profiles on one checkpoint differ
            profile: load_workflow(opts["workflow"])
            for profile, opts in (options or {}).items()
            if opts.get("workflow")
        }
        self.poll_after = poll_after
        # Submitted-but-unfinished prompts, shared across processes when the slots are in Redis.
        self.slots = slots or LocalSlots(concurrency, SLOT_LEASE)
        self.busy_retry = busy_retry
        self.http = ProviderHTTP(
            self.name, base_url, timeout=timeout, retry=retry, transport=transport, client=client
        )

    def graph(self, request: GenerationRequest) -> dict[str, Any]:
        """The workflow for this request with its slots filled (uploading input images first)."""
        key = request.profile or request.model
        op = operation_for(self.name, request, ABLE, self.options)
        template = self.workflows.get(key) or self.workflow
        if op != "generate":
            template = self.edit_workflows.get((key, op))
            if template is None:
                raise self.http.error(
                    f'the model profile "{key}" has no ComfyUI workflow for {op}; add '
                    f'endpoints.{op} = "/path/{op}.json" (API format) to the models file'
                )
        if template is None:
            raise self.http.error(
                "the admin has not configured a workflow (LIGHTBOX_COMFYUI_WORKFLOW)"
            )
        text = json.dumps(template)
        slots: dict[str, Any] = {
            "prompt": request.prompt,
            "negative": request.negative_prompt,
            "seed": request.seed,
            "width": request.width,
            "height": request.height,
            "model": request.model,
        }
        if op != "generate":
            slots.update(edit_slots(request, op, template, self._upload, self.name))
        elif request.init_image:
            if "{{image}}" not in text:
                raise self.http.error("the workflow has no {{image}} slot for a starting image")
            slots["image"] = self._upload(request.init_image)
        for number, ref in enumerate(request.refs, start=1):
            if f"{{{{ref_{number}}}}}" not in text:
                raise self.http.error(f"the workflow has no {{{{ref_{number}}}}} slot")
            slots[f"ref_{number}"] = self._upload(ref.data)
        try:
            return with_loras(fill(template, slots), request.loras)
        except ValueError as exc:
            raise self.http.error(str(exc)) from None

    def _upload(self, original: bytes) -> str:
        data, mime = accepted(original, WEB_TYPES, self.name)
        name = f"lightbox-{hashlib.sha256(data).hexdigest()[:16]}.{EXTENSIONS[mime]}"
        files = {"image": (name, data, mime)}
        response = self.http.request(
            "POST", "upload/image", what="upload", files=files, data={"overwrite": "true"}
        )
        body = self.http.json(response, "upload")
        if not body.get("name"):
            raise self.http.error("malformed response to upload (no name)")
        sub = body.get("subfolder") or ""
        return f"{sub}/{body['name']}" if sub else str(body["name"])

    def generate(self, request: GenerationRequest) -> Pending:
        """Queue the prompt when a slot is free (else Busy: nothing sent); it keeps the slot
        until it finishes, fails or is cancelled."""
        holder = new_holder()
        if not self.slots.try_acquire(holder):
            raise Busy(
                f"all {self.slots.limit} ComfyUI slot(s) are busy; waiting for one",
                delay=self.busy_retry,
            )
        try:
            return self._submit(request, holder)
        except BaseException:
            self.slots.release(holder)
            raise

    def _submit(self, request: GenerationRequest, holder: str) -> Pending:
        graph = self.graph(request)
        body = {"prompt": graph, "client_id": "lightbox"}
        response = self.http.request("POST", "prompt", what="queue", json=body, accept=(400,))
        if response.status_code == 400:
            try:
                refused = response.json()
            except ValueError:
                refused = None
            raise self.http.error(f"queue was refused: {refusal(refused, request.model)}")
        answer = self.http.json(response, "queue")
        prompt_id = answer.get("prompt_id")
        if not isinstance(prompt_id, str) or not prompt_id:
            raise self.http.error("malformed response to queue (no prompt_id)")
        handle = {"prompt_id": prompt_id, "submitted": time.time(), "slot": holder}
        edited = {"operation": request.operation} if request.operation != "generate" else {}
        handle["params"] = parameters(request, self.name, **edited)
        if request.operation == "outpaint":  # a latent model may round the canvas
            handle["trim"] = list(outpaint_size(self.name, request))
        number = answer.get("number")
        progress = f"queued (#{number})" if isinstance(number, int) else "queued"
        return Pending(json.dumps(handle), self.poll_after, progress)

    def poll(self, handle: str) -> GenerationResult | Pending:
        """One status call; the prompt's slot is kept while it waits and freed when it ends."""
        state = self._load(handle)
        holder = str(state.get("slot") or "")
        try:
            outcome = self._poll(handle, state)
        except RetryLater:  # the server hiccuped; the prompt is still there
            self._keep(holder)
            raise
        except RemoteError:  # failed, or the server forgot it
            self._free(holder)
            raise
        if isinstance(outcome, Pending):
            self._keep(holder)
        else:
            self._free(holder)
        return outcome

    def _keep(self, holder: str) -> None:
        if holder:
            self.slots.refresh(holder)

    def _free(self, holder: str) -> None:
        if holder:
            self.slots.release(holder)

    def _poll(self, handle: str, state: dict[str, Any]) -> GenerationResult | Pending:
        prompt_id = state["prompt_id"]
        entry = self._history(prompt_id)
        if entry is None:
            place = queue_place(self._queue(), prompt_id)
            if place is None:
                # It may have finished between the two calls: ask the history once more.
                entry = self._history(prompt_id)
                if entry is None:
                    raise self.http.error(
                        "the server no longer knows this job (it restarted or its history "
                        "was cleared); generate again"
                    )
            else:
                progress = "in progress" if place == 0 else f"queue position {place}"
                return Pending(
                    handle, min(self.poll_after * max(place, 1), MAX_POLL_AFTER), progress
                )
        status = entry.get("status") or {}
        if status.get("status_str") == "error":
            raise self.http.error(execution_error(status))
        image = output_image(entry.get("outputs"))
        if image is None:
            if status.get("completed") is False:
                return Pending(handle, self.poll_after, "in progress")
            raise self.http.error(NO_IMAGE)
        query = {k: str(image.get(k, "")) for k in ("filename", "subfolder", "type")}
        data = self.http.request("GET", "view", what="image download", params=query).content
        if sniff_mime(data) is None:
            raise self.http.error("malformed response (/view did not return an image)")
        if isinstance(state.get("trim"), list) and len(state["trim"]) == 2:
            data = trimmed(data, (int(state["trim"][0]), int(state["trim"][1])), self.name)
        return GenerationResult(
            data=stamp(data, dict(state.get("params", {}))),
            mime=sniff_mime(data) or "image/png",
            provider=self.name,
            seconds=max(0.0, time.time() - float(state.get("submitted", time.time()))),
            info={"prompt_id": prompt_id},
        )

    def _history(self, prompt_id: str) -> dict[str, Any] | None:
        response = self.http.request("GET", f"history/{prompt_id}", what="history")
        entry = self.http.json(response, "history").get(prompt_id)
        if entry is not None and not isinstance(entry, dict):
            raise self.http.error("malformed history entry")
        return entry

    def _queue(self) -> dict[str, Any]:
        return self.http.json(self.http.request("GET", "queue", what="queue status"), "queue")

    def cancel(self, handle: str) -> None:
        """Delete the prompt from the queue, or interrupt it if it is the one running."""
        state = self._load(handle)
        prompt_id = state["prompt_id"]
        self._free(str(state.get("slot") or ""))
        place = queue_place(self._queue(), prompt_id)
        if place == 0:
            self.http.request("POST", "interrupt", what="interrupt", json={"prompt_id": prompt_id})
        elif place is not None:
            self.http.request("POST", "queue", what="cancel", json={"delete": [prompt_id]})

    def _load(self, handle: str) -> dict[str, Any]:
        try:
            state = json.loads(handle)
        except ValueError:
            state = None
        if not isinstance(state, dict) or not isinstance(state.get("prompt_id"), str):
            raise self.http.error("the stored job handle is unreadable")
        return state
