"""The 🖌 Edit menu by buttons on Discord: Inpaint → pick B2, C3 on the grid → Done → prompt,
and a one-tap Upscale ×2 — each a new version in the card thread."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.discord import payloads as p
from tests.discord.harness import (
    Call,
    World,
    answer_files,
    answer_text,
    custom_ids,
    open_card,
    version_id,
    versions_in,
)


def shown(call: Call, message_id: int) -> dict[str, Any]:
    """The ephemeral message an answer (or a redraw) made, to press its buttons."""
    body = call.body.get("data") if call.body.get("type") == 7 else call.body
    assert body is not None
    return p.message(message_id, p.CHANNEL, answer_text(call), body | {"flags": 64}, [])


def labels(message: dict[str, Any]) -> list[str]:
    return [c["label"] for row in message["components"] for c in row["components"]]


def test_inpaint_by_picked_cells_and_upscale_by_one_tap(world: World) -> None:
    async def scenario() -> None:
        await world.start_bot()
        try:
            thread_id = await open_card(world, prompt="a cottage in a meadow", count=1)
            v1 = versions_in(world, thread_id)[1]
            vid = version_id(v1)
            menu = await world.send(world.press(v1, f"lbv:editimage:{vid}"))
            assert "🖌 Edit v1: pick an operation" in answer_text(menu)
            ids = custom_ids(menu.body)
            assert f"lbv:inpaintcells:{vid}" in ids and f"lbv:upscale2:{vid}" in ids
            assert len(ids) <= 25 and len(menu.body["components"]) <= 5

            picker = await world.send(world.press(shown(menu, 9001), f"lbv:inpaintcells:{vid}"))
            assert answer_files(picker) == ["grid.jpg"]
            rows = [len(r["components"]) for r in picker.body["components"]]
            assert rows == [4, 4, 4, 4, 2]
            grid = shown(picker, 9002)
            refused = await world.send(world.press(grid, f"lbv:cellsdone:{vid}"))
            assert "no cells picked" in answer_text(refused)
            for cell in ("b2", "c3"):
                redrawn = await world.send(world.press(grid, f"lbv:cell{cell}:{vid}"))
                assert redrawn.body["type"] == 7  # the picker itself shows the ✓
                grid = shown(redrawn, 9002)
            assert "pick the cells to redraw: B2,C3" in grid["content"]
            assert "✓ B2" in labels(grid) and "✓ C3" in labels(grid) and "B3" in labels(grid)

            preview = await world.send(world.press(grid, f"lbv:cellsdone:{vid}"))
            assert "region B2,C3 of v1" in answer_text(preview)
            assert answer_files(preview) == ["region.jpg"]
            modal = await world.send(world.press(shown(preview, 9003), f"lbv:cellsprompt:{vid}"))
            assert modal.body["data"]["custom_id"] == f"lbm:cellsprompt:{vid}"
            submit = world.submit(p.CHANNEL, f"lbm:cellsprompt:{vid}", "a red door", field="prompt")
            assert "queued v2: inpaint of v1" in answer_text(await world.send(submit))
            await world.idle()
            v2 = versions_in(world, thread_id)[2]
            assert "inpaint of v1" in v2["content"]

            vid2 = version_id(v2)
            menu = await world.send(world.press(v2, f"lbv:editimage:{vid2}"))
            tapped = await world.send(world.press(shown(menu, 9004), f"lbv:upscale2:{vid2}"))
            assert "queued v3: upscale of v2" in answer_text(tapped)
            await world.idle()
            assert "upscale of v2" in versions_in(world, thread_id)[3]["content"]
        finally:
            await world.close()

    asyncio.run(scenario())
