"""A local fake of Discord's REST API (and gateway) on 127.0.0.1 that records every call."""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import Any

from aiohttp import web

from tests.contract.discord_contract import contract
from tests.contract.violations import Violations
from tests.discord import payloads as p
from tests.discord.fake_dms import dm_refusal, open_dm
from tests.discord.fake_entitlements import Entitlements
from tests.discord.fake_gateway import serve_gateway
from tests.discord.fake_interactions import ALREADY_ACKNOWLEDGED, Interactions
from tests.discord.fake_refusals import (
    MISSING_ACCESS,
    MISSING_PERMISSIONS,
    NONCE_SECONDS,
    THREAD_ARCHIVED,
    UNKNOWN_CHANNEL,
    UNKNOWN_MESSAGE,
    Limit,
)
from tests.discord.fake_refusals import error as _error
from tests.discord.fake_refusals import json_response as _json
from tests.discord.fake_threads import start_post, start_thread
from tests.discord.fake_uploads import UploadLimits, edited_attachments, read_upload, typed


@dataclass
class Call:
    """One recorded request: method, path under /api/v10, JSON body, and uploaded files."""

    method: str
    path: str
    body: dict[str, Any] = field(default_factory=dict)
    files: list[tuple[str, str, bytes]] = field(default_factory=list)
    content_types: list[str] = field(default_factory=list)  # of each file part, in order


class FakeDiscord:
    """Runs in its own thread and event loop, so blocking test code never stalls it."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.messages: dict[int, dict[str, Any]] = {}
        self.channels: dict[int, dict[str, Any]] = {p.CHANNEL: p.text_channel(p.CHANNEL)}
        self.attachments: dict[str, bytes] = {}
        self.posted_files: dict[int, list[bytes]] = {}
        """The bytes of the files each stored message carries (by message id)."""
        self.answer_channels: dict[str, int] = {}
        """Interaction token → its channel, for interactions dispatched over the gateway (their
        follow-ups and edited answers appear in that channel, as on Discord)."""
        self.forbidden: set[int] = set()
        self.no_threads: set[int] = set()
        """Channels where starting a thread is refused (403, as without Create Public Threads)."""
        self.nonces: dict[str, tuple[float, int]] = {}
        """enforce_nonce: nonce → (when, message id); per author (the bot) for NONCE_SECONDS."""
        self.no_access: set[int] = set()
        """Channels the bot cannot see (removed from the server or the channel): 50001."""
        self.limits: list[Limit] = []
        self.closed_dms: set[int] = set()
        """Users who take no DMs from the bot (no shared server, or DMs closed): 50007."""
        self.uploads = UploadLimits()
        self.manage_threads = False
        """Whether the bot may unarchive locked threads (Manage Threads)."""
        self.interactions = Interactions()
        self.entitlements = Entitlements()
        self.violations = Violations("Discord")
        """Requests the OpenAPI spec refuses or partly ignores, and double acknowledgements."""
        self.invalid_requests = 0
        """401, 403 and 429 answers counted toward Discord's invalid request limit (not shared)."""
        self.gateway_events: asyncio.Queue[dict[str, Any]] | None = None
        """Dispatches for shard 0 (the only one of an unsharded bot)."""
        self.shard_events: dict[int, asyncio.Queue[dict[str, Any]]] = {}
        self.shard_count = 1
        self.recommended_shards = 1
        """What GET /gateway/bot recommends."""
        self.required_shards = 1
        """Fewer shards than this are refused at IDENTIFY (4011), as for a bot in many guilds."""
        self.identifies: list[list[int]] = []
        """The [shard_id, shard_count] of every IDENTIFY the gateway accepted."""
        self.identified = threading.Event()
        self.lock = threading.Lock()
        self._ids = itertools.count(p.FIRST_ID)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> FakeDiscord:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._serve(), self._loop).result(10)
        return self

    async def _serve(self) -> None:
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_get("/gateway-ws", partial(serve_gateway, self))
        app.router.add_get("/attachments/{name}", self._attachment)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._api)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.gateway_events = asyncio.Queue()

    def stop(self) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    def next_id(self) -> int:
        with self.lock:
            return next(self._ids)

    def add_attachment(self, name: str, data: bytes) -> dict[str, Any]:
        """Serve `data` as an uploaded attachment; returns its attachment object."""
        self.attachments[name] = data
        url = f"http://127.0.0.1:{self.port}/attachments/{name}"
        return p.attachment(self.next_id(), name, len(data), url)

    def rate_limit(
        self,
        method: str,
        pattern: str,
        retry_after: float,
        *,
        is_global: bool = False,
        scope: str = "user",
    ) -> None:
        """The next `method` request matching `pattern` gets a 429 (scope "user" or "shared")."""
        with self.lock:
            self.limits.append(Limit(method, pattern, retry_after, is_global, scope))

    def lock_thread(self, thread_id: int) -> None:
        """Archive and lock a thread (moderators did; the bot has no Manage Threads)."""
        metadata = self.channels[thread_id]["thread_metadata"]
        metadata["archived"] = metadata["locked"] = True

    def shard_queue(self, shard_id: int) -> asyncio.Queue[dict[str, Any]]:
        """The dispatches of one shard (shard 0's is `gateway_events`)."""
        if shard_id == 0:
            assert self.gateway_events is not None
            return self.gateway_events
        return self.shard_events.setdefault(shard_id, asyncio.Queue())

    def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send a gateway DISPATCH to the connected bot, on the shard Discord would use: a
        guild's events on shard (guild_id >> 22) % shard_count, everything else on shard 0."""
        guild = str(data.get("guild_id") or "")
        shard = (int(guild) >> 22) % self.shard_count if guild.isdigit() else 0
        queue = self.shard_queue(shard)
        if event == "INTERACTION_CREATE" and str(data.get("id", "")).isdigit():
            self.interactions.hand_over(data["id"])
            if str(data.get("channel_id", "")).isdigit() and "token" in data:
                self.answer_channels[str(data["token"])] = int(data["channel_id"])
        self._loop.call_soon_threadsafe(queue.put_nowait, {"t": event, "d": data})

    # -- queries for tests -------------------------------------------------------------------

    def find(self, method: str, pattern: str) -> list[Call]:
        with self.lock:
            return [c for c in self.calls if c.method == method and re.fullmatch(pattern, c.path)]

    def thread_messages(self, thread_id: int) -> list[dict[str, Any]]:
        with self.lock:
            return [m for m in self.messages.values() if m["channel_id"] == str(thread_id)]

    # -- REST --------------------------------------------------------------------------------

    async def _attachment(self, request: web.Request) -> web.Response:
        return web.Response(body=self.attachments[request.match_info["name"]])

    async def _api(self, request: web.Request) -> web.Response:
        response = await self._answer(request)
        scope = response.headers.get("X-RateLimit-Scope")
        if response.status in (401, 403) or (response.status == 429 and scope != "shared"):
            with self.lock:
                self.invalid_requests += 1
        return response

    async def _answer(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        body, files, types = await read_upload(request)
        with self.lock:
            self.calls.append(Call(request.method, path, body, files, types))
            limit = next(
                (
                    x
                    for x in self.limits
                    if x.method == request.method and re.fullmatch(x.pattern, path)
                ),
                None,
            )
            if limit is not None:
                self.limits.remove(limit)
        if limit is not None:
            return limit.response()
        if (too_large := self.uploads.refusal(path, files)) is not None:
            return _error(too_large)
        refused = self._against_spec(request, path, body)
        if refused is not None:
            return refused
        channel = re.match(r"/channels/(\d+)", path)
        if channel and int(channel.group(1)) in self.no_access:
            return _error(MISSING_ACCESS)
        for method, pattern, handler in self._routes():
            match = re.fullmatch(pattern, path)
            if method == request.method and match:
                return await handler(body, typed(files, types), *match.groups())
        return _json({"message": "404: Not Found", "code": 0}, 404)

    def _against_spec(self, request: web.Request, path: str, body: Any) -> web.Response | None:
        """Refuse what Discord's OpenAPI spec refuses (and note fields Discord would ignore)."""
        verdict = contract().check(
            request.method, path, dict(request.query), body, request.content_type
        )
        where = f"{request.method} {path}"
        self.violations.add(*(f"{where}: ignored field {u}" for u in verdict.unknown))
        if verdict.refusal is not None:
            self.violations.add(f"{where}: {json.dumps(verdict.refusal[0])[:500]}")
        return None if verdict.refusal is None else _error(verdict.refusal)

    def _routes(self) -> list[tuple[str, str, Any]]:
        return [
            ("GET", r"/users/@me", self._me),
            ("POST", r"/users/@me/channels", self._open_dm),
            ("GET", r"/oauth2/applications/@me", self._application),
            ("GET", r"/gateway(?:/bot)?", self._gateway),
            ("PUT", r"/applications/\d+(?:/guilds/\d+)?/commands", self._commands),
            ("POST", r"/applications/(\d+)/entitlements/(\d+)/consume", self.entitlements.consume),
            ("GET", r"/channels/(\d+)", self._channel),
            ("PATCH", r"/channels/(\d+)", self._edit_channel),
            ("POST", r"/channels/(\d+)/messages", self._create_message),
            ("PATCH", r"/channels/(\d+)/messages/(\d+)", self._edit_message),
            ("DELETE", r"/channels/(\d+)/messages/(\d+)", self._delete_message),
            ("POST", r"/channels/(\d+)/messages/(\d+)/threads", partial(start_thread, self)),
            ("POST", r"/channels/(\d+)/threads", partial(start_post, self)),
            ("POST", r"/interactions/(\d+)/([^/]+)/callback", self._callback),
            ("POST", r"/webhooks/\d+/([^/]+)", self._webhook_message),
            ("PATCH", r"/webhooks/\d+/([^/]+)/messages/([^/]+)", self._webhook_message),
        ]

    async def _me(self, *_: Any) -> web.Response:
        return _json(p.bot_user())

    async def _open_dm(self, body: dict[str, Any], *_: Any) -> web.Response:
        return open_dm(self, body)

    async def _application(self, *_: Any) -> web.Response:
        return _json(p.application())

    async def _gateway(self, *_: Any) -> web.Response:
        url = f"ws://127.0.0.1:{self.port}/gateway-ws"
        limit = {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}
        return _json({"url": url, "shards": self.recommended_shards, "session_start_limit": limit})

    async def _commands(self, body: Any, *_: Any) -> web.Response:
        commands = body if isinstance(body, list) else []
        out = [
            c | {"id": str(self.next_id()), "application_id": str(p.APP), "version": "1"}
            for c in commands
        ]
        return _json(out)

    async def _channel(self, _body: Any, _files: Any, channel_id: str) -> web.Response:
        channel = self.channels.get(int(channel_id))
        if channel is None:
            return _json({"message": "Unknown Channel", "code": 10003}, 404)
        return _json(channel)

    async def _edit_channel(self, body: dict[str, Any], _f: Any, channel_id: str) -> web.Response:
        channel = self.channels.get(int(channel_id))
        if channel is None:
            return _error(UNKNOWN_CHANNEL)
        if self.archived(int(channel_id)) and body.get("archived") is not False:
            return _error(THREAD_ARCHIVED)
        if self.locked(int(channel_id)) and not self.manage_threads:
            return _error(MISSING_PERMISSIONS)  # only Manage Threads may unarchive a locked one
        if "archived" in body:
            channel["thread_metadata"]["archived"] = body["archived"]
        if "applied_tags" in body:
            channel["applied_tags"] = [str(tag) for tag in body["applied_tags"]]
        return _json(channel)

    def _ephemeral(self, message_id: str) -> bool:  # only its interaction's webhook sees it
        return self.interactions.is_ephemeral(int(message_id))

    def archived(self, channel_id: int) -> bool:
        return bool(self.channels[channel_id].get("thread_metadata", {}).get("archived"))

    def locked(self, channel_id: int) -> bool:
        return bool(self.channels[channel_id].get("thread_metadata", {}).get("locked"))

    async def _create_message(
        self, body: dict[str, Any], files: Any, channel_id: str
    ) -> web.Response:
        cid = int(channel_id)
        if cid not in self.channels:
            return _error(UNKNOWN_CHANNEL)
        if cid in self.forbidden:
            return _error(MISSING_PERMISSIONS)
        if (closed := dm_refusal(self, cid)) is not None:
            return closed
        nonce = body.get("nonce")
        if nonce is not None and len(str(nonce)) > 25:
            return _json({"message": "Invalid Form Body", "code": 50035}, 400)
        now = time.monotonic()
        seen = self.nonces.get(str(nonce)) if nonce is not None else None
        if body.get("enforce_nonce") and seen and now - seen[0] < NONCE_SECONDS:
            if seen[1] in self.messages:
                return _json(self.messages[seen[1]])
        if self.archived(cid):
            if self.locked(cid):
                return _error(THREAD_ARCHIVED)
            self.channels[cid]["thread_metadata"]["archived"] = False  # sending unarchives it
        message = self._store_message(cid, body, files)
        if nonce is not None:
            self.nonces[str(nonce)] = (now, int(message["id"]))
        return _json(message)

    async def _edit_message(
        self, body: dict[str, Any], files: Any, cid: str, mid: str
    ) -> web.Response:
        if int(cid) not in self.channels:
            return _error(UNKNOWN_CHANNEL)
        message = self.messages.get(int(mid))
        if message is None or message["channel_id"] != cid or self._ephemeral(mid):
            return _error(UNKNOWN_MESSAGE)
        if self.archived(int(cid)):
            return _error(THREAD_ARCHIVED)
        for key in ("content", "components"):
            if key in body:
                message[key] = body[key]
        if "attachments" in body:  # kept ones by id, new ones by index into the files
            message["attachments"] = edited_attachments(self, message, body, files)
        message["edited_timestamp"] = datetime.now(UTC).isoformat()
        return _json(message)

    async def _delete_message(self, _b: Any, _f: Any, cid: str, mid: str) -> web.Response:
        if int(cid) not in self.channels:
            return _error(UNKNOWN_CHANNEL)
        if int(cid) in self.forbidden:
            return _error(MISSING_PERMISSIONS)
        message = self.messages.get(int(mid))
        if message is None or message["channel_id"] != cid or self._ephemeral(mid):
            return _error(UNKNOWN_MESSAGE)
        if self.archived(int(cid)):
            return _error(THREAD_ARCHIVED)
        self.messages.pop(int(mid), None)
        return web.Response(status=204)

    async def _callback(self, body: dict[str, Any], _f: Any, iid: str, token: str) -> web.Response:
        refused = self.interactions.respond(iid, token, body)
        if refused is ALREADY_ACKNOWLEDGED:
            self.violations.add(f"interaction {iid} acknowledged twice")
        if refused is not None:
            return _error(refused)
        kind = body.get("type", 0)
        flags = (body.get("data") or {}).get("flags", 0)
        interaction = {
            "id": iid,
            "type": 2,
            "response_message_loading": kind == 5,
            "response_message_ephemeral": bool(flags & 64),
        }
        return _json({"interaction": interaction, "resource": {"type": kind}})

    async def _webhook_message(
        self, body: dict[str, Any], files: Any, token: str, *_message: str
    ) -> web.Response:
        """A follow-up, or an edit of a message, through the interaction's webhook."""
        refused = self.interactions.webhook(token)
        if refused is not None:
            return _error(refused)
        channel = self.answer_channels.get(token, p.CHANNEL)
        message = self._store_message(channel, body, files)
        self.interactions.note_message(message)
        return _json(message)

    def _store_message(self, channel_id: int, body: dict[str, Any], files: Any) -> dict[str, Any]:
        message_id = self.next_id()
        names = [f[1] for f in files]
        message = p.message(message_id, channel_id, body.get("content") or "", body, names)
        self.uploads.describe(message, files)
        if channel_id in self.channels:
            with self.lock:
                self.messages[message_id] = message
                self.posted_files[message_id] = [f[2] for f in files]
        return message
