"""The bad-input corpus: what people (and broken clients) send, and what the reply must name."""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import dataclass

from PIL import Image

from core.errors import BadInput, Forbidden, LightboxError, NotFound
from tests.reliability.studio_state import png

HUGE = "9" * 5000  # more digits than int() converts by default
BIG = "99999999999999999999999"
ZW = "\u200b\u200b\u200c\ufeff"  # zero-width characters only
FOREIGN_VERSION = 1  # Other's v1 (its card is #1); Demo's card is #2 with version id 2


@dataclass(frozen=True)
class Case:
    """One input, who sends it, and the error the reply must be."""

    text: str
    error: type[LightboxError]
    words: str
    file: bytes | None = None
    actor: str = "ann"
    lead: str = ""  # why it still fails: a fix the lead must make in a file this branch leaves


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _bomb() -> bytes:
    """A small PNG whose header claims 20000×20000 pixels (a decompression bomb)."""
    rows = zlib.compress(b"\0" * (20000 // 8 + 1) * 4)
    header = struct.pack(">IIBBBBB", 20000, 20000, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", rows)
        + _chunk(b"IEND", b"")
    )


def _image(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, fmt)
    return out.getvalue()


def _numbers() -> list[Case]:
    b, n = BadInput, NotFound
    digits = "too many"
    return [
        Case("/open ²", n, 'no card "²"'),
        Case("/open #²", n, 'no card "²"'),
        Case("/open ٣", n, 'no card "٣"'),
        Case("/open ９", n, 'no card "９"'),
        Case(f"/open {BIG}", b, "card number"),
        Case(f"/open {HUGE}", b, "card name or number is 5000 characters long"),
        Case("/open 0", b, "not a valid card number"),
        Case("/open 12abc", n, 'no card "12abc"'),
        Case("/open 999", n, 'no card "999"'),
        Case("/open", b, "name a card"),
        Case("/open #", b, "name a card"),
        Case("/open a\x00b", b, "control character U+0000"),
        Case("/version ²", b, "is not a version number"),
        Case("/version v²", b, "is not a version number"),
        Case("/version ¹²", b, "is not a version number"),
        Case("/version 0", b, "not a valid version number"),
        Case(f"/version {HUGE}", b, "characters long"),
        Case(f"/version {BIG}", b, "version number"),
        Case("/version 99", n, "has no version 99"),
        Case("/version -1", b, "is not a version number"),
        Case("/version 1.5", b, "is not a version number"),
        Case("/version v", b, "is not a version number"),
        Case("/version \x00", b, "control character"),
        Case("/approve v²", b, "is not a version number"),
        Case("/approve v0", b, "not a valid version number"),
        Case("/approve v99", n, "has no version 99"),
        Case(f"/approve v{BIG}", b, "version number"),
        Case("/approve 2", b, '"2" is not a version'),
        Case("/reject v²", b, "is not a version number"),
        Case("/favorite v²", b, "is not a version number"),
        Case("/favorite v99999999999", b, "version number"),
        Case("/show v²", b, "is not a version number"),
        Case("/press approve ²", b, '"²" is not a valid id'),
        Case("/press approve ³³", b, "is not a valid id"),
        Case("/press approve 0", b, "not a valid id"),
        Case(f"/press approve {BIG}", b, "id has"),
        Case(f"/press approve {HUGE}", b, digits),
        Case("/press approve 99999", n, "no version with id 99999"),
        Case("/press approve -1", b, "is not a valid id"),
        Case("/press approve", b, "usage: /press"),
        Case("/press", b, "usage: /press"),
        Case("/press explode 2", b, 'unknown button "explode"'),
        Case("/press fork 2", b, "Fork needs a name"),
        Case("/press saveref 2", b, "Save as Ref needs a name"),
        Case("/press fork 2 \u200b", b, "direction name is empty"),
        Case("/restore ²", b, "is not a version number"),
        Case("/restore 0", b, "not a valid version number"),
        Case(f"/restore {HUGE}", b, "characters long"),
        Case("/restore 99", n, "has no version 99"),
        Case("/restore", b, "name the version"),
        Case("/project use ²", n, 'no project "²"'),
        Case("/project use 0", b, "not a valid project number"),
        Case(f"/project use {HUGE}", b, "project name or number is 5000 characters long"),
        Case(f"/project use {BIG}", b, "project number"),
        Case("/project use 99999", n, 'no project "99999"'),
        Case("/project use #", b, "name the project"),
        Case("/project use", b, "name the project"),
        Case("/project use a\x00b", b, "control character U+0000"),
        Case("/ref reorder hero 0", b, "position must be from 1 to"),
        Case("/ref reorder hero ²", b, "position"),
        Case(f"/ref reorder hero {HUGE}", b, "position"),
        Case("/ref reorder hero x", b, "position must be a whole number"),
        Case("/ref reorder hero -1", b, "position must be a whole number"),
        Case("/ref reorder nope 1", n, 'no ref "nope"'),
        Case("/ref reorder hero", b, "usage: /ref reorder"),
        Case("/pick ²", b, "no open question"),
        Case("/pick 1", b, "no open question"),
        Case("/pick", b, "name the suggestion"),
    ]


def _prompts() -> list[Case]:
    b = BadInput
    return [
        Case(f"/imagine a fox --seed {HUGE}", b, "--seed must be a whole number"),
        Case(f"/imagine a fox --n {HUGE}", b, "--n must be a whole number from 1 to 5"),
        Case("/imagine a fox --seed ²", b, "--seed must be a whole number"),
        Case("/imagine a fox --n ³", b, "--n must be a whole number"),
        Case("/imagine a fox --n ９", b, "--n must be a whole number"),
        Case("/imagine a fox --n 0", b, "--n must be a whole number from 1 to 5"),
        Case("/imagine a fox --n 6", b, "--n must be a whole number from 1 to 5"),
        Case("/imagine a fox --n 2.5", b, "--n must be a whole number"),
        Case("/imagine a fox --seed -1", b, "--seed must be a whole number from 0"),
        Case("/imagine a fox --seed 4294967296", b, "--seed must be a whole number"),
        Case("/imagine a fox --seed 1e9", b, "--seed must be a whole number"),
        Case("/imagine a fox —n 9", b, "--n must be a whole number"),
        Case("/imagine a fox --ar 0:1", b, "contains a zero"),
        Case("/imagine a fox --ar 1:100", b, "is too extreme"),
        Case("/imagine a fox --ar ²:³", b, "is not in W:H form"),
        Case("/imagine a fox --ar 65:64", b, "larger than 64"),
        Case(f"/imagine a fox --ar {HUGE}:1", b, "larger than 64"),
        Case("/imagine a fox --ar 16/9", b, "is not in W:H form"),
        Case("/imagine a fox --ar", b, "--ar needs a value"),
        Case("/imagine a fox --res 8K", b, 'unknown resolution "8K"'),
        Case("/imagine a fox --res", b, "--res needs a value"),
        Case("/imagine a fox --model dalle", b, 'unknown model "dalle"'),
        Case("/imagine a fox --model", b, "--model needs a value"),
        Case("/imagine a fox --foo", b, "unknown flag --foo"),
        Case("/imagine a fox --n 2 --count 3", b, "--n was given twice"),
        Case("/imagine --ar 16:9", b, "the prompt is empty"),
        Case("/imagine", b, "the prompt is empty"),
        Case(f"/imagine {ZW}", b, "the prompt is empty"),
        Case(f"/imagine {ZW} --n 2", b, "the prompt is empty"),
        Case("/imagine \u2060\u00ad", b, "the prompt is empty"),
        Case("/imagine a fox\x00", b, "control character U+0000"),
        Case("/imagine a\x07bell", b, "control character U+0007"),
        Case("/imagine a\x1b[31mred", b, "control character U+001B"),
        Case("/imagine a\x7fdel", b, "control character U+007F"),
        Case("/imagine a\x85next", b, "control character U+0085"),
        Case("/imagine a fox --no \x00", b, "control character U+0000"),
        Case("/imagine a fox --no " + "y" * 1001, b, "the limit is 1000 characters"),
        Case("/imagine " + "x" * 4001, b, "the limit is 4000 characters"),
        Case(f"/imagine a fox --no {ZW}", b, "--no needs a value"),
        Case("/imagine a fox --seed", b, "--seed needs a value"),
        Case(f"/card new a fox --seed {BIG}", b, "--seed must be a whole number"),
        Case("/card new", b, "the prompt is empty"),
        Case(f"/card new {ZW}", b, "the prompt is empty"),
        Case("/card new a\x00fox", b, "control character U+0000"),
        Case("/card", b, "usage: /card new"),
        Case("/card old a fox", b, "usage: /card new"),
        Case(f"/prompt {ZW}", b, "the prompt is empty"),
        Case("/prompt", b, "the prompt is empty"),
        Case("/prompt a fox --n 7", b, "--n must be a whole number"),
        Case("/prompt a\x00b", b, "control character U+0000"),
        Case("/prompt a fox --no " + "z" * 1001, b, "the limit is 1000 characters"),
        Case(f"/prompt a fox --seed {HUGE}", b, "--seed must be a whole number"),
        Case("/prompt a fox --ar 3:0", b, "contains a zero"),
        Case("/new a fox", b, "/new takes only --flags"),
        Case("/new --n 6", b, "--n must be a whole number"),
        Case(f"/new --seed {HUGE}", b, "--seed must be a whole number"),
        Case("/new --model nope", b, 'unknown model "nope"'),
        Case("/new --ar 100:1", b, "is too extreme"),
        Case("/new --n 2 --n 2", b, "--n was given twice"),
        Case("/new --bogus", b, "unknown flag --bogus"),
        Case("/new --no \x00", b, "control character U+0000"),
    ]


def _names() -> list[Case]:
    b, n = BadInput, NotFound
    return [
        Case(f"/project new {ZW}", b, "project name is empty"),
        Case("/project new", b, "project name is empty"),
        Case("/project new a\x00b", b, "control character U+0000"),
        Case("/project new a\tb\x0bc", b, "control character U+000B"),
        Case("/project new " + "p" * 81, b, "at most 80 are allowed"),
        Case(f"/fork {ZW}", b, "direction name is empty"),
        Case("/fork a\x00", b, "control character U+0000"),
        Case("/fork " + "f" * 61, b, "at most 60 are allowed"),
        Case("/fork night", b, 'already has a direction "night"'),
        Case("/fork main", b, 'already has a direction "main"'),
        Case(f"/fork v² {ZW}", b, "is not a version number"),
        Case(f"/saveref {ZW}", b, "ref name is empty"),
        Case("/saveref " + "r" * 61, b, "at most 60 are allowed"),
        Case("/saveref hero", b, 'already has a ref "hero"'),
        Case("/saveref a\x1b[31m", b, "control character U+001B"),
        Case(f"/rename night = {ZW}", b, "direction name is empty"),
        Case("/rename night = " + "d" * 61, b, "at most 60 are allowed"),
        Case("/rename night = x\x00", b, "control character U+0000"),
        Case("/rename nope = x", n, 'no direction "nope"'),
        Case("/rename main = x", b, "main line cannot be renamed"),
        Case("/rename night", b, "usage: /rename"),
        Case("/direction nope", n, 'no direction "nope"'),
        Case("/direction \x00", b, "NUL"),
        Case("/direction", b, "name the name"),
        Case(f"/ref add {ZW}", b, "ref name is empty", file=png((8, 8))),
        Case("/ref add hero", b, 'already has a ref "hero"', file=png((8, 8))),
        Case("/ref add x\x00", b, "control character U+0000", file=png((8, 8))),
        Case("/ref add villain", b, "attach an image"),
        Case("/ref add villain", b, "not an image", file=b"GIF89a but not really"),
        Case("/ref remove nope", n, 'no ref "nope"'),
        Case("/ref remove \x00", b, "NUL"),
        Case("/ref remove", b, "name the ref"),
        Case("/ref frobnicate", b, 'unknown /ref action "frobnicate"'),
    ]


def _uploads() -> list[Case]:
    b = BadInput
    truncated = png((64, 64), "green")[:-30]
    return [
        Case("/upload", b, "attach an image"),
        Case("/upload", b, "the file is empty", file=b""),
        Case("/upload", b, "not an image", file=b"hello, this is text"),
        Case("/upload", b, "not an image", file=b"\x00" * 64),
        Case("/upload", b, "truncated or corrupt", file=truncated),
        Case("/upload", b, "BMP images are not accepted", file=_image("BMP")),
        Case("/upload", b, "TIFF images are not accepted", file=_image("TIFF")),
        Case("/upload", b, "decompression bomb", file=_bomb()),
        Case("/upload", b, "the file is 26 MB", file=b"\x89PNG" + b"\x00" * (26 * 1024 * 1024)),
    ]


def _chat_and_commands() -> list[Case]:
    b, n = BadInput, NotFound
    return [
        Case("\x00", b, "NUL"),
        Case("hello\x00world", b, "NUL"),
        Case("   ", b, "the message is empty"),
        Case(ZW, b, "the message is empty"),
        Case("/", b, "command"),
        Case("/ a fox", b, "unknown command /"),
        Case("x" * 2001, b, "at most 2000"),
        Case("/frobnicate", b, "unknown command /frobnicate"),
        Case("/ＩＭＡＧＩＮＥ a fox", b, "unknown command"),
        Case("/\x00", b, "unknown command"),
        Case("/imagine\x00 a fox", b, "unknown command"),
        Case("/project frob", b, 'unknown /project action "frob"'),
        Case("/project", b, 'unknown /project action ""'),
        Case("/project role", b, "usage: /project role"),
        Case("/project role Vic god", b, 'unknown role "god"'),
        Case("/project role nobody editor", n, 'no member "nobody"'),
        Case("/project role Ann viewer", b, "at least one owner"),
        Case("/project showcase sometimes", b, "usage: /project showcase"),
        Case("/models frob", b, 'unknown /models action "frob"'),
        Case("/search a", b, "at least 2 characters"),
        Case("/search \x00\x00", b, "NUL"),
        Case(f"/open {FOREIGN_VERSION}", n, f'no card "{FOREIGN_VERSION}"'),
        Case(f"/press approve {FOREIGN_VERSION}", n, f"no version with id {FOREIGN_VERSION}"),
        Case(f"/press restore {FOREIGN_VERSION}", n, "no version with id"),
        Case(f"/press fork {FOREIGN_VERSION} x", n, "no version with id"),
        Case(f"/press saveref {FOREIGN_VERSION} x", n, "no version with id"),
        Case(f"/press new {FOREIGN_VERSION}", n, "no version with id"),
        Case(f"/press prompt {FOREIGN_VERSION}", n, "no version with id"),
        Case("/project use Other", n, 'no project "Other"'),
    ]


def _viewer() -> list[Case]:
    f = Forbidden
    editor, owner = "at least editor", "at least owner"
    return [
        Case("/imagine a fox", f, editor, actor="vic"),
        Case("/card new a fox", f, editor, actor="vic"),
        Case("/approve", f, editor, actor="vic"),
        Case("/approve v1", f, editor, actor="vic"),
        Case("/favorite", f, editor, actor="vic"),
        Case("/prompt a new draft", f, editor, actor="vic"),
        Case("/save", f, editor, actor="vic"),
        Case("/new", f, editor, actor="vic"),
        Case("/restore 1", f, editor, actor="vic"),
        Case("/press approve 2", f, editor, actor="vic"),
        Case("/press restore 2", f, editor, actor="vic"),
        Case("/ref remove hero", f, editor, actor="vic"),
        Case("/ref add x", f, editor, file=png((8, 8)), actor="vic"),
        Case("/fork sideways", f, editor, actor="vic"),
        Case("/saveref mine", f, editor, actor="vic"),
        Case("/upload", f, editor, file=png((8, 8)), actor="vic"),
        Case("a nicer sky please", f, editor, actor="vic"),
        Case("/cancel", f, editor, actor="vic"),
        Case("/project role Ann viewer", f, owner, actor="vic"),
        Case("/project showcase here", f, owner, actor="vic"),
        Case("/project use Mine", f, 'works in project "Demo"; only its owners', actor="vic"),
        Case("/project new Takeover", f, 'works in project "Demo"; only its owners', actor="vic"),
    ]


CASES = _numbers() + _prompts() + _names() + _uploads() + _chat_and_commands() + _viewer()
