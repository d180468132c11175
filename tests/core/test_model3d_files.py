"""3D bytes: a textured-quad GLB checked by probe_glb and by an independent reading of the
glTF 2.0 binary layout, previews, and refusals of broken files."""

from __future__ import annotations

import io
import json
import struct
from typing import Any

import pytest
from PIL import Image

from core.errors import BadInput
from core.glb_format import pack_glb, unpack_glb
from core.media import sniff
from core.model3d_files import probe_glb, quad_glb, render_preview, texture_of
from tests.core.media_samples import photo

PNG_PHOTO = photo(fmt="PNG")  # 1920×1080


def read_glb(data: bytes) -> tuple[dict[str, Any], bytes]:
    """The glTF 2.0 binary layout read straight from the spec, independently of core."""
    magic, version, length = struct.unpack_from("<4sII", data, 0)
    assert (magic, version, length) == (b"glTF", 2, len(data))
    json_length, json_type = struct.unpack_from("<II", data, 12)
    assert json_type == 0x4E4F534A and json_length % 4 == 0
    text = data[20 : 20 + json_length]
    assert text == text.rstrip(b" ") + b" " * (len(text) - len(text.rstrip(b" ")))
    bin_length, bin_type = struct.unpack_from("<II", data, 20 + json_length)
    assert bin_type == 0x004E4942 and bin_length % 4 == 0
    binary = data[28 + json_length : 28 + json_length + bin_length]
    assert 28 + json_length + bin_length == len(data)
    return json.loads(text), binary


def floats(binary: bytes, view: dict[str, Any], count: int) -> list[float]:
    return list(struct.unpack_from(f"<{count}f", binary, view.get("byteOffset", 0)))


def test_a_photo_becomes_a_textured_quad_glb_with_the_photo_aspect() -> None:
    glb = quad_glb(PNG_PHOTO)

    assert sniff(glb) == "model/gltf-binary"
    info = probe_glb(glb)
    assert (info.vertices, info.triangles, info.has_texture) == (4, 2, True)

    doc, binary = read_glb(glb)
    assert doc["asset"]["version"] == "2.0"
    assert binary[doc["buffers"][0]["byteLength"] :] == b"\0" * (
        len(binary) - doc["buffers"][0]["byteLength"]
    )
    primitive = doc["meshes"][0]["primitives"][0]
    assert set(primitive["attributes"]) == {"POSITION", "NORMAL", "TEXCOORD_0"}
    position = doc["accessors"][primitive["attributes"]["POSITION"]]
    xyz = floats(binary, doc["bufferViews"][position["bufferView"]], 12)
    xs, ys = xyz[0::3], xyz[1::3]
    assert position["min"] == [min(xs), min(ys), 0.0] and position["max"] == [max(xs), max(ys), 0.0]
    assert (max(xs) - min(xs)) / (max(ys) - min(ys)) == pytest.approx(1920 / 1080)
    indices = doc["accessors"][primitive["indices"]]
    view = doc["bufferViews"][indices["bufferView"]]
    assert struct.unpack_from("<6H", binary, view["byteOffset"]) == (0, 1, 2, 0, 2, 3)
    for accessor in doc["accessors"]:
        view = doc["bufferViews"][accessor["bufferView"]]
        assert view["byteOffset"] % 4 == 0
        assert view["byteOffset"] + view["byteLength"] <= len(binary)
    material = doc["materials"][primitive["material"]]
    texture = doc["textures"][material["pbrMetallicRoughness"]["baseColorTexture"]["index"]]
    assert texture["sampler"] == 0 and doc["samplers"]
    image = doc["images"][texture["source"]]
    assert image["mimeType"] == "image/png"
    view = doc["bufferViews"][image["bufferView"]]
    assert binary[view["byteOffset"] : view["byteOffset"] + view["byteLength"]] == PNG_PHOTO
    assert texture_of(glb) == PNG_PHOTO


def test_jpeg_is_embedded_as_is_and_other_formats_as_png() -> None:
    jpeg = photo((640, 480))
    assert read_glb(quad_glb(jpeg))[0]["images"][0]["mimeType"] == "image/jpeg"
    webp = io.BytesIO()
    Image.open(io.BytesIO(jpeg)).save(webp, format="WEBP")
    doc, _ = read_glb(quad_glb(webp.getvalue()))
    assert doc["images"][0]["mimeType"] == "image/png"


def test_the_preview_is_the_texture_on_a_tilted_card() -> None:
    png = render_preview(quad_glb(PNG_PHOTO), size=512)

    with Image.open(io.BytesIO(png)) as picture:
        assert (picture.format, picture.size) == ("PNG", (512, 512))
        rgb = picture.convert("RGB")
        assert rgb.getpixel((256, 240)) != rgb.getpixel((5, 5))  # the card covers the middle


def test_a_model_without_texture_gets_a_placeholder_with_its_counts() -> None:
    doc, binary = unpack_glb(quad_glb(PNG_PHOTO))
    del doc["materials"], doc["meshes"][0]["primitives"][0]["material"]
    bare = pack_glb(doc, binary)

    assert probe_glb(bare).has_texture is False
    with Image.open(io.BytesIO(render_preview(bare, size=256))) as picture:
        assert picture.size == (256, 256)


def broken(change: str) -> bytes:
    glb = quad_glb(photo((64, 48)))
    doc, binary = unpack_glb(glb)
    if change == "accessor past its view":
        doc["accessors"][0]["count"] = 400
    elif change == "index past the vertices":
        binary = binary.replace(
            struct.pack("<6H", 0, 1, 2, 0, 2, 3), struct.pack("<6H", 0, 1, 9, 0, 2, 3)
        )
    elif change == "missing position bounds":
        del doc["accessors"][0]["min"]
    elif change == "texture out of range":
        doc["materials"][0]["pbrMetallicRoughness"]["baseColorTexture"]["index"] = 5
    elif change == "version 1":
        return glb[:4] + struct.pack("<I", 1) + glb[8:]
    elif change == "truncated":
        return glb[: len(glb) // 2]
    elif change == "not json":
        text = b"{nope".ljust(8)
        body = struct.pack("<II", len(text), 0x4E4F534A) + text
        return b"glTF" + struct.pack("<II", 2, 12 + len(body)) + body
    return pack_glb(doc, binary)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ("accessor past its view", "accessor 0 reads past"),
        ("index past the vertices", "vertex 9 of 4"),
        ("missing position bounds", "min/max"),
        ("texture out of range", "texture"),
        ("version 1", "version 1"),
        ("truncated", "truncated"),
        ("not json", "JSON does not parse"),
    ],
)
def test_broken_glbs_are_refused_naming_the_problem(change: str, problem: str) -> None:
    with pytest.raises(BadInput, match=problem):
        probe_glb(broken(change))


def test_garbage_is_not_a_glb() -> None:
    with pytest.raises(BadInput, match="glTF"):
        probe_glb(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(BadInput, match="image for the 3D card"):
        quad_glb(b"not an image")
