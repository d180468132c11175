"""3D model bytes (GLB): a textured quad from an image, validation with counts, and a preview."""

from __future__ import annotations

import base64
import io
import struct
from dataclasses import dataclass
from typing import Any

import numpy as np
from PIL import Image

from core.errors import BadInput
from core.glb_format import pack_glb, unpack_glb
from core.model3d_preview import card_preview, placeholder_preview

_FLOAT, _USHORT = 5126, 5123
_ARRAY_BUFFER, _ELEMENT_ARRAY_BUFFER = 34962, 34963
_COMPONENT_BYTES = {5120: 1, 5121: 1, 5122: 2, 5123: 2, 5125: 4, 5126: 4}
_INDEX_DTYPES = {5121: np.uint8, 5123: np.uint16, 5125: np.uint32}
_TYPE_SIZES = {"SCALAR": 1, "VEC2": 2, "VEC3": 3, "VEC4": 4, "MAT2": 4, "MAT3": 9, "MAT4": 16}
_TRIANGLES, _STRIP, _FAN = 4, 5, 6


@dataclass(frozen=True)
class Model3DInfo:
    """What a GLB holds."""

    vertices: int
    triangles: int
    has_texture: bool


def quad_glb(image: bytes) -> bytes:
    """A glTF 2.0 binary holding one quad facing +Z with `image` as its base-colour texture.

    The quad's longer side is 1 unit and its aspect is the image's; PNG and JPEG are embedded
    as they are, other formats as PNG.
    """
    picture, mime = _texture_bytes(image)
    with Image.open(io.BytesIO(picture)) as opened:
        width, height = opened.size
    half_w, half_h = width / max(width, height) / 2, height / max(width, height) / 2
    positions = [(-half_w, -half_h, 0.0), (half_w, -half_h, 0.0)]
    positions += [(half_w, half_h, 0.0), (-half_w, half_h, 0.0)]
    blobs = [
        b"".join(struct.pack("<3f", *p) for p in positions),
        struct.pack("<12f", *(0.0, 0.0, 1.0) * 4),
        struct.pack("<8f", 0.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0),  # glTF UVs start top-left
        struct.pack("<6H", 0, 1, 2, 0, 2, 3),
        picture,
    ]
    views, binary = [], b""
    targets = (_ARRAY_BUFFER, _ARRAY_BUFFER, _ARRAY_BUFFER, _ELEMENT_ARRAY_BUFFER, None)
    for blob, target in zip(blobs, targets, strict=True):
        binary += b"\0" * (-len(binary) % 4)
        view: dict[str, Any] = {"buffer": 0, "byteOffset": len(binary), "byteLength": len(blob)}
        if target is not None:
            view["target"] = target
        views.append(view)
        binary += blob
    document = {
        "asset": {"version": "2.0", "generator": "Lightbox local preview"},
        "scene": 0,
        "scenes": [{"nodes": [0]}],
        "nodes": [{"mesh": 0, "name": "card"}],
        "meshes": [{"primitives": [_primitive()]}],
        "materials": [_material()],
        "textures": [{"source": 0, "sampler": 0}],
        "samplers": [{"magFilter": 9729, "minFilter": 9987, "wrapS": 33071, "wrapT": 33071}],
        "images": [{"bufferView": 4, "mimeType": mime}],
        "accessors": [
            _accessor(0, _FLOAT, 4, "VEC3", [-half_w, -half_h, 0.0], [half_w, half_h, 0.0]),
            _accessor(1, _FLOAT, 4, "VEC3"),
            _accessor(2, _FLOAT, 4, "VEC2"),
            _accessor(3, _USHORT, 6, "SCALAR"),
        ],
        "bufferViews": views,
        "buffers": [{"byteLength": len(binary) + (-len(binary) % 4)}],
    }
    return pack_glb(document, binary)


def probe_glb(data: bytes) -> Model3DInfo:
    """Counts of a GLB after checking its header, chunks, JSON and that every index it holds
    (buffer views, accessors, mesh attributes, textures) points inside what exists."""
    document, binary = unpack_glb(data)
    version = str(_dig(document, "asset", dict).get("version", ""))
    if not version.startswith("2."):
        raise BadInput(f"the GLB's asset version is {version or 'missing'}; glTF 2.0 is read")
    buffers = _list(document, "buffers")
    views = _list(document, "bufferViews")
    accessors = _list(document, "accessors")
    for number, buffer in enumerate(buffers):
        declared = int(buffer.get("byteLength", -1))
        if "uri" not in buffer and number == 0 and not 0 <= declared <= len(binary):
            raise BadInput(f"buffer 0 says {declared} bytes but the BIN chunk has {len(binary)}")
    for number, view in enumerate(views):
        buffer = _at(buffers, view.get("buffer"), f"bufferView {number}'s buffer")
        end = int(view.get("byteOffset", 0)) + int(view.get("byteLength", -1))
        if view.get("byteLength", 0) <= 0 or end > int(buffer.get("byteLength", -1)):
            raise BadInput(f"bufferView {number} runs outside its buffer")
    for number, accessor in enumerate(accessors):
        _check_accessor(number, accessor, views)
    vertices = triangles = 0
    for mesh in _list(document, "meshes"):
        for primitive in mesh.get("primitives", []):
            counts = _primitive_counts(primitive, accessors, views, binary)
            vertices += counts[0]
            triangles += counts[1]
    return Model3DInfo(vertices=vertices, triangles=triangles, has_texture=_texture(document) >= 0)


def texture_of(data: bytes) -> bytes | None:
    """The bytes of the model's base-colour texture image (None when it has none inside)."""
    document, binary = unpack_glb(data)
    number = _texture(document)
    if number < 0:
        return None
    image = _list(document, "images")[number]
    if "bufferView" in image:
        view = _list(document, "bufferViews")[int(image["bufferView"])]
        start = int(view.get("byteOffset", 0))
        return binary[start : start + int(view["byteLength"])]
    uri = str(image.get("uri", ""))
    if uri.startswith("data:") and ";base64," in uri:
        return base64.b64decode(uri.split(";base64,", 1)[1])
    return None


def render_preview(glb: bytes, *, size: int = 768) -> bytes:
    """A PNG preview: the model's texture as a tilted card on a neutral backdrop, or, with no
    texture, a shaded placeholder naming its vertex and triangle counts."""
    if not 64 <= size <= 4096:
        raise BadInput(f"a preview is 64 to 4096 pixels a side, not {size}")
    info = probe_glb(glb)
    texture = texture_of(glb)
    if texture is not None:
        try:
            with Image.open(io.BytesIO(texture)) as opened:
                return card_preview(opened.convert("RGB"), size)
        except (OSError, ValueError):
            pass
    return placeholder_preview(info.vertices, info.triangles, size)


def _texture_bytes(image: bytes) -> tuple[bytes, str]:
    try:
        with Image.open(io.BytesIO(image)) as opened:
            opened.load()
            if opened.format in ("PNG", "JPEG"):
                return image, f"image/{opened.format.lower()}"
            out = io.BytesIO()
            opened.convert("RGBA").save(out, format="PNG")
            return out.getvalue(), "image/png"
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise BadInput(f"the image for the 3D card cannot be read ({exc})") from None


def _primitive() -> dict[str, Any]:
    attributes = {"POSITION": 0, "NORMAL": 1, "TEXCOORD_0": 2}
    return {"attributes": attributes, "indices": 3, "material": 0, "mode": _TRIANGLES}


def _material() -> dict[str, Any]:
    pbr = {"baseColorTexture": {"index": 0}, "metallicFactor": 0.0, "roughnessFactor": 0.9}
    return {"name": "image", "pbrMetallicRoughness": pbr, "doubleSided": True}


def _accessor(
    view: int,
    component: int,
    count: int,
    kind: str,
    low: list[float] | None = None,
    high: list[float] | None = None,
) -> dict[str, Any]:
    accessor: dict[str, Any] = {
        "bufferView": view,
        "componentType": component,
        "count": count,
        "type": kind,
    }
    if low is not None and high is not None:
        accessor["min"], accessor["max"] = low, high
    return accessor


def _check_accessor(number: int, accessor: dict[str, Any], views: list[dict[str, Any]]) -> None:
    component = _COMPONENT_BYTES.get(accessor.get("componentType", 0))
    width = _TYPE_SIZES.get(str(accessor.get("type")))
    count = accessor.get("count")
    if component is None or width is None or not isinstance(count, int) or count < 1:
        raise BadInput(f"accessor {number} has an unknown type, component or count")
    if "bufferView" not in accessor:
        return
    view = _at(views, accessor["bufferView"], f"accessor {number}'s bufferView")
    element = component * width
    stride = int(view.get("byteStride", element))
    end = int(accessor.get("byteOffset", 0)) + stride * (count - 1) + element
    if end > int(view["byteLength"]):
        raise BadInput(f"accessor {number} reads past the end of its bufferView")


def _primitive_counts(
    primitive: dict[str, Any],
    accessors: list[dict[str, Any]],
    views: list[dict[str, Any]],
    binary: bytes,
) -> tuple[int, int]:
    position = _at(accessors, primitive.get("attributes", {}).get("POSITION"), "POSITION")
    if "min" not in position or "max" not in position:
        raise BadInput("a POSITION accessor lacks the min/max glTF requires")
    vertices = int(position["count"])
    drawn = vertices
    if "indices" in primitive:
        indices = _at(accessors, primitive["indices"], "a primitive's indices")
        drawn = int(indices["count"])
        _check_indices(indices, views, binary, vertices)
    mode = int(primitive.get("mode", _TRIANGLES))
    triangles = drawn // 3 if mode == _TRIANGLES else max(drawn - 2, 0)
    return vertices, triangles if mode in (_TRIANGLES, _STRIP, _FAN) else 0


def _check_indices(
    indices: dict[str, Any], views: list[dict[str, Any]], binary: bytes, vertices: int
) -> None:
    dtype = _INDEX_DTYPES.get(indices.get("componentType", 0))
    if dtype is None or indices.get("type") != "SCALAR":
        raise BadInput("indices must be unsigned byte, short or int scalars")
    if "bufferView" not in indices or binary == b"":
        return
    view = views[int(indices["bufferView"])]
    if view.get("buffer", 0) != 0 or "byteStride" in view:
        return
    start = int(view.get("byteOffset", 0)) + int(indices.get("byteOffset", 0))
    values = np.frombuffer(binary, dtype=dtype, count=int(indices["count"]), offset=start)
    if values.size and int(values.max()) >= vertices:
        raise BadInput(f"an index points at vertex {int(values.max())} of {vertices}")


def _texture(document: dict[str, Any]) -> int:
    """The image number of the first material's base-colour texture (-1: none)."""
    textures, images = _list(document, "textures"), _list(document, "images")
    for material in _list(document, "materials"):
        ref = material.get("pbrMetallicRoughness", {}).get("baseColorTexture")
        if ref is None:
            continue
        texture = _at(textures, ref.get("index"), "a material's texture")
        source = texture.get("source", -1)
        _at(images, source, "a texture's image")
        return int(source)
    return -1


def _list(document: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = document.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise BadInput(f"the GLB's {key} is not a list of objects")
    return value


def _dig(document: dict[str, Any], key: str, kind: type) -> Any:
    value = document.get(key)
    if not isinstance(value, kind):
        raise BadInput(f"the GLB has no {key}")
    return value


def _at(items: list[dict[str, Any]], index: Any, what: str) -> dict[str, Any]:
    if not isinstance(index, int) or not 0 <= index < len(items):
        raise BadInput(f"{what} points at {index!r}, outside the {len(items)} there are")
    return items[index]
