"""`lightbox console` end to end: a script on stdin, the real process, the database it leaves."""

from __future__ import annotations

import hashlib
import io
import os
import re
import struct
import subprocess
import sys
import zlib
from pathlib import Path

from PIL import Image
from sqlmodel import Session, col, select

from core.db import Database
from core.models import Card, CardMessage, Direction, PromptRevision, Ref, Version

REPO = Path(__file__).resolve().parents[2]
SIZE = re.compile(r"(\d+)×(\d+)")
NUMBER = re.compile(r"· v(\d+) of (\d+) ·")


def console(
    script: str, db_url: str, data_dir: Path, extra_env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python -m bot console --user ann` on `script` in script mode (stdin is a pipe)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LIGHTBOX_")}
    env.update(
        LIGHTBOX_DATABASE_URL=db_url,
        LIGHTBOX_DATA_DIR=str(data_dir),
        PYTHONPATH=str(REPO),
        PYTHONIOENCODING="utf-8",
        **(extra_env or {}),
    )
    return subprocess.run(
        [sys.executable, "-m", "bot", "console", "--user", "ann"],
        input=script,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=data_dir,
        timeout=120,
    )


def printed_images(out: str) -> list[tuple[int, tuple[int, int], Path]]:
    """(version number, size in the caption, file) for every `image: <path>` line printed."""
    lines = out.splitlines()
    found = []
    for index, line in enumerate(lines):
        if not line.strip().startswith("image: "):
            continue
        caption = lines[index - 1]
        number = NUMBER.search(caption)
        sizes = SIZE.findall(caption)
        assert number and sizes, f"no version caption above {line!r}: {caption!r}"
        width, height = sizes[-1]
        path = Path(line.strip().removeprefix("image: "))
        found.append((int(number.group(1)), (int(width), int(height)), path))
    return found


def section(out: str, title: str) -> list[str]:
    """The indented item lines printed right after the line starting with `title`."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(title))
    items = []
    for line in lines[start + 1 :]:
        if not line.startswith("  "):
            break
        items.append(line)
    return items


def stored_files(data_dir: Path) -> set[Path]:
    return {p for p in (data_dir / "images").rglob("*") if p.is_file()}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_png(width: int, height: int) -> bytes:
    """A tiny, well-formed PNG whose header claims `width`×`height` RGB pixels."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + png_chunk(b"IEND", b"")
    )


def test_key_cycle_from_imagine_to_restore(db_url: str, tmp_path: Path) -> None:
    script = "\n".join(
        [
            "/project new Demo",
            "/imagine a red fox in snow --ar 16:9 --res 2K --n 2 --seed 42",
            "/version 1",
            "/approve",
            "/saveref fox",
            "/new",
            "/fork profile",
            "/new --ar 9:16",
            "/prompt a red fox in snow, close-up",
            "/save",
            "closer",
            "/restore 1",
            "/feed approved",
            "/refs",
            "/directions",
        ]
    )
    run = console(script + "\n", db_url, tmp_path)
    out = run.stdout
    assert run.returncode == 0, out + run.stderr
    assert "Traceback" not in run.stderr
    assert "⚠️" not in out

    db = Database.from_url(db_url)
    try:
        with Session(db.engine) as session:
            card = session.exec(select(Card)).one()
            versions = session.exec(select(Version).order_by(col(Version.number))).all()
            refs = session.exec(select(Ref).order_by(col(Ref.id))).all()
            directions = session.exec(select(Direction)).all()
            revisions = session.exec(select(PromptRevision).order_by(col(PromptRevision.id))).all()
            messages = session.exec(select(CardMessage).order_by(col(CardMessage.id))).all()
    finally:
        db.dispose()

    # Two versions per generation: v1–v2 (/imagine), v3–v4 (/new), v5–v6 (/new in "profile").
    assert [v.number for v in versions] == [1, 2, 3, 4, 5, 6]
    assert all(v.status == "done" and v.source == "generated" for v in versions)
    v1 = versions[0]
    expected = {
        v.number: (2048, 1152) if v.number <= 4 else (1152, 2048) for v in versions
    }  # 2K is the longest side: 16:9 → 2048×1152, 9:16 → 1152×2048
    assert {v.number: (v.width, v.height) for v in versions} == expected
    assert [v.aspect_ratio for v in versions] == ["16:9"] * 4 + ["9:16"] * 2
    assert [v.seed for v in versions[:2]] == [42, 43]

    # Every printed image exists, has the size its caption and the request say, and is the
    # content-addressed file of that version.
    shown = printed_images(out)
    by_number = {v.number: v for v in versions}
    assert {number for number, _, _ in shown} == set(by_number)
    for number, caption_size, path in shown:
        assert path.is_file(), path
        assert path.is_relative_to(tmp_path / "images")
        with Image.open(path) as img:
            assert img.size == caption_size == expected[number], (number, path)
        assert sha256(path) == by_number[number].image_sha

    # Approve acted on the viewed v1 only; /saveref made a project ref from v1.
    assert [v.number for v in versions if v.review == "approved"] == [1]
    fox = next(r for r in refs if r.name == "fox")
    assert (fox.card_id, fox.source_version_id, fox.image_sha) == (None, v1.id, v1.image_sha)

    # Versions made after /saveref record the ref; the ones before do not.
    assert versions[0].ref_ids == versions[1].ref_ids == []
    for v in versions[2:]:
        assert fox.id in v.ref_ids, (v.number, v.ref_ids)

    # The fork is a direction from v1 whose image is attached as a ref, used first.
    (profile,) = directions
    assert (profile.name, profile.source_version_id) == ("profile", v1.id)
    fork_ref = next(r for r in refs if r.direction_id == profile.id)
    assert fork_ref.image_sha == v1.image_sha
    for v in versions[4:]:
        assert v.direction_id == profile.id
        assert v.ref_ids == [fork_ref.id, fox.id]
    assert [v.direction_id for v in versions[:4]] == [None] * 4

    # /save saved the edited draft; /restore 1 then copied v1's prompt and settings back.
    assert card.saved_prompt == "a red fox in snow, close-up"
    assert card.prompt == v1.prompt == "a red fox in snow"
    assert (card.aspect_ratio, card.resolution, card.seed) == ("16:9", "2K", 42)
    reasons = [(r.reason, r.prompt) for r in revisions]
    assert ("save", "a red fox in snow, close-up") in reasons
    assert reasons[-1] == ("restore", "a red fox in snow")
    restored = out.split("↩ restored", 1)[1].splitlines()
    header = next(line for line in restored if line.startswith("│ prompt:"))
    assert header == "│ prompt: a red fox in snow"
    assert "16:9" in next(line for line in restored if "×2" in line)

    # Plain text went to the card chat and got an answer.
    assert [(m.role, m.text) for m in messages][0] == ("user", "closer")
    assert any(m.role == "assistant" for m in messages)
    assert "🤖" in out

    feed = section(out, "feed (approved)")
    assert len(feed) == 1 and " v1 " in feed[0]
    assert feed[0].endswith("✅")
    sheet = next(line for line in out.splitlines() if line.startswith("🖼  feed (approved)"))
    assert Path(sheet.rsplit(" ", 1)[1]).is_file()  # the contact sheet, a local file
    refs_shown = section(out, 'refs of "Demo"')
    assert len(refs_shown) == 1 and refs_shown[0].split()[:2] == ["1.", "fox"]
    directions_shown = [line.split() for line in section(out, "directions of card")]
    assert ["main"] in directions_shown and ["▶", "profile"] in directions_shown


def test_upload_and_ref_add_accept_images_and_refuse_bad_files(db_url: str, tmp_path: Path) -> None:
    photo = tmp_path / "my photo.png"
    Image.new("RGB", (320, 200), (200, 40, 40)).save(photo)
    hero = tmp_path / "hero.png"
    Image.new("RGB", (64, 96), (20, 40, 200)).save(hero)

    first = console(
        "\n".join(
            [
                "/project new Demo",
                "/card new a green field",
                f'/upload "{photo}"',
                f"/ref add hero {hero}",
            ]
        )
        + "\n",
        db_url,
        tmp_path,
    )
    assert first.returncode == 0, first.stdout + first.stderr
    assert "📤 uploaded as v1" in first.stdout
    assert "📌 object ref “hero” added (64×96)" in first.stdout
    shown = printed_images(first.stdout)
    assert shown and all(n == 1 and size == (320, 200) for n, size, _ in shown)
    assert shown[0][2].read_bytes() == photo.read_bytes()  # the original, byte for byte

    def counts() -> tuple[list[tuple[int, str, str | None]], list[tuple[str, str]]]:
        db = Database.from_url(db_url)
        try:
            with Session(db.engine) as session:
                versions = session.exec(select(Version).order_by(col(Version.id))).all()
                refs = session.exec(select(Ref).order_by(col(Ref.id))).all()
                return (
                    [(v.number, v.source, v.image_sha) for v in versions],
                    [(r.name, r.image_sha) for r in refs],
                )
        finally:
            db.dispose()

    before = counts()
    assert before == ([(1, "uploaded", sha256(photo))], [("hero", sha256(hero))])
    files_before = stored_files(tmp_path)

    text_file = tmp_path / "notes.png"
    text_file.write_text("these are notes, not a picture\n")
    buf = io.BytesIO()
    Image.effect_noise((256, 256), 60).convert("RGB").save(buf, "JPEG", quality=90)
    truncated = tmp_path / "cut.jpg"
    truncated.write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
    huge = tmp_path / "huge.png"  # far past Pillow's own bomb guard
    huge.write_bytes(bomb_png(100_000, 100_000))
    big = tmp_path / "big.png"  # under Pillow's guard, over Lightbox's 33,554,432-pixel limit
    big.write_bytes(bomb_png(6_000, 6_000))
    assert huge.stat().st_size < 200 and big.stat().st_size < 200
    missing = tmp_path / "gone.png"

    expected = [
        (text_file, ["not an image", "PNG, JPEG, WebP, GIF"]),
        (truncated, ["JPEG", "truncated"]),
        (huge, ["100000×100000", "33,554,432"]),
        (big, ["6000×6000", "33,554,432"]),
        (missing, ["no file at", "gone.png", "PNG, JPEG, WebP or GIF"]),
    ]
    commands = [f"/upload {path}" for path, _ in expected]
    commands += [f"/ref add villain {path}" for path, _ in expected]
    second = console("\n".join(commands) + "\n", db_url, tmp_path)
    assert second.returncode == 1, second.stdout + second.stderr
    assert "Traceback" not in second.stderr
    warnings = [line for line in second.stdout.splitlines() if line.startswith("⚠️")]
    assert len(warnings) == len(commands), second.stdout
    for warning, (_path, words) in zip(warnings, expected * 2, strict=True):
        for word in words:
            assert word in warning, (word, warning)
    # Nothing changed anywhere, and the refs are as they were.
    assert counts() == before
    assert stored_files(tmp_path) == files_before
    third = console("/refs\n", db_url, tmp_path)
    assert section(third.stdout, 'refs of "Demo"')[0].split()[:2] == ["1.", "hero"]


def test_unexpected_error_ends_only_that_command(db_url: str, tmp_path: Path) -> None:
    """An id past the database's integer range must not kill the rest of the script."""
    run = console(
        "/project new Demo\n/card new a blue lake\n/press approve 99999999999999999999\n/cards\n",
        db_url,
        tmp_path,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    warnings = [line for line in run.stdout.splitlines() if line.startswith("⚠️")]
    assert len(warnings) == 1
    assert "99999999999999999999" not in run.stdout.split(warnings[0], 1)[1]
    assert any("a blue lake" in line for line in section(run.stdout, "cards in"))
