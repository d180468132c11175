"""fal.ai media results: the File a video, music or 3D result names, fetched and checked.

A File is {url, content_type, file_name, file_size} (fal's OpenAPI `File`); fal labels GLBs
`application/octet-stream`, so the bytes decide what it is (core.media.sniff). With `sync_mode`
the url is a Base64 data URI.
"""

from __future__ import annotations

import base64
import binascii
import time
from collections.abc import Mapping
from typing import Any

from core.media import MAX_MEDIA_BYTES, kind_of, sniff
from core.ports import GenerationResult
from workers.providers.fal_media import NOUNS
from workers.providers.http import ProviderHTTP
from workers.providers.provenance import sniff_mime


def media_result(
    http: ProviderHTTP, result: dict[str, Any], state: dict[str, Any]
) -> GenerationResult:
    """The file the result names, downloaded and checked to be of the kind asked for."""
    kind = str(state["kind"])
    noun = NOUNS.get(kind, kind)
    found = next(
        (result[key] for key in state.get("outputs", ()) if isinstance(result.get(key), dict)),
        None,
    )
    if found is None or not found.get("url"):
        raise http.error(f"no {noun} returned")
    size = found.get("file_size")
    if isinstance(size, int) and size > MAX_MEDIA_BYTES:
        raise http.error(
            f"the {noun} is {size / 1e6:.0f} MB; Lightbox keeps at most "
            f"{MAX_MEDIA_BYTES / 1e6:.0f} MB"
        )
    url = str(found["url"])
    if url.startswith("data:"):
        data = _inline(url, http)
    else:
        data = http.request("GET", url, what=f"{noun} download").content
    mime = sniff(data)
    if mime is None or kind_of(mime) != kind:
        what = mime or sniff_mime(data) or "unrecognised bytes"
        raise http.error(f"malformed result (the {noun} file is {what}, not a {noun})")
    info = {"request_id": str(state["request_id"])}
    endpoint = state.get("params", {}).get("endpoint")
    if endpoint:
        info["endpoint"] = str(endpoint)
    if "seed" in result:
        info["seed"] = str(result["seed"])
    return GenerationResult(
        data=data,
        mime=mime,
        provider=http.provider,
        seconds=max(0.0, time.time() - float(state.get("submitted", time.time()))),
        info=info,
        kind=kind,
        duration_seconds=_seconds(result, found),
    )


def _inline(uri: str, http: ProviderHTTP) -> bytes:
    """A file fal returned inline (sync_mode) as a Base64 data URI."""
    try:
        return base64.b64decode(uri.partition(",")[2], validate=True)
    except (binascii.Error, ValueError):
        raise http.error("malformed result (the inline file is not Base64)") from None


def _seconds(result: Mapping[str, Any], found: Mapping[str, Any]) -> float | None:
    """The clip's length when the result states one."""
    for value in (found.get("duration"), result.get("duration")):
        if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
            return float(value)
    return None
