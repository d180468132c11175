"""How the fake Discord reads a request's files (multipart `payload_json` + `files[n]`) and
keeps a message's attachments when an edit lists them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aiohttp import web

from tests.discord import payloads as p
from tests.discord.fake_refusals import FILE_LIMIT, REQUEST_LIMIT, TOO_LARGE

if TYPE_CHECKING:
    from tests.discord.fake_discord import FakeDiscord

Part = tuple[str, str, bytes]  # (form field, filename, bytes)


class Files(list[Part]):
    """The uploaded parts, with each file name's Content-Type."""

    def __init__(self, parts: list[Part], types: list[str]):
        super().__init__(parts)
        self.types = {part[1]: kind for part, kind in zip(parts, types, strict=True)}


async def read_upload(request: web.Request) -> tuple[Any, list[Part], list[str]]:
    """JSON body, or multipart `payload_json` plus `files[n]` parts (and their types)."""
    files: list[Part] = []
    types: list[str] = []
    if request.content_type.startswith("multipart/"):
        body: Any = {}
        reader = await request.multipart()
        async for part in reader:
            if part.name == "payload_json":  # type: ignore[union-attr]
                body = json.loads(await part.text())  # type: ignore[union-attr]
            else:
                data = await part.read()  # type: ignore[union-attr]
                files.append((part.name or "", part.filename or "", bytes(data)))  # type: ignore[union-attr]
                types.append(part.headers.get("Content-Type", ""))
        return body, files, types
    raw = await request.read()
    return (json.loads(raw) if raw else {}), files, types


def typed(files: list[Part], types: list[str]) -> Files:
    return Files(files, types)


@dataclass
class UploadLimits:
    """What Discord refuses with 413 / 40005: a file over the bot's per-file limit (10 MiB;
    boosted servers allow more), over an interaction's own `attachment_size_limit` for answers
    and follow-ups, or a request over 25 MiB."""

    file_limit: int = FILE_LIMIT
    interaction_file_limit: int = FILE_LIMIT
    request_limit: int = REQUEST_LIMIT

    def refusal(self, path: str, files: list[Part]) -> tuple[dict[str, Any], int] | None:
        sizes = [len(part[2]) for part in files]
        limit = self.file_limit if path.startswith("/channels/") else self.interaction_file_limit
        if any(n > limit for n in sizes) or sum(sizes) > self.request_limit:
            return TOO_LARGE
        return None

    @staticmethod
    def describe(message: dict[str, Any], files: Any) -> None:
        """A stored message's attachments with their real sizes and content types."""
        for attachment, part in zip(message["attachments"], files, strict=True):
            attachment["size"] = len(part[2])
            attachment["content_type"] = getattr(files, "types", {}).get(part[1], "")


def edited_attachments(
    fake: FakeDiscord, message: dict[str, Any], body: dict[str, Any], files: Any
) -> list[dict[str, Any]]:
    """PATCH `attachments`: existing ones listed by id stay, the rest go; an entry whose id is
    an index names the new file `files[id]` (discord-api-docs: Uploading Files)."""
    kept = {a["id"]: a for a in message.get("attachments", [])}
    out = []
    for entry in body["attachments"]:
        known = kept.get(str(entry.get("id")))
        if known is not None:
            out.append(known)
            continue
        index = int(entry.get("id", -1))
        part = next((f for f in files if f[0] == f"files[{index}]"), None)
        if part is None:
            continue
        name = entry.get("filename") or part[1]
        added = p.attachment(fake.next_id(), name, len(part[2]), f"https://cdn.invalid/{name}")
        added["content_type"] = getattr(files, "types", {}).get(part[1], "")
        out.append(added)
    return out
