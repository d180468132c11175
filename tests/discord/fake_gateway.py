"""The fake Discord's gateway websocket (HELLO, IDENTIFY → READY, dispatches) and body reading."""

from __future__ import annotations

import asyncio
import itertools
import json
from typing import TYPE_CHECKING, Any

from aiohttp import web

from tests.discord import payloads as p

if TYPE_CHECKING:
    from tests.discord.fake_discord import FakeDiscord


async def serve_gateway(fake: FakeDiscord, request: web.Request) -> web.WebSocketResponse:
    ws = web.WebSocketResponse()
    await ws.prepare(request)
    await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 40000}}))
    sequence = itertools.count(1)
    pump: asyncio.Task[None] | None = None
    async for frame in ws:
        data = json.loads(frame.data)
        if data["op"] == 1:
            await ws.send_str(json.dumps({"op": 11}))
        elif data["op"] == 2:
            ready = p.ready_event(f"ws://127.0.0.1:{fake.port}/gateway-ws")
            await ws.send_str(json.dumps({"op": 0, "s": next(sequence), "t": "READY", "d": ready}))
            fake.identified.set()
            pump = asyncio.create_task(_pump(fake, ws, sequence))
    if pump is not None:
        pump.cancel()
    return ws


async def _pump(
    fake: FakeDiscord, ws: web.WebSocketResponse, sequence: itertools.count[int]
) -> None:
    assert fake.gateway_events is not None
    while True:
        event = await fake.gateway_events.get()
        await ws.send_str(json.dumps({"op": 0, "s": next(sequence)} | event))


async def read_body(request: web.Request) -> tuple[Any, list[tuple[str, str, bytes]]]:
    """JSON body, or multipart `payload_json` plus `files[n]` parts."""
    files: list[tuple[str, str, bytes]] = []
    if request.content_type.startswith("multipart/"):
        body: Any = {}
        reader = await request.multipart()
        async for part in reader:
            if part.name == "payload_json":  # type: ignore[union-attr]
                body = json.loads(await part.text())  # type: ignore[union-attr]
            else:
                data = await part.read()  # type: ignore[union-attr]
                files.append((part.name or "", part.filename or "", bytes(data)))  # type: ignore[union-attr]
        return body, files
    raw = await request.read()
    return (json.loads(raw) if raw else {}), files
