"""The library's key cycle on the console path: design → character → scene → card in the scene
with the character → the provider request carries those refs in order; and the bad input."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from sqlmodel import col, select

from bot.router import CommandRouter
from core.catalog import LOCAL_PREVIEW, ModelCatalog, ModelProfile
from core.errors import BadInput, Forbidden, NotFound
from core.identity import Actor, Place
from core.models import Card, Character, Scene, SceneShot, Version, VersionContext
from core.ports import GenerationRequest, GenerationResult
from core.sheet_limits import DISCORD, TELEGRAM
from core.studio import Outcome
from tests.conftest import RecordingSink, make_settings
from workers.providers.local import LocalProvider
from workers.runtime import Runtime

ANN = Actor("console", "ann", "Ann")
VIC = Actor("console", "vic", "Vic")
ZOE = Actor("console", "zoe", "Zoe")
ROOM = Place("console", "room")
ELSEWHERE = Place("console", "elsewhere")
TINY = ModelProfile(id="tiny", label="Tiny", provider="local", max_refs=3)


class RecordingProvider:
    """The local provider, keeping every request it was sent (the fake's side of the wire)."""

    name = "local"

    def __init__(self) -> None:
        self.inner = LocalProvider()
        self.requests: list[GenerationRequest] = []
        self.lock = threading.Lock()

    def generate(self, request: GenerationRequest) -> GenerationResult:
        with self.lock:
            self.requests.append(request)
        return self.inner.generate(request)


@pytest.fixture
def provider() -> RecordingProvider:
    return RecordingProvider()


@pytest.fixture
def studio_runtime(
    db_url: str, tmp_path: Path, sink: RecordingSink, provider: RecordingProvider
) -> Iterator[Runtime]:
    catalog = ModelCatalog(profiles={"local": LOCAL_PREVIEW, "tiny": TINY}, default="local")
    rt = Runtime(
        make_settings(db_url, tmp_path / "data"),
        sinks={"console": sink},
        providers={"local": provider},
        catalog=catalog,
    )
    rt.start_worker(threads=4, sweep_interval=None)
    yield rt
    rt.stop()


def say(
    rt: Runtime, text: str, actor: Actor = ANN, file: bytes | None = None, place: Place = ROOM
) -> Outcome:
    """One command; when it queued generations, wait until they are made and posted."""
    outcome = CommandRouter(rt.studio).handle(actor, place, text, file)
    if outcome.job_ids:
        assert rt.wait_idle(platforms=["console"], timeout=60)
    return outcome


def photo(colour: str, size: tuple[int, int] = (1920, 1080)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def test_design_character_scene_and_card_in_the_scene(
    studio_runtime: Runtime, provider: RecordingProvider
) -> None:
    rt = studio_runtime
    say(rt, "/project new Harbour Tales")
    say(rt, "/design set --seed 7 --no blurry, watermark --ar 3:2")
    say(rt, "/design style ink wash, muted teal")
    say(rt, "/character new Mara: tall harbour pilot, red scarf, grey eyes")
    queued = say(rt, "/character portrait Mara --n 3")
    assert "queued v1–v3" in queued.text
    portraits = provider.requests[-3:]
    # Portraits start from the design: its seed (fixed, one per version), negative and style.
    assert sorted(r.seed for r in portraits) == [7, 8, 9]  # (workers run them concurrently)
    assert {r.negative_prompt for r in portraits} == {"blurry, watermark"}
    assert all(r.aspect_ratio == "3:2" and "Style: ink wash" in r.prompt for r in portraits)
    shown = say(rt, "/character show Mara 2")
    assert "portrait 2 of 3 (v2)" in shown.text
    assert [b.action for b in shown.buttons] == ["prev", "useportrait", "next"]
    used = rt.studio.press(ANN, ROOM, "useportrait", shown.versions[0].version_id)
    assert "v2 is Mara's canonical portrait" in used.text

    say(rt, "/scene new Harbour")
    say(rt, "/imagine the harbour at dawn, wide")
    say(rt, "/scene add Harbour", file=photo("navy"))  # shots: uploads or versions,
    say(rt, "/scene add Harbour v1")  # in the order they were added
    say(rt, "/scene add Harbour", file=photo("darkgreen", (1080, 1920)))
    pool = say(rt, "/scene show Harbour")
    assert pool.items == ["1. upload 1920×1080", "2. #2 v1", "3. upload 1080×1920"]

    say(rt, "/element new location Lighthouse: white tower on the breakwater", file=photo("white"))
    say(rt, "/element data Lighthouse: era: 1890s; light: red")
    say(rt, "/element toggle Lighthouse image off")
    toggled = say(rt, "/element toggle Lighthouse data on")
    assert toggled.text == "🌍 Lighthouse goes into context with: description, data"

    made = say(rt, "/imagine Mara waits on the pier --scene Harbour --with Mara, Lighthouse")
    assert (
        "context: Mara (image, description), Lighthouse (description, data), Harbour (3 shots)"
    ) in made.text
    assert "refs in order: Mara, Harbour 1, Harbour 2, Harbour 3" in made.text
    request = provider.requests[-1]
    storage = rt.storage
    with rt.db.session() as session:
        mara = session.exec(select(Character)).one()
        canonical = session.get(Version, mara.portrait_version_id)
        harbour = session.exec(select(Scene)).one()
        shots = session.exec(
            select(SceneShot)
            .where(SceneShot.scene_id == harbour.id)
            .order_by(col(SceneShot.position))
        ).all()
        card = session.exec(select(Card).order_by(col(Card.id).desc())).first()
        assert card is not None
        version = session.exec(select(Version).where(Version.card_id == card.id)).one()
        context = session.get(VersionContext, version.id)
    assert canonical is not None and canonical.number == 2 and canonical.image_sha
    expected = [storage.read(canonical.image_sha)] + [storage.read(s.image_sha) for s in shots]
    assert [r.name for r in request.refs] == ["Mara", "Harbour 1", "Harbour 2", "Harbour 3"]
    assert [r.data for r in request.refs] == expected
    assert "Characters:\n- Mara: tall harbour pilot, red scarf, grey eyes" in request.prompt
    assert "World:\n- Lighthouse (location): white tower on the breakwater" in request.prompt
    assert "  Lighthouse data: era: 1890s; light: red" in request.prompt
    assert request.prompt.startswith("Mara waits on the pier\n\n")
    assert context is not None and context.summary == (
        "Mara (image, description), Lighthouse (description, data), Harbour (3 shots); "
        "refs: Mara, Harbour 1, Harbour 2, Harbour 3"
    )
    assert "context: Mara (image, description)" in say(rt, "/version 1").versions[0].caption
    assert (request.seed, request.negative_prompt) == (7, "blurry, watermark")

    # A card that leaves the design shows it; the gallery of the project fits every platform.
    drifted = say(rt, "/prompt Mara waits on the pier --seed 99")
    assert drifted.card is not None and "≠ design: seed 99 (design: 7)" in drifted.card.settings
    gallery = say(rt, "/feed gallery")
    assert len([b for b in gallery.buttons if b.action == "tile"]) == 5
    [sheet] = gallery.pictures
    data = rt.studio.read_image(sheet.key)
    with Image.open(io.BytesIO(data)) as image:
        width, height = image.size
    assert (width, height) == (1316, 298)  # 5 columns, 1 row of 256 px tiles
    for limits in (TELEGRAM, DISCORD):
        assert limits.allows(width, height, len(data))


def test_save_as_design_default_from_a_version(studio_runtime: Runtime) -> None:
    rt = studio_runtime
    say(rt, "/project new Demo")
    made = say(rt, "/imagine a lighthouse --seed 1234 --no fog")
    [view] = say(rt, "/version 1").versions
    assert "designdefault" in [a.action for a in view.actions]
    saved = rt.studio.press(ANN, ROOM, "designdefault", view.version_id)
    assert "seed 1234" in saved.text and "seed: fixed 1234" in saved.items
    fresh = say(rt, "/card new a boat")
    assert fresh.card is not None and made.card is not None
    assert "seed 1234 (fixed)" in fresh.card.settings and fresh.card.negative_prompt == "fog"
    assert "≠ design" not in fresh.card.settings


def test_a_sixty_shot_scene_on_a_three_ref_model_and_unknown_names(
    studio_runtime: Runtime, provider: RecordingProvider
) -> None:
    rt = studio_runtime
    say(rt, "/project new Demo")
    say(rt, "/scene new Market")
    router = CommandRouter(rt.studio)
    colours = ["red", "green", "blue", "orange", "purple", "teal"]
    for colour in colours:  # six uploads the way a person adds them
        router.handle(ANN, ROOM, "/scene add Market", photo(colour, (160, 90)))
    with rt.db.session() as session:  # and 54 more as rows: the pool is what matters here
        shots = session.exec(select(SceneShot).order_by(col(SceneShot.position))).all()
        for n in range(7, 61):
            first = shots[n % 6]
            session.add(
                SceneShot(
                    scene_id=first.scene_id,
                    position=n,
                    image_sha=first.image_sha,
                    label=f"upload {n}",
                    added_by=first.added_by,
                )
            )
    assert "60 shot(s)" in say(rt, "/scenes").items[0]
    shown = say(rt, "/scene show Market")
    assert len(shown.items) == 20 and "⏪ older: /gallery older" in shown.text
    [older] = shown.buttons  # uploads are not versions: nothing to open, but ⏪ older pages
    assert (older.action, older.label) == ("older", "⏪ older")
    assert say(rt, "/gallery older").items[:2] == ["1. upload 21", "2. upload 22"]
    say(rt, "/gallery")  # another gallery is shown since; the pressed one is still paged
    pressed = rt.studio.press(ANN, ROOM, "older", older.target)
    assert pressed.items[:2] == ["1. upload 21", "2. upload 22"]
    [third] = [b for b in pressed.buttons if b.action == "older"]
    assert rt.studio.press(ANN, ROOM, "older", third.target).items[0] == "1. upload 41"
    with pytest.raises(NotFound, match="no longer kept"):
        rt.studio.press(ANN, ROOM, "older", third.target + 99)
    made = say(rt, "/imagine the night market --scene market --model tiny")
    assert (
        "⚠️ this model takes 3 ref(s): used 3 of 60 (Market 1, Market 2, Market 3); "
        "left out 57: Market 4, Market 5, Market 6, Market 7, Market 8, Market 9, Market 10, "
        "Market 11, … and 49 more"
    ) in made.text
    assert [r.name for r in provider.requests[-1].refs] == ["Market 1", "Market 2", "Market 3"]

    # Unknown names: answered with the nearest names, and nothing is made.
    say(rt, "/character new Mara: red scarf")
    cards_before = len(say(rt, "/cards").items)
    cases = [
        ("/imagine boats --scene Markt", 'no scene "Markt"', "did you mean Market?"),
        ("/imagine boats --with Marra", 'no character or element "Marra"', "did you mean Mara?"),
        ("/character show Tom", 'no character "Tom"', "characters: Mara"),
        ("/scene show nowhere", 'no scene "nowhere"', "scenes: Market"),
        ("/element show Lighthuse", 'no element "Lighthuse"', "there are no elements yet"),
    ]
    for command, first, second in cases:
        with pytest.raises(NotFound) as caught:
            say(rt, command)
        assert first in str(caught.value) and second in str(caught.value)
    assert len(say(rt, "/cards").items) == cards_before
    with pytest.raises(BadInput, match="not made with itself"):
        say(rt, "/prompt portrait of Mara --with Mara")  # the open card is Mara's own
    named = say(rt, "/imagine Mara rows out at night --model tiny")
    assert "💡 the prompt names Mara: press 👤 Use Mara" in named.text  # offered, not assumed
    assert provider.requests[-1].refs == []


def test_cross_project_shots_and_viewers_are_refused(studio_runtime: Runtime) -> None:
    rt = studio_runtime
    say(rt, "/project new Other", actor=ZOE, place=ELSEWHERE)
    say(rt, "/imagine a foreign tower", actor=ZOE, place=ELSEWHERE)
    foreign = say(rt, "/version 1", actor=ZOE, place=ELSEWHERE).versions[0].version_id
    say(rt, "/project new Demo")
    say(rt, "/scene new Harbour")
    with pytest.raises(NotFound, match="no version with id"):
        rt.studio.add_shot(ANN, ROOM, "Harbour", version_id=foreign)
    with pytest.raises(NotFound):
        rt.studio.press(ANN, ROOM, "toscene", foreign, {"name": "Harbour"})
    say(rt, "/cards", actor=VIC)
    say(rt, "/project role Vic viewer")
    for command in ("/scene new Docks", "/character new Tom: tall", "/design style noir"):
        with pytest.raises(Forbidden, match="at least editor"):
            say(rt, command, actor=VIC)
    assert say(rt, "/scene show Harbour", actor=VIC).text.endswith("nothing yet")
    assert say(rt, "/design", actor=VIC).items[0] == "style: (none)"
    with rt.db.session() as session:
        assert session.exec(select(SceneShot)).all() == []
        assert session.exec(select(Character)).all() == []
