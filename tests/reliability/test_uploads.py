"""Uploads of ordinary photos on both databases, restoring them, and files of failed uploads."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from bot.router import CommandRouter
from core.errors import BadInput
from core.identity import Actor, Place
from core.models import Card, Version
from core.versions import upload_ratio
from tests.reliability.studio_state import Bench, files, jpeg, make_bench, png, rows

ANN = Actor("console", "ann", "Ann")
ROOM = Place("console", "room")


@pytest.fixture
def bench(db_url: str, tmp_path: Path) -> Bench:
    return make_bench(db_url, tmp_path / "images")


@pytest.fixture
def router(bench: Bench) -> CommandRouter:
    router = CommandRouter(bench.studio)
    router.handle(ANN, ROOM, "/project new Demo")
    router.handle(ANN, ROOM, "/card new a harbour at dawn --ar 3:2 --seed 9")
    return router


@pytest.mark.parametrize(
    ("size", "ratio"),
    [((1920, 1080), "16:9"), ((1024, 1024), "1:1"), ((1080, 1920), "9:16"), ((1921, 1080), None)],
)
def test_a_full_size_photo_uploads_with_its_real_size(
    router: CommandRouter, bench: Bench, size: tuple[int, int], ratio: str | None
) -> None:
    out = router.handle(ANN, ROOM, "/upload", jpeg(size))
    assert out.text == "📤 uploaded as v1"
    with bench.db.session() as session:
        (version,) = session.exec(select(Version)).all()
    assert (version.width, version.height) == size
    assert version.aspect_ratio == (ratio or f"{size[0]}:{size[1]}")


def test_the_longest_possible_upload_ratio_fits_its_column() -> None:
    from core.images import DEFAULT_LIMITS

    width = DEFAULT_LIMITS.max_pixels  # one row of pixels: the longest ratio text there is
    assert (
        len(upload_ratio(width, 1)) <= Version.model_fields["aspect_ratio"].metadata[0].max_length
    )
    assert upload_ratio(3840, 2160) == "16:9" and upload_ratio(1000, 333) == "1000:333"


def test_restoring_an_upload_keeps_the_drafts_model_and_new_version_works(
    router: CommandRouter, bench: Bench
) -> None:
    router.handle(ANN, ROOM, "/upload", png((1000, 333)))
    out = router.handle(ANN, ROOM, "/restore 1")
    assert "restored" in out.text
    with bench.db.session() as session:
        (card,) = session.exec(select(Card)).all()
    assert (card.model, card.aspect_ratio, card.seed) == ("local", "3:2", 9)
    queued = router.handle(ANN, ROOM, "/new")
    assert queued.text.startswith("queued v2") and len(bench.queue.generations) == 1


def test_a_failed_upload_leaves_no_file(router: CommandRouter, bench: Bench) -> None:
    before_rows, before_files = rows(bench.db), files(bench.storage_dir)
    storage = bench.studio.storage
    with pytest.raises(BadInput, match="NUL"), bench.db.session() as session:
        stored = storage.put_image(png((32, 32), "teal"))
        assert storage.exists(stored.sha256)
        card = session.exec(select(Card)).one()
        card.title = "broken\x00title"  # the transaction fails after the file was written
        session.add(card)
        session.flush()
    assert not storage.exists(stored.sha256)
    assert (rows(bench.db), files(bench.storage_dir)) == (before_rows, before_files)


def test_a_rolled_back_upload_keeps_a_file_another_upload_uses(
    router: CommandRouter, bench: Bench
) -> None:
    storage, image = bench.studio.storage, png((40, 40), "olive")
    with pytest.raises(RuntimeError), bench.db.session():
        stored = storage.put_image(image)
        router.handle(ANN, ROOM, "/upload", image)  # a second transaction relies on it
        raise RuntimeError("the first transaction fails")
    assert storage.exists(stored.sha256)
