"""Who may do what: every project, card and version use case × role × a foreign project's ids."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from core.access import Role
from core.errors import Forbidden, NotFound
from core.identity import Actor, Place
from core.prompt_params import PromptParams
from core.studio import Studio
from tests.conftest import wipe
from tests.reliability.studio_state import Bench, files, make_bench, png, rows

ROOM = Place("console", "room")
ELSEWHERE = Place("console", "elsewhere")
ANN = Actor("console", "ann", "Ann")  # owner of Demo (bound to ROOM) and of Other
ZOE = Actor("console", "zoe", "Zoe")  # owner of Other only
PEOPLE = {
    "owner": ANN,
    "editor": Actor("console", "ed", "Ed"),
    "viewer": Actor("console", "vi", "Vi"),
    "non-member": Actor("console", "nm", "Nm"),  # joins as the project's join role (editor)
}
# A non-member who acts in a bound chat joins it with the project's join role (editor).
RANK = {
    "owner": Role.owner,
    "editor": Role.editor,
    "viewer": Role.viewer,
    "non-member": Role.editor,
}


@dataclass(frozen=True)
class Ids:
    card: int  # Demo's card
    version: int  # v1 of Demo's card, an uploaded (finished) version
    foreign_version: int  # v1 of Other's card


@dataclass(frozen=True)
class UseCase:
    name: str
    needs: Role
    call: Callable[[Studio, Actor, int], object]
    focus: bool = False  # the actor opens the version's card first (a viewer may)
    takes_version: bool = True  # acts on a version id, so a foreign id must be refused


def _use_cases() -> list[UseCase]:
    v, e, o = Role.viewer, Role.editor, Role.owner
    return [
        UseCase("list cards", v, lambda s, a, _: s.list_cards(a, ROOM), takes_version=False),
        UseCase("members", v, lambda s, a, _: s.members(a, ROOM), takes_version=False),
        UseCase("list refs", v, lambda s, a, _: s.list_refs(a, ROOM), takes_version=False),
        UseCase("feed", v, lambda s, a, _: s.feed(a, ROOM), takes_version=False),
        UseCase("search", v, lambda s, a, _: s.search(a, ROOM, "harbour"), takes_version=False),
        UseCase("showcase", v, lambda s, a, _: s.showcase(a, ROOM), takes_version=False),
        UseCase("view version", v, lambda s, a, vid: s.original(a, ROOM, vid)),
        UseCase("show prompt", v, lambda s, a, vid: s.show_prompt(a, ROOM, vid)),
        UseCase("step version", v, lambda s, a, vid: s.step_version(a, ROOM, vid, 0)),
        UseCase("approve", e, lambda s, a, vid: s.review(a, ROOM, "approve", vid)),
        UseCase("reject", e, lambda s, a, vid: s.review(a, ROOM, "reject", vid)),
        UseCase("favorite", e, lambda s, a, vid: s.favorite(a, ROOM, vid)),
        UseCase("fork", e, lambda s, a, vid: s.fork(a, ROOM, "night", vid)),
        UseCase("save as ref", e, lambda s, a, vid: s.save_as_ref(a, ROOM, "hero", vid)),
        UseCase("restore", e, lambda s, a, vid: s.restore(a, ROOM, version_id=vid)),
        UseCase("new version", e, lambda s, a, vid: s.new_version(a, ROOM, version_id=vid)),
        UseCase(
            "new card",
            e,
            lambda s, a, _: s.new_card(a, ROOM, PromptParams("a lamp")),
            takes_version=False,
        ),
        UseCase(
            "add ref", e, lambda s, a, _: s.add_ref(a, ROOM, "lamp", png()), takes_version=False
        ),
        UseCase(
            "edit prompt",
            e,
            lambda s, a, _: s.edit_prompt(a, ROOM, "a harbour at noon"),
            focus=True,
            takes_version=False,
        ),
        UseCase("save", e, lambda s, a, _: s.save_prompt(a, ROOM), focus=True, takes_version=False),
        UseCase(
            "upload", e, lambda s, a, _: s.upload(a, ROOM, png((20, 20))), True, takes_version=False
        ),
        UseCase(
            "chat", e, lambda s, a, _: s.say(a, ROOM, "warmer light"), True, takes_version=False
        ),
        UseCase("cancel", e, lambda s, a, _: s.cancel(a, ROOM), focus=True, takes_version=False),
        UseCase(
            "set role", o, lambda s, a, _: s.set_role(a, ROOM, "Ed", "viewer"), takes_version=False
        ),
        UseCase(
            "showcase here", o, lambda s, a, _: s.set_showcase(a, ROOM, True), takes_version=False
        ),
        UseCase(
            "use project", o, lambda s, a, _: s.use_project(a, ROOM, "Mine"), takes_version=False
        ),
        UseCase(
            "new project", o, lambda s, a, _: s.new_project(a, ROOM, "Fresh"), takes_version=False
        ),
    ]


USE_CASES = _use_cases()


def build_world(url: str, storage: Path) -> tuple[Bench, Ids]:
    """Demo (ROOM) with one member per role and an uploaded v1; Other elsewhere with its own v1."""
    wipe(url)
    bench = make_bench(url, storage)
    s = bench.studio
    s.new_project(ZOE, ELSEWHERE, "Other")
    s.new_card(ZOE, ELSEWHERE, PromptParams("a foreign lighthouse"))
    s.upload(ZOE, ELSEWHERE, png((30, 30), "gray"))
    s.new_project(ANN, ROOM, "Demo")
    card = s.new_card(ANN, ROOM, PromptParams("a harbour at dawn")).card
    s.upload(ANN, ROOM, png((30, 20), "blue"))
    for actor in PEOPLE.values():
        s.new_project(actor, Place("console", f"own-{actor.user_id}"), "Mine")
    for name in ("editor", "viewer"):
        s.list_cards(PEOPLE[name], ROOM)  # joins as editor
    s.set_role(ANN, ROOM, "Ed", "editor")
    s.set_role(ANN, ROOM, "Vi", "viewer")
    s.list_cards(ANN, ELSEWHERE)  # Ann is in Other too: its ids still do nothing in ROOM
    foreign = s.press(ZOE, ELSEWHERE, "full", 1).originals[0]
    mine = s.press(ANN, ROOM, "full", 2).originals[0]
    assert card is not None and (foreign.version_id, mine.version_id) == (1, 2)
    return bench, Ids(card=card.card_id, version=mine.version_id, foreign_version=1)


@pytest.fixture(scope="module")
def shared() -> Iterator[dict[str, tuple[Bench, Ids]]]:
    """One world per database for the refusals: each proves it changed nothing, so it stays."""
    worlds: dict[str, tuple[Bench, Ids]] = {}
    yield worlds
    for bench, _ in worlds.values():
        bench.db.dispose()


@pytest.fixture
def world(  # type: ignore[no-untyped-def]
    migrated: dict[str, str], request: pytest.FixtureRequest, tmp_path: Path, shared
) -> Iterator[tuple[Bench, Ids]]:
    backend = request.param
    if not request.node.callspec.params["allowed"] or request.node.callspec.params["foreign"]:
        if backend not in shared:
            for bench, _ in shared.values():
                bench.db.dispose()
            shared.clear()
            shared[backend] = build_world(migrated[backend], tmp_path / "shared")
        yield shared[backend]
        return
    for old, _ in shared.values():
        old.db.dispose()
    shared.clear()  # its database is about to be wiped
    bench, ids = build_world(migrated[backend], tmp_path / "images")
    yield bench, ids
    bench.db.dispose()


def _cells() -> list[object]:
    """Per database the refusals first (they share one world), then the allowed calls."""
    refused, allowed_cells = [], []
    for case in USE_CASES:
        for role in PEOPLE:
            allowed = RANK[role] >= case.needs
            if case.name in ("use project", "new project") and role == "non-member":
                allowed = False  # never joined the bound project: may not re-bind its chat
            (allowed_cells if allowed else refused).append((case, role, False, allowed))
            if case.takes_version:
                refused.append((case, role, True, allowed))
    return [
        pytest.param(
            backend, *cell, id=f"{backend}-{cell[0].name}-{cell[1]}" + "-foreign" * cell[2]
        )
        for backend in ("sqlite", "postgres")
        for cell in refused + allowed_cells
    ]


@pytest.mark.parametrize(
    ("world", "case", "role", "foreign", "allowed"), _cells(), indirect=["world"]
)
def test_authorization_matrix(
    world, case: UseCase, role: str, foreign: bool, allowed: bool
) -> None:  # type: ignore[no-untyped-def]
    bench, ids = world
    actor = PEOPLE[role]
    if case.focus:
        bench.studio.open_card(actor, ROOM, str(ids.card))
    version_id = ids.foreign_version if foreign else ids.version
    before = rows(bench.db), files(bench.storage_dir)
    if allowed and not foreign:
        case.call(bench.studio, actor, version_id)
        return
    # A role too low is refused first; a foreign id is never found, whatever the role.
    expected = NotFound if allowed else Forbidden
    with pytest.raises(expected) as refused:
        case.call(bench.studio, actor, version_id)
    message = str(refused.value)
    assert ("no version with id" in message) if allowed else ("Demo" in message), message
    assert (rows(bench.db), files(bench.storage_dir)) == before
