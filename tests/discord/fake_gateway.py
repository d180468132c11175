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
            shard = data["d"].get("shard") or [0, 1]
            refusal = _shard_refusal(fake, shard)
            if refusal is not None:
                await ws.close(code=refusal[0], message=refusal[1].encode())
                break
            ready = p.ready_event(f"ws://127.0.0.1:{fake.port}/gateway-ws")
            if data["d"].get("shard") is not None:
                ready["shard"] = shard
            await ws.send_str(json.dumps({"op": 0, "s": next(sequence), "t": "READY", "d": ready}))
            with fake.lock:
                fake.identifies.append(shard)
                fake.shard_count = shard[1]
            fake.identified.set()
            pump = asyncio.create_task(_pump(fake.shard_queue(shard[0]), ws, sequence))
    if pump is not None:
        pump.cancel()
    return ws


def _shard_refusal(fake: FakeDiscord, shard: list[int]) -> tuple[int, str] | None:
    """Discord's gateway close codes for a bad `shard` in IDENTIFY (docs: Opcodes and Status
    Codes): 4010 Invalid shard, 4011 Sharding required (too many guilds for the count)."""
    shard_id, count = shard
    if count < 1 or not 0 <= shard_id < count:
        return 4010, "Invalid shard."
    if count < fake.required_shards:
        return 4011, "Sharding required."
    return None


async def _pump(
    queue: asyncio.Queue[dict[str, Any]],
    ws: web.WebSocketResponse,
    sequence: itertools.count[int],
) -> None:
    while True:
        event = await queue.get()
        await ws.send_str(json.dumps({"op": 0, "s": next(sequence)} | event))
