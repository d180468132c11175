"""fal.ai queue API: submit, poll status (queue position as progress), fetch the result, cancel."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from typing import Any

import httpx

from core.catalog import reduce_ratio
from core.errors import Permanent
from core.ports import GenerationRequest, GenerationResult, Pending
from workers.providers.categories import category_of
from workers.providers.edits import endpoint_for, operation_for, strength
from workers.providers.fal_edits import ABLE, edit_endpoint, edit_input
from workers.providers.fal_media import media_call
from workers.providers.fal_media_result import media_result
from workers.providers.http import NO_IMAGE, SAFETY, ProviderHTTP, RetryPolicy
from workers.providers.input_images import WEB_TYPES, accepted
from workers.providers.profiles import UINT32_MAX, Options, options_for, seed_for
from workers.providers.provenance import (
    data_uri,
    decode_b64_image,
    parameters,
    sniff_mime,
    stamp,
)

DEFAULT_BASE_URL = "https://queue.fal.run"
URL_KEYS = ("status_url", "response_url", "cancel_url")
# The aspect_ratio enum of fal's Flux/Imagen/nano-banana endpoints, in their own spelling.
ASPECT_RATIOS = ("21:9", "16:9", "3:2", "4:3", "5:4", "1:1", "4:5", "3:4", "2:3", "9:16", "9:21")


class FalProvider:
    """Flux and other fal.ai models through the queue; the worker polls instead of waiting.

    Profiles of category video, music or 3D go to their endpoints as `fal_media` spells them."""

    name = "fal"

    def __init__(
        self,
        key: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        options: Options | None = None,
        categories: Mapping[str, str] | None = None,
        poll_after: float = 2.0,
        timeout: float = 60.0,
        retry: RetryPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
        client: httpx.Client | None = None,
    ):
        self.options = options or {}
        self.categories = dict(categories or {})  # profile id → category (image if absent)
        self.poll_after = poll_after
        self.http = ProviderHTTP(
            self.name,
            base_url,
            auth_headers={"Authorization": f"Key {key}"},
            secrets=[key],
            timeout=timeout,
            retry=retry,
            transport=transport,
            client=client,
        )

    def endpoint(self, request: GenerationRequest) -> str:
        """The model path to submit to (the image-to-image variant when there is a start image)."""
        if request.operation == "vary":
            declared = endpoint_for(self.options, request, "vary")
            if declared:
                return declared
        image_to_image = options_for(self.options, request).get("image_to_image")
        return str(image_to_image) if request.init_image and image_to_image else request.model

    def submission(self, request: GenerationRequest) -> tuple[str, dict[str, Any]]:
        """The endpoint and model input for the request's operation."""
        op = operation_for(self.name, request, ABLE, self.options)
        if op == "vary" and not options_for(self.options, request).get("image_to_image"):
            edit_endpoint(self.options, request, op, self.name)  # refused unless declared
        if op in ("generate", "vary"):
            payload = self.payload(request)
            if op == "vary":
                payload["strength"] = strength(self.name, request, payload["strength"])
            return self.endpoint(request), payload
        endpoint = edit_endpoint(self.options, request, op, self.name)
        seed = seed_for(self.options, request, UINT32_MAX)
        return endpoint, edit_input(request, op, endpoint, self.name, seed)

    def payload(self, request: GenerationRequest) -> dict[str, Any]:
        """The model input: Flux fields, plus the profile's extra input, refs and LoRAs."""
        opts = options_for(self.options, request)
        body: dict[str, Any] = {
            "prompt": request.prompt,
            "num_images": 1,
            "output_format": "png",
            "enable_safety_checker": True,
        }
        seed = seed_for(self.options, request, UINT32_MAX)
        if seed is not None:
            body["seed"] = seed
        if opts.get("size") == "aspect_ratio":
            body["aspect_ratio"] = self.aspect_ratio(request, opts)
            body["resolution"] = request.resolution
        else:
            body["image_size"] = {"width": request.width, "height": request.height}
        if request.negative_prompt:
            body["negative_prompt"] = request.negative_prompt
        if request.init_image:
            body["image_url"] = data_uri(*accepted(request.init_image, WEB_TYPES, self.name))
            body["strength"] = float(opts.get("strength", 0.85))
        if request.refs:
            body[str(opts.get("refs_field", "image_urls"))] = [
                data_uri(*accepted(r.data, WEB_TYPES, self.name)) for r in request.refs
            ]
        loras = [dict(lora) for lora in opts.get("loras") or []]  # the profile's fixed ones
        loras += [{"path": u.provider_lora, "scale": u.weight} for u in request.loras]
        if loras:
            body["loras"] = loras
        body.update(opts.get("input", {}))
        return body

    def aspect_ratio(self, request: GenerationRequest, opts: Mapping[str, Any]) -> str:
        """The ratio in the endpoint's enum spelling ("32:18" is sent as "16:9"); else refused."""
        allowed = tuple(opts.get("aspect_ratios") or ASPECT_RATIOS)
        spelling = {reduce_ratio(ratio): ratio for ratio in allowed}
        ratio = spelling.get(reduce_ratio(request.aspect_ratio))
        if ratio is None:
            raise self.http.error(
                f"aspect ratio {request.aspect_ratio} is not offered; allowed: "
                + ", ".join(allowed)
            )
        return ratio

    def generate(self, request: GenerationRequest) -> Pending:
        category = category_of(self.name, self.categories, request)
        media = (
            media_call(self.options, request, category, self.name) if category != "image" else None
        )
        endpoint, payload = (media.endpoint, media.payload) if media else self.submission(request)
        response = self.http.request("POST", endpoint, what="submit", json=payload)
        body = self.http.json(response, "submit")
        request_id = body.get("request_id")
        if not isinstance(request_id, str) or not request_id:
            raise self.http.error("malformed response to submit (no request_id)")
        app = "/".join(endpoint.split("/")[:2])
        base = f"{app}/requests/{request_id}"
        fallback = {
            "status_url": f"{base}/status",
            "response_url": base,
            "cancel_url": f"{base}/cancel",
        }
        handle: dict[str, Any] = {"request_id": request_id, "submitted": time.time()}
        for key in URL_KEYS:
            url = self.http.url(str(body.get(key) or fallback[key]))
            if not self.http.same_origin(url):
                raise self.http.error(f"unexpected {key} host in the submit response: {url.host}")
            handle[key] = str(url)
        edited = {"operation": request.operation} if request.operation != "generate" else {}
        handle["params"] = parameters(
            request, self.name, endpoint=endpoint, seed=payload.get("seed"), **edited
        )
        if media:
            handle.update(kind=media.kind, outputs=list(media.outputs))
        return Pending(json.dumps(handle), self.poll_after, _position(body))

    def _wait(self, state: dict[str, Any]) -> float:
        """Seconds until the next status check: images every `poll_after`; a video or 3D model
        (minutes of work) less often as it runs, a tenth of its age, at most 5 × `poll_after`."""
        if not state.get("kind"):
            return self.poll_after
        age = max(time.time() - float(state.get("submitted", time.time())), 0.0)
        return min(self.poll_after * 5, max(self.poll_after, age / 10))

    def poll(self, handle: str) -> GenerationResult | Pending:
        state = self._load(handle)
        response = self.http.request("GET", state["status_url"], what="status")
        status = self.http.json(response, "status")
        phase = status.get("status")
        if phase == "IN_QUEUE":
            return Pending(handle, self._wait(state), _position(status))
        if phase == "IN_PROGRESS":
            return Pending(handle, self._wait(state), "in progress")
        if phase != "COMPLETED":
            raise self.http.error(f"malformed status response (status {phase!r})")
        if status.get("error"):
            safety = "content_policy" in str(status.get("error_type", ""))
            raise self.http.error(
                f"{SAFETY}: {status['error']}" if safety else str(status["error"])
            )
        result = self.http.json(
            self.http.request("GET", state["response_url"], what="result"), "result"
        )
        return self._result(result, state)

    def _result(self, result: dict[str, Any], state: dict[str, Any]) -> GenerationResult:
        if state.get("kind", "image") != "image":
            return media_result(self.http, result, state)
        nsfw = result.get("has_nsfw_concepts")
        if isinstance(nsfw, list) and nsfw and nsfw[0] is True:
            raise self.http.error(SAFETY)
        images = result.get("images")
        if images is None and isinstance(result.get("image"), dict):
            images = [result["image"]]  # upscalers, background removal, expand: one `image`
        if not isinstance(images, list):
            raise self.http.error("malformed result (no images list)")
        if not images or not isinstance(images[0], dict) or not images[0].get("url"):
            raise self.http.error(NO_IMAGE)
        url = str(images[0]["url"])
        if url.startswith("data:"):
            data = decode_b64_image(url, self.name)
        else:
            data = self.http.request("GET", url, what="image download").content
            if sniff_mime(data) is None:
                raise self.http.error("malformed result (the image URL did not return an image)")
        params = dict(state.get("params", {}))
        info = {"request_id": str(state["request_id"])}
        if "seed" in result:
            info["seed"] = str(result["seed"])
        return GenerationResult(
            data=stamp(data, params),
            mime=sniff_mime(data) or "image/png",
            provider=self.name,
            seconds=max(0.0, time.time() - float(state.get("submitted", time.time()))),
            info=info,
        )

    def cancel(self, handle: str) -> None:
        """Ask fal to drop the request; a request already finished needs nothing more."""
        state = self._load(handle)
        try:
            self.http.request("PUT", state["cancel_url"], what="cancel")
        except Permanent:
            pass

    def _load(self, handle: str) -> dict[str, Any]:
        try:
            state = json.loads(handle)
        except ValueError:
            state = None
        if not isinstance(state, dict) or not all(isinstance(state.get(k), str) for k in URL_KEYS):
            raise self.http.error("the stored job handle is unreadable")
        for key in URL_KEYS:
            if not self.http.same_origin(httpx.URL(state[key])):
                raise self.http.error(f"the stored {key} points to another host")
        return state


def _position(body: Mapping[str, Any]) -> str:
    position = body.get("queue_position")
    return f"queue position {position}" if isinstance(position, int) else "queued"
