"""Files a killed process stored without its row are collected; used and young files stay."""

from __future__ import annotations

import os
import time
from pathlib import Path

from core.identity import Actor, Place
from core.prompt_params import PromptParams
from tests.reliability.studio_state import RecordingQueue, make_bench, png
from workers.sweep import Sweeper

ANN = Actor("console", "ann", "Ann")
ROOM = Place("console", "room")


def test_the_sweep_removes_only_old_unreferenced_files(db_url: str, tmp_path: Path) -> None:
    bench = make_bench(db_url, tmp_path / "images")
    storage = bench.studio.storage
    bench.studio.new_project(ANN, ROOM, "Demo")
    bench.studio.new_card(ANN, ROOM, PromptParams("a harbour"))
    bench.studio.upload(ANN, ROOM, png((20, 20), "blue"))
    bench.studio.add_ref(ANN, ROOM, "hero", png((21, 21), "red"))
    killed = storage.put_image(png((22, 22), "green"))  # its process died before the commit
    young = storage.put_image(png((23, 23), "white"))  # its transaction may still be open
    hour_ago = time.time() - 3700
    for path in (tmp_path / "images").glob("??/*"):
        if young.sha256 not in path.name:
            os.utime(path, (hour_ago, hour_ago))
    storage.thumbnail_path(killed.sha256, 64)

    sweeper = Sweeper(bench.db, RecordingQueue(), storage=storage, orphan_age=3600)
    assert sweeper.sweep().files == [killed.sha256]
    assert not storage.exists(killed.sha256)
    assert not list((tmp_path / "images" / "thumbs").rglob(f"{killed.sha256}*"))
    assert storage.exists(young.sha256)
    assert len(list((tmp_path / "images").glob("??/*"))) == 3  # upload, ref, young
    assert sweeper.sweep().files == []  # at most once per orphan_age
    bench.db.dispose()
