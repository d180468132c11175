"""Core use cases told as user stories through the command path."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlmodel import select

from bot.router import CommandRouter
from core.errors import BadInput, Forbidden
from core.identity import Actor, Place
from core.models import Card, CardMessage, Favorite, PromptRevision, Ref, Version
from tests.conftest import RecordingSink
from workers.runtime import Runtime

ANN = Actor("console", "ann", "Ann")
BEN = Actor("console", "ben", "Ben")
ADMIN = Actor("console", "root", "Root", is_chat_admin=True)
ROOM = Place("console", "room")


@pytest.fixture
def router(runtime: Runtime) -> CommandRouter:
    r = CommandRouter(runtime.studio)
    r.handle(ANN, ROOM, "/project new Demo")
    return r


def run(router: CommandRouter, runtime: Runtime, text: str, actor: Actor = ANN, file=None):
    outcome = router.handle(actor, ROOM, text, file)
    assert runtime.wait_idle(platforms=["console"], timeout=60)
    return outcome


def png(color: str = "red", size: tuple[int, int] = (64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def rows(runtime: Runtime, model):  # type: ignore[no-untyped-def]
    with runtime.db.session() as session:
        return list(session.exec(select(model)).all())


def test_draft_autosave_save_and_restore_never_lose_a_prompt(
    router: CommandRouter, runtime: Runtime
) -> None:
    run(router, runtime, "/imagine a lighthouse at dusk --seed 5")
    run(router, runtime, "/prompt a lighthouse at night, storm --ar 3:2")
    (card,) = rows(runtime, Card)
    assert (card.prompt, card.aspect_ratio, card.saved_prompt) == (
        "a lighthouse at night, storm",
        "3:2",
        "",
    )
    run(router, runtime, "/save")
    run(router, runtime, "/restore 1")
    (card,) = rows(runtime, Card)
    assert (card.prompt, card.aspect_ratio, card.seed) == ("a lighthouse at dusk", "1:1", 5)
    assert card.saved_prompt == "a lighthouse at night, storm"
    history = [(r.reason, r.prompt) for r in rows(runtime, PromptRevision)]
    assert history == [
        ("create", "a lighthouse at dusk"),
        ("autosave", "a lighthouse at night, storm"),
        ("save", "a lighthouse at night, storm"),
        ("restore", "a lighthouse at dusk"),
    ]


def test_save_as_ref_is_used_by_the_next_generation(
    router: CommandRouter, runtime: Runtime, sink: RecordingSink
) -> None:
    run(router, runtime, "/imagine a knight in armour --seed 1")
    run(router, runtime, "/saveref knight")
    run(router, runtime, "/new")
    versions = sorted(rows(runtime, Version), key=lambda v: v.number)
    (ref,) = rows(runtime, Ref)
    assert versions[0].ref_ids == [] and versions[1].ref_ids == [ref.id]
    assert ref.image_sha == versions[0].image_sha and ref.source_version_id == versions[0].id


def test_fork_attaches_source_and_generates_in_direction(
    router: CommandRouter, runtime: Runtime
) -> None:
    run(router, runtime, "/imagine a portrait of a sailor --seed 3")
    out = run(router, runtime, "/fork character sheet")
    assert "character sheet" in out.text
    run(router, runtime, "/new")
    run(router, runtime, "/rename character sheet = turnaround")
    assert [i.strip("▶ ") for i in run(router, runtime, "/directions").items] == [
        "main",
        "turnaround",
    ]
    v1, v2 = sorted(rows(runtime, Version), key=lambda v: v.number)
    fork_ref = next(r for r in rows(runtime, Ref) if r.kind == "fork")
    assert v2.direction_id is not None and v2.parent_version_id == v1.id
    assert fork_ref.id in v2.ref_ids and fork_ref.image_sha == v1.image_sha
    assert v1.image_sha != v2.image_sha
    with pytest.raises(BadInput, match="already has a direction"):
        run(router, runtime, "/fork turnaround")


def test_favorites_are_per_user_and_reviews_need_an_editor(
    router: CommandRouter, runtime: Runtime
) -> None:
    run(router, runtime, "/imagine a teapot")
    run(router, runtime, "/open 1", actor=BEN)
    run(router, runtime, "/favorite", actor=BEN)
    run(router, runtime, "/favorite")
    run(router, runtime, "/favorite")  # Ann toggles hers off again
    assert [(f.user_id) for f in rows(runtime, Favorite)] == [2]
    run(router, runtime, "/project role Ben viewer")
    with pytest.raises(Forbidden, match="editor"):
        run(router, runtime, "/favorite", actor=BEN)


def test_chat_admin_joins_as_owner_others_by_project_setting(
    router: CommandRouter, runtime: Runtime
) -> None:
    members = run(router, runtime, "/project members", actor=ADMIN)
    assert "Root — owner" in members.items
    run(router, runtime, "/cards", actor=BEN)
    assert "Ben — editor" in run(router, runtime, "/project members").items


def test_feed_filters_search_and_showcase(router: CommandRouter, runtime: Runtime) -> None:
    run(router, runtime, "/imagine a blue whale --n 2")
    run(router, runtime, "/imagine a green frog", actor=BEN)
    run(router, runtime, "/open whale")
    run(router, runtime, "/approve v1")
    assert len(run(router, runtime, "/feed").items) == 3
    assert len(run(router, runtime, "/feed mine").items) == 2
    assert len(run(router, runtime, "/feed mine", actor=BEN).items) == 1
    approved = run(router, runtime, "/feed approved")
    assert [i.split()[2] for i in approved.items] == ["v1"]
    assert len(approved.pictures) == 1  # a contact sheet, never a server path
    assert "/" not in "".join(approved.items)
    assert len(run(router, runtime, "/project showcase").items) == 1
    assert run(router, runtime, "/search FROG").items == ["#2 a green frog [done]"]
    assert len(run(router, runtime, "/feed all whale").items) == 2
    assert run(router, runtime, "/feed all e_").items == []  # _ and % are letters, not wildcards
    assert run(router, runtime, "/search %g").items == []
    run(router, runtime, "/reject v1")
    assert run(router, runtime, "/project showcase").items == []


def test_refs_add_reorder_remove(router: CommandRouter, runtime: Runtime) -> None:
    for name in ("hero", "castle", "dragon"):
        run(router, runtime, f"/ref add {name}", file=png())
    run(router, runtime, "/ref reorder dragon 1")
    assert [i.split(" [")[0] for i in run(router, runtime, "/refs").items] == [
        "1. dragon",
        "2. hero",
        "3. castle",
    ]
    run(router, runtime, "/ref remove hero")
    assert [i.split(" [")[0] for i in run(router, runtime, "/refs").items] == [
        "1. dragon",
        "2. castle",
    ]
    with pytest.raises(BadInput, match="already has a ref"):
        run(router, runtime, "/ref add Dragon", file=png())
    with pytest.raises(BadInput, match="position must be from 1 to 2"):
        run(router, runtime, "/ref reorder dragon 7")


def test_upload_adds_an_own_version_and_is_delivered(
    router: CommandRouter, runtime: Runtime, sink: RecordingSink
) -> None:
    run(router, runtime, "/card new a desert camp at night")
    out = run(router, runtime, "/upload", file=png("navy", (300, 200)))
    assert out.text == "📤 uploaded as v1"
    (version,) = rows(runtime, Version)
    assert (version.source, version.width, version.height) == ("uploaded", 300, 200)
    assert [v.number for v, _, _ in sink.posts] == [1]


def test_card_chat_is_stored_in_order(router: CommandRouter, runtime: Runtime) -> None:
    run(router, runtime, "/card new a fox")
    run(router, runtime, "closer")
    run(router, runtime, "remove the hat")
    said = [(m.role, m.text) for m in rows(runtime, CardMessage)]
    assert [r for r, _ in said] == ["user", "assistant", "user", "assistant"]
    assert said[0][1] == "closer" and said[2][1] == "remove the hat"


def test_plain_text_without_an_open_card_explains(runtime: Runtime) -> None:
    router = CommandRouter(runtime.studio)
    with pytest.raises(BadInput, match="no project is selected"):
        router.handle(ANN, ROOM, "/cards")
    router.handle(ANN, ROOM, "/project new Demo")
    with pytest.raises(BadInput, match="no card is open"):
        router.handle(ANN, ROOM, "closer")


def test_new_takes_only_flags(router: CommandRouter, runtime: Runtime) -> None:
    run(router, runtime, "/card new a red kite")
    with pytest.raises(BadInput, match="only --flags"):
        run(router, runtime, "/new bigger please")
    out = run(router, runtime, "/new --n 2 --ar 4:5")
    assert "v1–v2" in out.text
    assert {(v.width, v.height) for v in rows(runtime, Version)} == {(816, 1024)}


def test_inside_a_card_thread_the_thread_is_the_card(
    router: CommandRouter, runtime: Runtime, sink: RecordingSink
) -> None:
    first = run(router, runtime, "/card new a red barn")
    run(router, runtime, "/card new a blue boat")
    assert first.card is not None
    runtime.bindings.bind_thread(first.card.card_id, "console", "thread-1")
    in_thread = Place("console", "room", thread_id="thread-1")
    out = router.handle(ANN, in_thread, "/new")
    assert runtime.wait_idle(platforms=["console"], timeout=60)
    assert "card #1" in out.text
    assert [(v.card_id, target) for v, target, _ in sink.posts] == [(1, "thread-1")]
    version_message = sink.posts[0][2] or "console-1"
    with runtime.db.session() as session:
        from core.threads import card_for_message

        found = card_for_message(session, "console", version_message)
        assert found is not None and found.id == 1


def test_showcase_channel_gets_approved_shots_and_loses_unapproved_ones(
    router: CommandRouter, runtime: Runtime, sink: RecordingSink
) -> None:
    gallery = Place("console", "gallery")
    router.handle(ANN, gallery, "/project use Demo")
    router.handle(ANN, gallery, "/project showcase here")
    run(router, runtime, "/imagine a glass city --n 2")
    run(router, runtime, "/approve v1")
    run(router, runtime, "/approve v1")  # no change: no second post
    shown = [(v.number, target) for v, target, _ in sink.posts if target == "gallery"]
    assert shown == [(1, "gallery")]
    run(router, runtime, "/reject v1")
    assert sink.removed == [("gallery", "console-3")]
    run(router, runtime, "/approve v1")
    shown = [(v.number, target) for v, target, _ in sink.posts if target == "gallery"]
    assert shown == [(1, "gallery"), (1, "gallery")]
    with pytest.raises(Forbidden, match="owner"):
        router.handle(BEN, ROOM, "/project showcase off")


def test_card_header_offers_the_newest_25_versions_to_pick(
    router: CommandRouter, runtime: Runtime
) -> None:
    out = run(router, runtime, "/card new a tiled floor")
    for _ in range(27):
        run(router, runtime, "/upload", file=png("teal", (32, 32)))
    assert out.card is not None
    view = runtime.presenter.card_view(out.card.card_id)
    assert view is not None
    assert [n for n, _ in view.choices] == list(range(27, 2, -1))
    assert all(status == "✅ done" for _, status in view.choices)
