"""The command path a user takes: text in → Studio → outcome and deliveries out."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from bot.router import CommandRouter
from core.errors import BadInput, Forbidden, LightboxError, NotFound
from core.identity import Actor, Place
from tests.conftest import RecordingSink
from workers.runtime import Runtime

ALICE = Actor("console", "alice", "Alice")
BOB = Actor("console", "bob", "Bob")
HERE = Place("console", "room")


def say(router: CommandRouter, text: str, actor: Actor = ALICE, wait: Runtime | None = None):
    outcome = router.handle(actor, HERE, text)
    if wait is not None:
        assert wait.wait_idle(platforms=["console"], timeout=60)
    return outcome


def test_imagine_generates_count_versions_with_requested_size(
    runtime: Runtime, sink: RecordingSink
) -> None:
    router = CommandRouter(runtime.studio)
    say(router, "/project new Demo")
    outcome = say(
        router, "/imagine a red fox in snow --ar 16:9 --res 2K --n 3 --seed 7", wait=runtime
    )
    assert "queued v1–v3" in outcome.text
    assert len(sink.posts) == 3
    for view, target, _ in sink.posts:
        assert target == "room"
        assert view.status == "done"
        assert view.image_sha is not None
        with Image.open(io.BytesIO(runtime.storage.read(view.image_sha))) as img:
            assert img.size == (2048, 1152)
    assert sorted(v.caption.split(" · ")[0] for v, _, _ in sink.posts) == [
        "v1 of 3",
        "v2 of 3",
        "v3 of 3",
    ]


def test_approve_acts_on_viewed_version_not_latest(runtime: Runtime) -> None:
    router = CommandRouter(runtime.studio)
    say(router, "/project new Demo")
    say(router, "/imagine a castle --n 3", wait=runtime)
    say(router, "/version 2")
    outcome = say(router, "/approve")
    assert outcome.text.startswith("v2 ✅ approved")
    feed = say(router, "/feed approved")
    assert [item.split()[2] for item in feed.items] == ["v2"]


def test_viewer_cannot_generate_or_review_and_nothing_changes(runtime: Runtime) -> None:
    router = CommandRouter(runtime.studio)
    say(router, "/project new Demo")
    say(router, "/imagine a castle", wait=runtime)
    say(router, "/project members", actor=BOB)  # joins as editor by default
    say(router, "/project role Bob viewer")
    with pytest.raises(Forbidden, match="viewer"):
        say(router, "/open 1", actor=BOB) and say(router, "/approve", actor=BOB)
    with pytest.raises(Forbidden):
        say(router, "/imagine another castle", actor=BOB)
    assert say(router, "/feed approved").items == []
    assert len(say(router, "/cards").items) == 1


@pytest.mark.parametrize(
    ("command", "error", "words"),
    [
        ("/imagine a fox --ar 0:1", BadInput, "--ar"),
        ("/imagine a fox --ar 1:100", BadInput, "1:4"),
        ("/imagine a fox --ar ab", BadInput, "W:H"),
        ("/imagine a fox --n 9", BadInput, "1 to 5"),
        ("/imagine a fox --n 0", BadInput, "1 to 5"),
        ("/imagine a fox --seed -3", BadInput, "--seed"),
        ("/imagine a fox --res 8K", BadInput, "1K, 2K, 4K"),
        ("/imagine a fox --model dalle", BadInput, "available: local"),
        ("/imagine a fox --foo 1", BadInput, "allowed flags"),
        ("/imagine --ar 16:9", BadInput, "prompt is empty"),
        ("/imagine " + "x" * 4001, BadInput, "4000"),
        ("/open 999", NotFound, "/cards"),
        ("/version 42", NotFound, "versions 1 to"),
        ("/version abc", BadInput, "version number"),
        ("/press approve 999", NotFound, "no version"),
        ("/press explode 1", BadInput, "buttons"),
        ("/press approve", BadInput, "usage"),
        ("/search a", BadInput, "at least 2"),
        ("/feed approved x", BadInput, "at least 2"),
        ("/direction nowhere", NotFound, "directions: main"),
        ("/fork ", BadInput, "name is empty"),
        ("/ref remove ghost", NotFound, "no ref"),
        ("/ref reorder ghost 1", NotFound, "no ref"),
        ("/upload", BadInput, "attach an image"),
        ("/project role Alice emperor", BadInput, "owner, editor, viewer"),
        ("/project role Alice viewer", BadInput, "at least one owner"),
        ("/frobnicate", BadInput, "/help"),
        ("/restore 9", NotFound, "no version 9"),
        ("/press approve 99999999999999999999", BadInput, "whole number from 1"),
        ("/open 99999999999999999999", BadInput, "card number"),
        ("/version 99999999999", BadInput, "version number"),
        ("/project use 99999999999", BadInput, "project number"),
    ],
)
def test_bad_input_is_refused_clearly_and_changes_nothing(
    runtime: Runtime, command: str, error: type[LightboxError], words: str
) -> None:
    router = CommandRouter(runtime.studio)
    say(router, "/project new Demo")
    say(router, "/imagine a fox --seed 1", wait=runtime)
    before = snapshot(router)
    with pytest.raises(error, match=_escape(words)):
        say(router, command)
    assert snapshot(router) == before


def snapshot(router: CommandRouter) -> tuple:
    return (
        say(router, "/cards").items,
        say(router, "/feed all").items,
        say(router, "/refs").items,
        say(router, "/project members").items,
        say(router, "/show").text,
    )


def _escape(words: str) -> str:
    import re

    return re.escape(words)
