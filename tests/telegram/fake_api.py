"""A local fake Telegram Bot API: stores chats, messages, topics and files; records every call."""

from __future__ import annotations

import asyncio
import io
import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from PIL import Image

from tests.contract.telegram_contract import contract
from tests.contract.violations import Violations
from tests.telegram.fake_media import MEDIA_METHODS, UPLOAD_MAX_BYTES, Uploads
from tests.telegram.fake_methods import METHODS, Refusal
from tests.telegram.fake_payments import PAYMENT_METHODS

TOKEN = "123456:TEST-token"
BOT_USER = {
    "id": 999000,
    "is_bot": True,
    "first_name": "Lightbox",
    "username": "lightbox_test_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}


@dataclass
class Query:
    """A callback query the fake issued: when, and whether it was answered."""

    at: float = field(default_factory=time.monotonic)
    answered: bool = False


@dataclass
class Call:
    """One Bot API request as the fake received it (objects JSON-decoded, uploads by part name)."""

    method: str
    params: dict[str, Any]
    files: dict[str, bytes] = field(default_factory=dict)
    at: float = field(default_factory=time.monotonic)


class FakeBotApi:
    """Serves `/bot<token>/<method>` and `/file/bot<token>/<path>` on 127.0.0.1 (random port)."""

    def __init__(self, token: str = TOKEN):
        self.token = token
        self.bot_user = dict(BOT_USER)
        self.chats: dict[int, dict[str, Any]] = {}
        self.admins: dict[int, set[int]] = {}
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self.topics: dict[tuple[int, int], str] = {}
        self.files: dict[str, tuple[bytes, str]] = {}
        self.queries: dict[str, Query] = {}
        self.bot_rights: dict[int, set[str]] = {}
        """Admin rights the bot holds per chat (a forum grants can_manage_topics unless revoked)."""
        self.own_topics: set[tuple[int, int]] = set()
        self.commands: list[dict[str, Any]] = []
        self.calls: list[Call] = []
        self.failures: dict[str, list[Refusal]] = {}
        self.updates: list[dict[str, Any]] = []
        self.webhook: dict[str, Any] | None = None
        self.migrated: dict[int, int] = {}
        """Basic groups upgraded to supergroups: old chat id → new chat id."""
        self.kicked: set[int] = set()
        """Chats the bot was removed from (every write is refused with 403)."""
        self.violations = Violations("the Bot API")
        """Calls the published Bot API description refuses, or parameters it would ignore."""
        self.invoices: dict[str, dict[str, Any]] = {}
        self.pre_checkouts: dict[str, tuple[bool, str] | None] = {}
        """Pre-checkout queries sent to the bot → its answer (None until answered)."""
        self.star_payments: dict[str, dict[str, Any]] = {}
        """Successful Stars payments by telegram_payment_charge_id (user_id, refunded)."""
        self.upload_limit = UPLOAD_MAX_BYTES
        """Bytes per uploaded file (50 MB; a test may lower it with the sink's limit)."""
        self.lock = threading.RLock()
        self._ids = itertools.count(1)
        self._update_ids = itertools.count(1)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._new_update: asyncio.Event | None = None
        self.port = 0
        self._closing = False

    # -- life cycle ------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FakeBotApi:
        ready = threading.Event()
        self._loop = asyncio.new_event_loop()

        async def serve() -> None:
            app = web.Application(client_max_size=80 * 1024 * 1024)
            app.router.add_route("*", "/bot{token}/{method}", self._api)
            app.router.add_get("/file/bot{token}/{path:.+}", self._file)
            self._runner = web.AppRunner(app)
            await self._runner.setup()
            site = web.TCPSite(self._runner, "127.0.0.1", 0)
            await site.start()
            self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
            self._new_update = asyncio.Event()
            ready.set()

        def run() -> None:
            assert self._loop is not None
            self._loop.run_until_complete(serve())
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, name="fake-bot-api", daemon=True)
        self._thread.start()
        ready.wait(10)
        return self

    def stop(self) -> None:
        if self._loop is None or self._thread is None:
            return
        self._closing = True
        if self._new_update is not None:
            self._loop.call_soon_threadsafe(self._new_update.set)  # ends held long polls
        runner = self._runner
        if runner is not None:
            asyncio.run_coroutine_threadsafe(runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()
        self._loop = None

    # -- state helpers ---------------------------------------------------------------------------

    def add_chat(
        self, chat_id: int, kind: str = "supergroup", *, forum: bool = False, title: str = "Team"
    ) -> dict[str, Any]:
        chat: dict[str, Any] = {"id": chat_id, "type": kind}
        if kind == "private":
            chat["first_name"] = title
        else:
            chat["title"] = title
        if forum:
            chat["is_forum"] = True
            self.bot_rights.setdefault(chat_id, set()).add("can_manage_topics")
        self.chats[chat_id] = chat
        self.admins.setdefault(chat_id, set())
        return chat

    def migrate(self, chat_id: int, new_chat_id: int) -> None:
        """Upgrade a basic group to a supergroup, as Telegram does when a group grows."""
        with self.lock:
            old = self.chats[chat_id]
            self.add_chat(new_chat_id, "supergroup", title=old.get("title", "Team"))
            self.admins[new_chat_id] = set(self.admins.get(chat_id, set()))
            self.migrated[chat_id] = new_chat_id

    def revoke(self, chat_id: int, right: str) -> None:
        """An admin took one of the bot's rights away (e.g. can_manage_topics)."""
        with self.lock:
            self.bot_rights.setdefault(chat_id, set()).discard(right)

    def kick(self, chat_id: int) -> None:
        """Remove the bot from a chat (in a private chat: the person blocked the bot)."""
        with self.lock:
            self.kicked.add(chat_id)

    def next_message_id(self) -> int:
        return next(self._ids)

    def store_file(self, data: bytes, folder: str, suffix: str) -> dict[str, Any]:
        number = len(self.files) + 1
        file_id = f"AgAC-file-{number}"
        self.files[file_id] = (data, f"{folder}/file_{number}.{suffix}")
        return {"file_id": file_id, "file_unique_id": f"u{number}", "file_size": len(data)}

    def photo_sizes(self, data: bytes) -> list[dict[str, Any]]:
        with Image.open(io.BytesIO(data)) as img:
            width, height = img.size
        stored = self.store_file(data, "photos", "jpg")
        return [{**stored, "width": width, "height": height}]

    def fail(
        self, method: str, code: int, description: str, retry_after: int | None = None
    ) -> None:
        """The next call of `method` is refused like the Bot API refuses it."""
        with self.lock:
            self.failures.setdefault(method, []).append(Refusal(code, description, retry_after))

    def push_update(self, update: dict[str, Any]) -> None:
        """Queue an update for getUpdates (long polling)."""
        with self.lock:
            self.updates.append(update)
        if self._loop is not None and self._new_update is not None:
            self._loop.call_soon_threadsafe(self._new_update.set)

    def new_update_id(self) -> int:
        return next(self._update_ids)

    def calls_of(self, method: str) -> list[Call]:
        with self.lock:
            return [c for c in self.calls if c.method == method]

    def names(self) -> list[str]:
        with self.lock:
            return [c.method for c in self.calls]

    # -- HTTP ------------------------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _refuse(Refusal(401, "Unauthorized"))
        method = request.match_info["method"]
        params, files, raw = await _read_params(request)
        call = Call(method, params, files)  # stamped on arrival, before the contract check
        verdict = contract().check(method, raw, set(files))
        self.violations.add(*(f"{method}: ignored {note}" for note in verdict.unknown))
        if verdict.refusal is not None:
            self.violations.add(f"{method}: {verdict.refusal[1]}")
        with self.lock:
            self.calls.append(call)
            pending = self.failures.get(method)
            refusal = pending.pop(0) if pending else None
        if refusal is not None:
            return _refuse(refusal)
        if verdict.refusal is not None:
            return _refuse(Refusal(*verdict.refusal))
        if method == "getUpdates":
            return web.json_response({"ok": True, "result": await self._get_updates(params)})
        handler = MEDIA_METHODS.get(method) or METHODS.get(method) or PAYMENT_METHODS.get(method)
        if handler is None:
            return _refuse(Refusal(404, "Not Found: method not found"))
        try:
            with self.lock:
                result = handler(self, params, files)
        except Refusal as refusal:
            return _refuse(refusal)
        return web.json_response({"ok": True, "result": result})

    async def _file(self, request: web.Request) -> web.Response:
        path = request.match_info["path"]
        for data, stored_path in self.files.values():
            if stored_path == path and request.match_info["token"] == self.token:
                return web.Response(body=data)
        return web.Response(status=404, text="Not Found")

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        while True:
            with self.lock:
                self.updates = [u for u in self.updates if u["update_id"] >= offset]
                ready = list(self.updates[: int(params.get("limit") or 100)])
            if ready or self._closing or time.monotonic() >= deadline:
                return ready
            assert self._new_update is not None
            self._new_update.clear()
            try:
                await asyncio.wait_for(self._new_update.wait(), deadline - time.monotonic())
            except TimeoutError:
                pass


async def _read_params(
    request: web.Request,
) -> tuple[dict[str, Any], Uploads, dict[str, Any]]:
    """Form fields (objects JSON-encoded) or multipart with file parts; query string too.
    Also the parameters as sent (strings for form fields), which the contract check reads."""
    raw: dict[str, Any] = dict(request.query)
    files = Uploads()
    if request.content_type == "application/json":
        raw.update(await request.json())
        return dict(raw), files, raw
    if request.content_type.startswith("multipart/"):
        async for part in await request.multipart():
            if part.name is None:
                continue
            data = await part.read()  # type: ignore[union-attr]
            if part.filename:  # type: ignore[union-attr]
                files[part.name] = bytes(data)
                files.names[part.name] = part.filename  # type: ignore[union-attr]
                files.types[part.name] = part.headers.get("Content-Type", "")
            else:
                raw[part.name] = bytes(data).decode()
    else:
        for key, value in (await request.post()).items():
            raw[key] = str(value)
    params = {
        key: _decode(value) if isinstance(value, str) else value for key, value in raw.items()
    }
    return params, files, raw


def _decode(value: str) -> Any:
    if value[:1] in "[{" or value in ("true", "false") or value.lstrip("-").isdigit():
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _refuse(refusal: Refusal) -> web.Response:
    body: dict[str, Any] = {
        "ok": False,
        "error_code": refusal.code,
        "description": refusal.description,
    }
    if refusal.retry_after is not None:
        body["parameters"] = {"retry_after": refusal.retry_after}
    if refusal.migrate_to_chat_id is not None:
        body["parameters"] = {"migrate_to_chat_id": refusal.migrate_to_chat_id}
    return web.json_response(body, status=refusal.code)
