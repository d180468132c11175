"""The glTF 2.0 binary container (GLB): a 12-byte header, a JSON chunk and an optional BIN chunk."""

from __future__ import annotations

import json
import struct
from typing import Any

from core.errors import BadInput

MAGIC = b"glTF"
VERSION = 2
JSON_CHUNK = 0x4E4F534A  # "JSON" read little-endian
BIN_CHUNK = 0x004E4942  # "BIN\0" read little-endian
_HEADER = struct.Struct("<4sII")
_CHUNK = struct.Struct("<II")


def pack_glb(document: dict[str, Any], binary: bytes) -> bytes:
    """A GLB file: the JSON padded with spaces and the binary with zeros, each to 4 bytes."""
    text = json.dumps(document, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 4)
    body = _CHUNK.pack(len(text), JSON_CHUNK) + text
    if binary:
        padded = binary + b"\0" * (-len(binary) % 4)
        body += _CHUNK.pack(len(padded), BIN_CHUNK) + padded
    return _HEADER.pack(MAGIC, VERSION, _HEADER.size + len(body)) + body


def unpack_glb(data: bytes) -> tuple[dict[str, Any], bytes]:
    """The JSON document and the BIN chunk (b"" when absent) of a GLB; BadInput naming what is
    wrong with the header, the chunks or the JSON."""
    if len(data) < _HEADER.size + _CHUNK.size:
        raise BadInput(f"the 3D file is {len(data)} bytes, too short for a GLB header")
    magic, version, length = _HEADER.unpack_from(data)
    if magic != MAGIC:
        raise BadInput("not a GLB file: it does not start with 'glTF'")
    if version != VERSION:
        raise BadInput(f"the GLB is version {version}; only glTF 2 is read")
    if length != len(data):
        raise BadInput(f"the GLB says it is {length} bytes but {len(data)} arrived (truncated?)")
    chunks = list(_chunks(data))
    if not chunks or chunks[0][0] != JSON_CHUNK:
        raise BadInput("the GLB's first chunk is not JSON")
    try:
        document = json.loads(chunks[0][1])
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadInput(f"the GLB's JSON does not parse ({exc})") from None
    if not isinstance(document, dict):
        raise BadInput("the GLB's JSON is not an object")
    binary = b""
    if len(chunks) > 1:
        if chunks[1][0] != BIN_CHUNK:
            raise BadInput("the GLB's second chunk is not BIN")
        binary = chunks[1][1]
    return document, binary


def _chunks(data: bytes) -> list[tuple[int, bytes]]:
    found: list[tuple[int, bytes]] = []
    offset = _HEADER.size
    while offset < len(data):
        if offset + _CHUNK.size > len(data):
            raise BadInput("the GLB ends inside a chunk header")
        length, kind = _CHUNK.unpack_from(data, offset)
        offset += _CHUNK.size
        if length % 4:
            raise BadInput(f"a GLB chunk is {length} bytes, not a multiple of 4")
        if offset + length > len(data):
            raise BadInput("a GLB chunk runs past the end of the file")
        found.append((kind, data[offset : offset + length]))
        offset += length
    return found
