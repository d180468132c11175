"""Every registered action, pressed by each role and on a foreign target: core refuses by name."""

from __future__ import annotations

import pytest
from sqlmodel import select

from bot.router import CommandRouter
from core.access import Role
from core.action_table import default_actions
from core.actions import Scope
from core.errors import Forbidden, LightboxError, NotFound
from core.identity import Actor, Place
from core.models import GallerySheet
from workers.runtime import Runtime

ANN = Actor("console", "ann", "Ann")
VIC = Actor("console", "vic", "Vic")
ZOE = Actor("console", "zoe", "Zoe")
ROOM = Place("console", "room")
ELSEWHERE = Place("console", "elsewhere")
ANSWERS = {
    "name": "night",
    "prompt": "a quiet harbour",
    "kind": "object",
    "seed": "random",
    "edit": "info",
    "notes": "B2 the hand",
}


def _sheet(runtime: Runtime, router: CommandRouter, actor: Actor, place: Place) -> int:
    """A gallery shown to `actor` and kept: the id its ⏪ older would carry."""
    router.handle(actor, place, "/gallery")
    with runtime.db.session() as session:
        return max(s.id or 0 for s in session.exec(select(GallerySheet)))


def test_every_action_is_authorized_in_core(runtime: Runtime) -> None:
    router = CommandRouter(runtime.studio)
    router.handle(ZOE, ELSEWHERE, "/project new Other")
    foreign = router.handle(ZOE, ELSEWHERE, "/imagine a foreign lighthouse")
    router.handle(ANN, ROOM, "/project new Demo")
    mine = router.handle(ANN, ROOM, "/imagine a harbour at dawn")
    assert runtime.wait_idle(platforms=["console"], timeout=60)
    assert foreign.card is not None and mine.card is not None
    router.handle(VIC, ROOM, "/cards")
    router.handle(ANN, ROOM, "/project role Vic viewer")
    ids = {
        Scope.card: (mine.card.card_id, foreign.card.card_id),
        Scope.suggestion: (mine.card.card_id, foreign.card.card_id),
        Scope.version: (
            router.handle(ANN, ROOM, "/version 1").versions[0].version_id,
            router.handle(ZOE, ELSEWHERE, "/version 1").versions[0].version_id,
        ),
        Scope.project: (2, 1),  # Demo, and Zoe's Other (created first)
        Scope.gallery: (
            _sheet(runtime, router, ANN, ROOM),
            _sheet(runtime, router, ZOE, ELSEWHERE),
        ),
    }
    specs = list(default_actions().specs.values())
    assert len(specs) >= 15
    for spec in specs:
        own, other = ids[spec.scope]
        # A target from another project is unknown here, even to the owner; a viewer may be
        # refused for the role first.
        with pytest.raises(NotFound):
            runtime.studio.press(ANN, ROOM, spec.id, other, ANSWERS)
        with pytest.raises((NotFound, Forbidden)):
            runtime.studio.press(VIC, ROOM, spec.id, other, ANSWERS)
        if spec.role > Role.viewer:
            with pytest.raises(Forbidden, match=f"at least {spec.role.name}"):
                runtime.studio.press(VIC, ROOM, spec.id, own, ANSWERS)
        else:
            try:
                runtime.studio.press(VIC, ROOM, spec.id, own, ANSWERS)
            except Forbidden as refused:  # pragma: no cover - a viewer action must be allowed
                raise AssertionError(f"{spec.id} refused a viewer: {refused}") from None
            except LightboxError:
                pass  # e.g. ◀ on v1: refused for what it asks, not for who asks
