"""Every corpus input through the command router on both databases: a clear error, no change."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.router import CommandRouter
from core.errors import LightboxError
from core.identity import Actor, Place
from tests.conftest import wipe
from tests.reliability.corpus_cases import CASES, Case
from tests.reliability.studio_state import Bench, changes, files, make_bench, png, rows

ROOM = Place("console", "room")
ACTORS = {
    "ann": Actor("console", "ann", "Ann"),
    "vic": Actor("console", "vic", "Vic"),
    "zoe": Actor("console", "zoe", "Zoe"),
}


def build(url: str, storage: Path) -> tuple[Bench, CommandRouter]:
    """Other (Zoe's, elsewhere) with v1; Demo in ROOM: Ann owns it, Vic views; card #2 with a
    finished v1, a ref "hero" and a direction "night"."""
    wipe(url)
    bench = make_bench(url, storage)
    router = CommandRouter(bench.studio)
    ann, vic, zoe = ACTORS["ann"], ACTORS["vic"], ACTORS["zoe"]
    elsewhere = Place("console", "elsewhere")
    for actor, place, text, file in [
        (zoe, elsewhere, "/project new Other", None),
        (zoe, elsewhere, "/card new a foreign lighthouse", None),
        (zoe, elsewhere, "/upload", png((30, 30), "gray")),
        (ann, ROOM, "/project new Demo", None),
        (ann, ROOM, "/card new a harbour at dawn --seed 4", None),
        (ann, ROOM, "/upload", png((30, 20), "blue")),
        (ann, ROOM, "/saveref hero", None),
        (ann, ROOM, "/fork night", None),
        (ann, ROOM, "/direction main", None),
        (vic, ROOM, "/cards", None),
        (ann, ROOM, "/project role Vic viewer", None),
        (vic, Place("console", "vics-dm"), "/project new Mine", None),
        (vic, ROOM, "/open 2", None),
    ]:
        router.handle(actor, place, text, file)
    return bench, router


@pytest.fixture(scope="module")
def worlds(migrated: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:  # type: ignore[type-arg]
    """One world per database, built when its first case runs (cases change nothing)."""
    built: dict[str, tuple[Bench, CommandRouter]] = {}

    def world(backend: str) -> tuple[Bench, CommandRouter]:
        if backend not in built:
            for bench, _ in built.values():
                bench.db.dispose()
            built.clear()
            built[backend] = build(migrated[backend], tmp_path_factory.mktemp("corpus"))
        return built[backend]

    yield world  # type: ignore[misc]
    for bench, _ in built.values():
        bench.db.dispose()


PARAMS = [
    pytest.param(
        backend,
        case,
        id=f"{backend}-{index:03d}",
        marks=[pytest.mark.xfail(reason=case.lead, strict=True)] if case.lead else [],
    )
    for backend in ("sqlite", "postgres")
    for index, case in enumerate(CASES)
]


def test_the_corpus_is_large_enough() -> None:
    assert len([c for c in CASES if not c.lead]) >= 150
    assert len({(c.text, c.file, c.actor) for c in CASES}) == len(CASES), "duplicate cases"


@pytest.mark.parametrize(("backend", "case"), PARAMS)
def test_bad_input_is_named_and_changes_nothing(worlds, backend: str, case: Case) -> None:  # type: ignore[no-untyped-def]
    bench, router = worlds(backend)
    before, stored, sent = rows(bench.db), files(bench.storage_dir), list(bench.queue.generations)
    with pytest.raises(LightboxError) as refused:
        router.handle(ACTORS[case.actor], ROOM, case.text, case.file)
    assert type(refused.value) is case.error, refused.value
    assert case.words in str(refused.value), str(refused.value)
    assert changes(before, rows(bench.db)) == {}
    assert (files(bench.storage_dir), bench.queue.generations) == (stored, sent)
