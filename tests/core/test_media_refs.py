"""📌 Save as Ref and ↗ Fork on media versions: a video saves its poster frame (and says so);
music, voice and 3D are refused naming the image they came from; the buttons are hidden where
refused and nothing changes."""

from __future__ import annotations

import pytest

from bot.router import CommandRouter
from core.errors import BadInput
from tests.conftest import RecordingSink
from tests.core.test_media_versions import counts, say, version
from workers.runtime import Runtime


def labels(sink: RecordingSink, version_id: int | None) -> set[str]:
    [view] = [v for v, _, _ in sink.posts if v.version_id == version_id][-1:]
    return {a.label for a in view.actions}


def test_refs_and_forks_of_media_versions(runtime: Runtime, sink: RecordingSink) -> None:
    router = CommandRouter(runtime.studio)
    say(router, "/project new Demo")
    say(router, "/imagine a lighthouse --ar 16:9", wait=runtime)
    say(router, "/animate v1", wait=runtime)
    say(router, "/3d v1", wait=runtime)
    say(router, "/music calm piano, rain --duration 5", wait=runtime)
    image, clip, model = (version(runtime, 1, n) for n in (1, 2, 3))
    music = version(runtime, 2, 1)
    assert {"📌 Save as Ref", "↗ Fork"} <= labels(sink, image.id)
    assert "📌 Save as Ref" in labels(sink, clip.id) and "↗ Fork" not in labels(sink, clip.id)
    for hidden in (model, music):
        assert not {"📌 Save as Ref", "↗ Fork"} & labels(sink, hidden.id)

    before = counts(runtime)
    refused = [
        (f"/saveref {music.id} Rain", "v1 is music; refs are images — New Version makes another"),
        (f"/saveref {model.id} Tower", "v3 is a 3D model; refs are images — save the image it "
         "came from (v1)"),
        (f"/fork {clip.id} Drift", "v2 is a video; ↗ Fork starts a direction from an image — "
         "fork the image it came from (v1)"),
        (f"/fork {music.id} Slow", "v1 is music; ↗ Fork starts a direction from an image"),
    ]  # fmt: skip
    for command, words in refused:
        verb, target, name = command.split()
        with pytest.raises(BadInput) as error:
            say(router, f"/press {verb[1:]} {target} {name}")
        assert words in str(error.value), command
    assert counts(runtime) == before
    assert say(router, "/refs").items == []

    saved = say(router, f"/press saveref {clip.id} Beam")
    assert saved.text.startswith("📌 v2 saved as object ref “Beam”")
    assert "the video's poster frame is the ref (refs are images)" in saved.text
    [listed] = say(router, "/refs").items
    assert "Beam" in listed
