"""Contact sheets: tiles in order, marks drawn, paging with "older", platform limits, cache."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from PIL import Image
from sqlmodel import select

from bot.router import CommandRouter
from core.contact_sheet import MARK_COLOURS, Tile, draw_sheet, layout_for
from core.errors import BadInput
from core.identity import Actor, Place
from core.models import Card, Project, User, Version
from core.models.base import row_id
from core.sheet_limits import ANY_CHAT, DISCORD, TELEGRAM, SheetLimits
from core.storage import LocalStorage
from workers.runtime import Runtime

ANN = Actor("console", "ann", "Ann")
HERE = Place("console", "room")
COLOURS = [(220, 30, 30), (30, 200, 30), (30, 30, 220), (230, 230, 30), (200, 30, 200)]


def photo(colour: tuple[int, int, int], size: tuple[int, int] = (1920, 1080)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


def noisy(seed: int, size: tuple[int, int] = (480, 270)) -> bytes:
    """A photo-like image that compresses badly (the worst case for a sheet's bytes)."""
    rng = random.Random(seed)
    image = Image.effect_noise(size, 64).convert("RGB")
    tint = Image.new("RGB", size, (rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    buffer = io.BytesIO()
    Image.blend(image, tint, 0.5).save(buffer, format="JPEG", quality=92)
    return buffer.getvalue()


def close(pixel: tuple[int, ...], colour: tuple[int, int, int], slack: int = 40) -> bool:
    return all(abs(a - b) <= slack for a, b in zip(pixel[:3], colour, strict=True))


@pytest.fixture
def storage(tmp_path: Path) -> LocalStorage:
    return LocalStorage(tmp_path / "images")


def test_tiles_are_drawn_in_order_with_numbers_and_marks(storage: LocalStorage) -> None:
    keys = [storage.put_image(photo(c)).sha256 for c in COLOURS]
    marks = [("approved",), (), ("favorite",), ("approved", "favorite"), ("rejected",)]
    tiles = [
        Tile(k, f"#{n} v1", number=n, marks=m)
        for n, (k, m) in enumerate(zip(keys, marks, strict=True), 1)
    ]
    drawn = draw_sheet(storage, tiles)
    assert drawn is not None
    grid = layout_for(len(tiles))
    with Image.open(io.BytesIO(storage.read(drawn.key))) as sheet:
        assert sheet.size == (grid.width, grid.height) == (drawn.width, drawn.height)
        for index, colour in enumerate(COLOURS):
            x, y = grid.origin(index)
            # the bottom middle of the thumbnail: away from the number and the badges
            assert close(sheet.getpixel((x + grid.tile // 2, y + grid.tile * 3 // 5)), colour)
        for index, shown in enumerate(marks):
            for mark in ("approved", "favorite", "rejected"):
                cx, cy = grid.mark_centre(index, mark)
                probe = sheet.getpixel((cx, cy - 12) if mark != "favorite" else (cx, cy))
                assert close(probe, MARK_COLOURS[mark]) == (mark in shown), (index, mark)
        # the number badge: a black box in the top-left corner of every tile
        assert close(sheet.getpixel(grid.origin(0)), (0, 0, 0), slack=20)


def test_a_hundred_noisy_photos_fit_every_platform(storage: LocalStorage) -> None:
    keys = [storage.put_image(noisy(n)).sha256 for n in range(20)]  # 20 photos, 5 times over
    tiles = [Tile(keys[n % 20], f"#{n} v1", number=n + 1) for n in range(100)]
    drawn = draw_sheet(storage, tiles, ANY_CHAT)  # one sheet for console, Discord and Telegram
    assert drawn is not None
    with Image.open(io.BytesIO(storage.read(drawn.key))) as sheet:
        assert sheet.size == (drawn.width, drawn.height)
    for limits in (TELEGRAM, DISCORD):
        assert limits.allows(drawn.width, drawn.height, drawn.size_bytes), (limits, drawn)
    assert drawn.width + drawn.height <= 10_000 and drawn.size_bytes <= 10_000_000
    tight = SheetLimits("tight", max_bytes=300_000, max_side_sum=2400, max_ratio=20)
    small = draw_sheet(storage, tiles, tight)
    assert small is not None and tight.allows(small.width, small.height, small.size_bytes)


def hundred_versions(runtime: Runtime) -> list[int]:
    """100 finished versions on 25 cards: rows with small stored images, no provider runs."""
    router = CommandRouter(runtime.studio)
    router.handle(ANN, HERE, "/project new Sheets")
    storage = runtime.storage
    shas = [storage.put_image(photo(COLOURS[n], (320, 180))).sha256 for n in range(5)]
    ids = []
    with runtime.db.session() as session:
        project = session.exec(select(Project)).one()
        user = session.exec(select(User)).one()
        for c in range(25):
            card = Card(
                project_id=row_id(project),
                title=f"shot {c}",
                prompt=f"shot {c}",
                model="local",
                author_id=row_id(user),
            )
            session.add(card)
            session.flush()
            for n in range(1, 5):
                version = Version(
                    card_id=row_id(card),
                    number=n,
                    prompt=card.prompt,
                    model="local",
                    resolution="1K",
                    aspect_ratio="16:9",
                    width=320,
                    height=180,
                    seed=n,
                    status="done",
                    image_sha=shas[(c + n) % 5],
                    created_by=row_id(user),
                )
                session.add(version)
                session.flush()
                ids.append(row_id(version))
    return ids


def test_gallery_pages_newest_first_with_older_and_numbers_that_open(runtime: Runtime) -> None:
    ids = hundred_versions(runtime)
    router = CommandRouter(runtime.studio)
    studio = runtime.studio
    first = router.handle(ANN, HERE, "/feed gallery")
    tiles = [b for b in first.buttons if b.action == "tile"]
    assert [b.label for b in tiles] == [str(n) for n in range(1, 21)]
    assert [b.target for b in tiles] == sorted(ids, reverse=True)[:20]
    assert first.items[0] == "1. #25 v4" and "older" in first.text
    [older] = [b for b in first.buttons if b.action == "older"]
    assert [b.action for b in first.buttons][-2:] == ["older", "cardsview"]
    assert len(first.buttons) <= 25  # Discord: 5 rows of 5
    [sheet] = first.pictures
    with Image.open(io.BytesIO(studio.read_image(sheet.key))) as image:
        assert image.size == (layout_for(20).width, layout_for(20).height)
    seen = [b.target for b in tiles]
    press = older
    for _page in range(4):
        page = studio.press(ANN, HERE, press.action, press.target)
        seen += [b.target for b in page.buttons if b.action == "tile"]
        following = [b for b in page.buttons if b.action == "older"]
        if not following:
            break
        press = following[0]
    assert seen == sorted(ids, reverse=True)  # every version once, newest first
    with pytest.raises(BadInput, match="nothing older"):
        router.handle(ANN, HERE, "/gallery older")
    opened = router.handle(ANN, HERE, "/gallery 3")  # tile 3 of the last page shown
    assert opened.versions[0].version_id == seen[82]
    assert opened.card is not None and opened.card.viewed_version_id == seen[82]
    with pytest.raises(BadInput, match="from 1 to 20"):
        router.handle(ANN, HERE, "/gallery 21")


def test_a_sheet_is_drawn_once_per_content(runtime: Runtime) -> None:
    hundred_versions(runtime)
    router = CommandRouter(runtime.studio)
    studio = runtime.studio
    before = studio.sheets.drawn
    one = router.handle(ANN, HERE, "/feed gallery approved").pictures
    assert one == []  # nothing approved yet: no sheet
    first = router.handle(ANN, HERE, "/gallery").pictures[0].key
    again = router.handle(ANN, HERE, "/feed gallery all").pictures[0].key
    assert first == again and studio.sheets.drawn == before + 1
    router.handle(ANN, HERE, "/gallery 1")
    router.handle(ANN, HERE, "/approve")  # a mark changes: the content, so a new sheet
    marked = router.handle(ANN, HERE, "/gallery").pictures[0].key
    assert marked != first and studio.sheets.drawn == before + 2
    approved = router.handle(ANN, HERE, "/feed gallery approved")
    assert approved.items == ["1. #25 v4 ✅"]
