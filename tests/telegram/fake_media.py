"""The fake Bot API's media methods: sendVideo, sendAudio, sendVoice, sendAnimation,
editMessageMedia, and the file checks the Bot API documents for them.

What the server does with a file it cannot use as the method asks is what Telegram does: a video
that is not MPEG-4, an audio file that is not MP3/M4A, a voice that is not Ogg Opus/MP3/M4A
arrive as a document; a thumbnail that is not a JPEG under 200 kB within 320×320 is ignored
(recorded as a violation, so the test that sent it fails).
"""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING, Any

from PIL import Image

from tests.telegram.fake_methods import Params, Refusal, bad, editable, post_message, writable

if TYPE_CHECKING:
    from tests.telegram.fake_api import FakeBotApi

UPLOAD_MAX_BYTES = 50 * 1000 * 1000  # "Bots can currently send … files of up to 50 MB"
THUMB_MAX_BYTES = 200 * 1000
THUMB_MAX_SIDE = 320
MEDIA_FIELDS = ("photo", "video", "audio", "voice", "document", "animation", "text")
INPUT_MEDIA = {"photo", "video", "audio", "document", "animation"}


class Uploads(dict[str, bytes]):
    """Uploaded file parts by parameter name, with the file names and content types sent."""

    def __init__(self) -> None:
        super().__init__()
        self.names: dict[str, str] = {}
        self.types: dict[str, str] = {}


def _mime(data: bytes) -> str:
    head = data[:64]
    if head[4:8] == b"ftyp":
        return "audio/mp4" if head[8:12] in (b"M4A ", b"M4B ") else "video/mp4"
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "audio/mpeg"
    if head.startswith(b"OggS"):
        return "audio/ogg" if b"OpusHead" in data[:512] else "application/ogg"
    if head.startswith(b"glTF"):
        return "model/gltf-binary"
    return "application/octet-stream"


def _chat(api: FakeBotApi, params: Params) -> dict[str, Any]:
    chat_id = int(params.get("chat_id", 0))
    writable(api, chat_id)
    chat = api.chats.get(chat_id)
    if chat is None:
        raise bad("chat not found")
    return chat


def _file(api: FakeBotApi, files: Any, field: str, params: Params) -> tuple[bytes, dict[str, Any]]:
    data = files.get(field)
    if data is None:
        raise bad(f"there is no {field} in the request")
    if len(data) > api.upload_limit:
        raise Refusal(413, "Request Entity Too Large")
    names = getattr(files, "names", {})
    stored = api.store_file(data, f"{field}s", "bin")
    stored |= {"file_name": names.get(field, "file"), "mime_type": _mime(data)}
    return data, stored


def thumbnail(api: FakeBotApi, method: str, data: bytes | None) -> dict[str, Any] | None:
    """The stored thumbnail, or None (with a violation) when Telegram would ignore it."""
    if data is None:
        return None
    try:
        with Image.open(io.BytesIO(data)) as img:
            kind, (width, height) = img.format, img.size
    except OSError:
        kind, width, height = None, 0, 0
    problem = None
    if kind != "JPEG":
        problem = f"not a JPEG ({kind})"
    elif len(data) >= THUMB_MAX_BYTES:
        problem = f"{len(data)} bytes, not under 200 kB"
    elif max(width, height) > THUMB_MAX_SIDE:
        problem = f"{width}×{height}, more than 320 px"
    if problem is not None:
        api.violations.add(f"{method}: thumbnail ignored: {problem}")
        return None
    stored = api.store_file(data, "thumbnails", "jpg")
    return {**stored, "width": width, "height": height}


def thumb_part(params: Params, files: Any) -> bytes | None:
    """The thumbnail: a part named "thumbnail", or the part "attach://<name>" names."""
    named = str(params.get("thumbnail") or "")
    if named.startswith("attach://"):
        return files.get(named.removeprefix("attach://"))
    return files.get("thumbnail")


def _seconds(params: Params) -> int:
    return int(params.get("duration") or 0)


def send_video(api: FakeBotApi, params: Params, files: Any) -> Any:
    data, stored = _file(api, files, "video", params)
    if stored["mime_type"] != "video/mp4":
        return _document(api, params, stored, files, "sendVideo")
    video = stored | {
        "width": int(params.get("width") or 0),
        "height": int(params.get("height") or 0),
        "duration": _seconds(params),
    }
    if thumb := thumbnail(api, "sendVideo", thumb_part(params, files)):
        video["thumbnail"] = thumb
    return _post(api, params, video=video)


def send_animation(api: FakeBotApi, params: Params, files: Any) -> Any:
    _data, stored = _file(api, files, "animation", params)
    animation = stored | {"width": 0, "height": 0, "duration": _seconds(params)}
    if thumb := thumbnail(api, "sendAnimation", thumb_part(params, files)):
        animation["thumbnail"] = thumb
    return _post(api, params, animation=animation)


def send_audio(api: FakeBotApi, params: Params, files: Any) -> Any:
    _data, stored = _file(api, files, "audio", params)
    if stored["mime_type"] not in ("audio/mpeg", "audio/mp4"):
        return _document(api, params, stored, files, "sendAudio")
    audio = stored | {"duration": _seconds(params)}
    for key in ("title", "performer"):
        if params.get(key):
            audio[key] = str(params[key])
    if thumb := thumbnail(api, "sendAudio", thumb_part(params, files)):
        audio["thumbnail"] = thumb
    return _post(api, params, audio=audio)


def send_voice(api: FakeBotApi, params: Params, files: Any) -> Any:
    _data, stored = _file(api, files, "voice", params)
    if stored["mime_type"] not in ("audio/ogg", "audio/mpeg", "audio/mp4"):
        return _document(api, params, stored, files, "sendVoice")
    return _post(api, params, voice=stored | {"duration": _seconds(params)})


def send_document(api: FakeBotApi, params: Params, files: Any) -> Any:
    _data, stored = _file(api, files, "document", params)
    return _document(api, params, stored, files, "sendDocument")


def _document(
    api: FakeBotApi, params: Params, stored: dict[str, Any], files: Any, method: str
) -> Any:
    document = dict(stored)
    if thumb := thumbnail(api, method, thumb_part(params, files)):
        document["thumbnail"] = thumb
    return _post(api, params, document=document)


def _post(api: FakeBotApi, params: Params, **content: Any) -> Any:
    caption = params.get("caption")
    return post_message(
        api,
        _chat(api, params),
        api.bot_user,
        params,
        caption=None if caption is None else str(caption),
        **content,
    )


def edit_media(api: FakeBotApi, params: Params, files: Any) -> Any:
    """Replace a message's media (or a text with a media), files as attach://<name> parts."""
    message = editable(api, params)
    media = params.get("media")
    if isinstance(media, str):
        media = json.loads(media)
    kind = str(media.get("type", ""))
    if kind not in INPUT_MEDIA:
        raise bad("can't parse InputMedia: unsupported media type specified")
    source = str(media.get("media", ""))
    if not source.startswith("attach://"):
        raise bad("wrong file identifier/HTTP URL specified")
    name = source.removeprefix("attach://")
    if name not in files:
        raise bad(f"can't parse InputMedia: file {name} not found")
    uploads = _Renamed(files, name, kind)
    if kind == "photo":
        content: dict[str, Any] = {"photo": api.photo_sizes(files[name])}
    else:
        thumb = str(media.get("thumbnail") or "").removeprefix("attach://")
        if thumb:
            uploads["thumbnail"] = files[thumb]
        sent = {k: v for k, v in media.items() if k in ("duration", "width", "height", "title")}
        handler = {"video": send_video, "audio": send_audio, "animation": send_animation}.get(
            kind, send_document
        )
        probe = handler(api, {"chat_id": message["chat"]["id"], **sent}, uploads)
        api.messages.pop((probe["chat"]["id"], probe["message_id"]), None)
        content = {k: v for k, v in probe.items() if k in MEDIA_FIELDS}
    for field in (*MEDIA_FIELDS, "caption"):
        message.pop(field, None)
    message.update(content)
    if media.get("caption") is not None:
        message["caption"] = str(media["caption"])
    markup = params.get("reply_markup")
    if markup is not None:
        message["reply_markup"] = markup
    else:
        message.pop("reply_markup", None)
    return message


class _Renamed(Uploads):
    """The attach:// part under the field name the send handler reads."""

    def __init__(self, files: Any, name: str, kind: str):
        super().__init__()
        self[kind] = files[name]
        self.names[kind] = getattr(files, "names", {}).get(name, "file")


MEDIA_METHODS = {
    "sendVideo": send_video,
    "sendAudio": send_audio,
    "sendVoice": send_voice,
    "sendAnimation": send_animation,
    "sendDocument": send_document,
    "editMessageMedia": edit_media,
}
