"""New Version of a video, music or voice card keeps the last version's length and voice;
`/new --duration N` / `--voice id` change them with /video, /music and /voice's checks."""

from __future__ import annotations

import pytest

from bot.router import CommandRouter
from core.errors import BadInput
from tests.core.test_media_versions import counts, say, version
from workers.runtime import Runtime


def test_new_version_keeps_length_and_voice_unless_asked(runtime: Runtime) -> None:
    router = CommandRouter(runtime.studio)
    say(router, "/project new Demo")
    say(router, "/music calm piano, rain --duration 10")
    say(router, "/new")
    assert version(runtime, 1, 2).op_params["duration"] == "10"  # not the profile's first (5)
    assert version(runtime, 1, 2).duration_seconds == 10.0
    say(router, "/new --duration 5s")
    assert version(runtime, 1, 3).op_params["duration"] == "5"
    say(router, "/new")
    assert version(runtime, 1, 4).op_params["duration"] == "5"

    spoken = say(router, "/voice Hello there, harbour pilot --voice deep")
    first = version(runtime, 2, 1)
    assert "voice deep" in spoken.text
    say(router, f"/press new {first.id}")  # the New Version button on v1
    assert version(runtime, 2, 2).op_params["voice"] == "deep"
    say(router, "/new --voice Bright")
    assert version(runtime, 2, 3).op_params["voice"] == "bright"
    say(router, "/new")
    assert version(runtime, 2, 4).op_params["voice"] == "bright"

    say(router, "/imagine a lighthouse")
    before = counts(runtime)
    refused = [
        ("/open 1", None),
        ("/new --duration 7", "makes clips of 5, 10, 30 seconds, not 7"),
        ("/new --duration soon", '"soon" is not a duration'),
        ("/new --voice deep", "local music preview has no voice choice; leave --voice out"),
        ("/open 2", None),
        ("/new --voice robot", 'unknown voice "robot" for local voice preview; voices: narrator'),
        ("/new --duration 5", "local voice preview has no duration choice"),
        ("/prompt Hello again --voice deep", "--voice goes with a new version, not the draft"),
        ("/open 3", None),
        ("/new --duration 5", "--duration is for video and music cards; card #3 makes images"),
        ("/new --voice deep", "--voice is for voice cards; card #3 makes images"),
    ]
    for command, words in refused:
        if words is None:
            say(router, command)
            continue
        with pytest.raises(BadInput) as error:
            say(router, command)
        assert words in str(error.value), command
    assert counts(runtime) == before
    assert say(router, "/open 2").card.prompt == "Hello there, harbour pilot"
    assert runtime.wait_idle(platforms=["console"], timeout=60)


def test_a_voice_cards_draft_takes_a_line_as_long_as_voice_does(runtime: Runtime) -> None:
    router = CommandRouter(runtime.studio)
    say(router, "/project new Demo")
    say(router, "/imagine a lighthouse")
    say(router, "/voice Hello there")
    line = ("Keep the lamp lit " * 240)[:4095] + "!"
    assert say(router, f"/prompt {line}").card.prompt == line
    before = counts(runtime)
    with pytest.raises(BadInput, match="the prompt is 4097 characters long; the limit is 4096"):
        say(router, f"/prompt {line}x")
    say(router, "/open 1")
    with pytest.raises(BadInput, match="the prompt is 4001 characters long; the limit is 4000"):
        say(router, f"/prompt {'a' * 4001}")
    with pytest.raises(BadInput, match="the prompt is 4097 characters long; the limit is 4096"):
        say(router, f"/prompt {'a' * 4097}")  # the longest any draft may be, before the card
    assert counts(runtime) == before
    assert say(router, "/open 2").card.prompt == line
    assert runtime.wait_idle(platforms=["console"], timeout=60)
