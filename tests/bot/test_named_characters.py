"""A prompt that names a character without --with: the reply offers 👤 Use <name> as a registry
button; pressing it puts the character with the card and queues a version whose request
carries the canonical portrait as a ref; viewers may not, and a second press says why not."""

# ruff: noqa: F811 - the fixtures are imported from the library cycle test
from __future__ import annotations

import pytest
from sqlmodel import select

from core.errors import BadInput, Forbidden
from core.models import Character, Version
from tests.bot.test_library_cycle import (  # noqa: F401 - fixtures
    ANN,
    ROOM,
    VIC,
    RecordingProvider,
    provider,
    say,
    studio_runtime,
)
from workers.runtime import Runtime


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # the core tests run both
def test_naming_a_character_offers_a_button_that_adds_the_portrait(
    studio_runtime: Runtime, provider: RecordingProvider
) -> None:
    rt = studio_runtime
    say(rt, "/project new Harbour Tales")
    say(rt, "/character new Mara: harbour pilot, red scarf")
    say(rt, "/character portrait Mara")
    with rt.db.session() as session:
        mara = session.exec(select(Character)).one()
        portrait = session.exec(select(Version).where(Version.card_id == mara.card_id)).one()
    say(rt, "/character use Mara v1")
    made = say(rt, "/imagine mara waits on the pier at dawn")
    assert "💡 the prompt names Mara: press 👤 Use Mara" in made.text
    assert made.card is not None
    card_id = made.card.card_id
    assert [(b.action, b.label, b.target) for b in made.buttons] == [
        ("withnamed", "👤 Use Mara", card_id)
    ]
    assert provider.requests[-1].refs == []  # nothing was sent before the confirmation

    say(rt, "/cards", actor=VIC)
    say(rt, "/project role Vic viewer")
    with pytest.raises(Forbidden, match="at least editor"):
        rt.studio.press(VIC, ROOM, "withnamed", card_id)
    pressed = rt.studio.press(ANN, ROOM, "withnamed", card_id)
    assert rt.wait_idle(platforms=["console"], timeout=60)
    assert "👤 Mara now with card" in pressed.text and "queued v2" in pressed.text
    assert "context: Mara (image, description)" in pressed.text
    assert pressed.buttons == []  # nobody named is left out now
    request = provider.requests[-1]
    assert [r.name for r in request.refs] == ["Mara"]
    assert portrait.image_sha and request.refs[0].data == rt.storage.read(portrait.image_sha)
    with pytest.raises(BadInput, match="names no character that is not already with it"):
        rt.studio.press(ANN, ROOM, "withnamed", card_id)
