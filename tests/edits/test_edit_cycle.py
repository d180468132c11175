"""The console key cycle of the editing studio: each edit is a new version that knows its parent."""

from __future__ import annotations

import io

from PIL import Image

from bot.router import CommandRouter
from core.identity import Actor, Place
from core.studio import Outcome
from tests.conftest import RecordingSink
from workers.runtime import Runtime

ANN = Actor("console", "ann", "Ann")
ROOM = Place("console", "room")


def say(router: CommandRouter, runtime: Runtime, text: str) -> Outcome:
    outcome = router.handle(ANN, ROOM, text)
    assert runtime.wait_idle(platforms=["console"], timeout=60)
    return outcome


def delivered(runtime: Runtime, sink: RecordingSink, number: int) -> Image.Image:
    """The image of version `number` as delivered, its bytes read from storage by key."""
    views = [v for v, _, _ in sink.posts if v.number == number and v.status == "done"]
    assert views, f"v{number} was not delivered done: {[v.caption for v, _, _ in sink.posts]}"
    key = views[-1].image_sha
    assert key is not None
    return Image.open(io.BytesIO(runtime.storage.read(key)))


def test_generate_inpaint_zoom_upscale_removebg_collage_info(
    runtime: Runtime, sink: RecordingSink
) -> None:
    router = CommandRouter(runtime.studio)
    say(router, runtime, "/project new Demo")
    say(router, runtime, "/imagine a cottage in a meadow --ar 16:9 --seed 5")
    with delivered(runtime, sink, 1) as v1:
        assert v1.size == (1024, 576)
    inpaint = say(router, runtime, "/edit inpaint B2:C3 a red door")
    assert "queued v2: inpaint of v1" in inpaint.text
    assert inpaint.pictures, "the region preview comes with the answer"
    with delivered(runtime, sink, 1) as v1, delivered(runtime, sink, 2) as v2:
        assert v2.size == (1024, 576)
        assert v2.convert("RGB").getpixel((50, 50)) == v1.convert("RGB").getpixel((50, 50))
        assert v2.convert("RGB").getpixel((512, 288)) != v1.convert("RGB").getpixel((512, 288))
    say(router, runtime, "/edit zoom 2")
    with delivered(runtime, sink, 3) as v3:
        assert v3.size == (2048, 1152)
    say(router, runtime, "/edit upscale 2")
    with delivered(runtime, sink, 4) as v4:
        assert v4.size == (4096, 2304)
    say(router, runtime, "/edit removebg")
    with delivered(runtime, sink, 5) as v5:
        assert v5.size == (4096, 2304) and v5.mode == "RGBA"
        low, high = v5.getchannel("A").getextrema()
        assert (low, high) == (0, 255)
    collage = say(router, runtime, "/edit collage v1 v3 v5")
    assert "collage of v1, v3, v5" in collage.text
    with delivered(runtime, sink, 6) as board:
        assert board.size == (1072, 1152)  # 2 × 2 tiles of 512 with labels
    info = say(router, runtime, "/edit v5 info")
    text = "\n".join(info.items)
    assert "lineage: v5 = removebg of v4 ← v4 = upscale of v3 ← v3 = outpaint of v2 ← " in text
    assert "v2 = inpaint of v1 ← v1 generated" in text
    assert "size: 4096×2304" in text and "seed: 5" in text
    captions = {v.number: v.caption for v, _, _ in sink.posts}
    assert "inpaint of v1 · local · classic inpaint (Telea) · 1024×576" in captions[2]
    assert "removebg of v4 · local · GrabCut background removal" in captions[5]
