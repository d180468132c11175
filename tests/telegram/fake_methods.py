"""The fake Bot API's methods: results and refusals shaped as the Bot API documents them."""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.telegram.fake_api import FakeBotApi

Params = dict[str, Any]
Files = dict[str, bytes]
PHOTO_MAX_BYTES = 10 * 1000 * 1000
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
COMMAND_NAME = re.compile(r"^[a-z0-9_]{1,32}$")


DELETE_WINDOW = 48 * 3600  # "a message can only be deleted if it was sent less than 48 hours ago"
QUERY_SECONDS = 15.0
"""How long a callback query can be answered. Telegram does not document it; answers later than
about 10-15 s get QUERY_ID_INVALID, which the server words as below (Client.cpp)."""
QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
TOPIC_RIGHT = "can_manage_topics"


class Refusal(Exception):
    """`{"ok": false, "error_code", "description", "parameters"}` (retry_after, migrate_to)."""

    def __init__(
        self,
        code: int,
        description: str,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
    ):
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after
        self.migrate_to_chat_id = migrate_to_chat_id


def bad(description: str) -> Refusal:
    return Refusal(400, f"Bad Request: {description}")


def writable(api: FakeBotApi, chat_id: int) -> None:
    """Refuse writes where the Bot API server's check_chat does (telegram-bot-api Client.cpp)."""
    upgraded = api.migrated.get(chat_id)
    if upgraded is not None:
        raise Refusal(
            400,
            "Bad Request: group chat was upgraded to a supergroup chat",
            migrate_to_chat_id=upgraded,
        )
    if chat_id in api.kicked:
        kind = api.chats.get(chat_id, {}).get("type", "group")
        if kind == "private":  # a person cannot remove the bot from their chat: they block it
            raise Refusal(403, "Forbidden: bot was blocked by the user")
        place = "group" if kind == "group" else "supergroup" if kind == "supergroup" else "channel"
        raise Refusal(403, f"Forbidden: bot was kicked from the {place} chat")


def _chat(api: FakeBotApi, params: Params) -> dict[str, Any]:
    chat_id = int(params.get("chat_id", 0))
    writable(api, chat_id)
    chat = api.chats.get(chat_id)
    if chat is None:
        raise bad("chat not found")
    return chat


def _check_markup(markup: Any) -> None:
    if not isinstance(markup, dict):
        return
    for row in markup.get("inline_keyboard", []):
        for button in row:
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= 64:
                raise bad("BUTTON_DATA_INVALID")


def post_message(
    api: FakeBotApi, chat: dict[str, Any], sender: dict[str, Any], params: Params, **content: Any
) -> dict[str, Any]:
    """Store a message in `chat` (topic, reply and markup from `params`) and return it."""
    message: dict[str, Any] = {
        "message_id": api.next_message_id(),
        "date": int(time.time()),
        "chat": chat,
        "from": sender,
        **{k: v for k, v in content.items() if v is not None},
    }
    thread = params.get("message_thread_id")
    if thread is not None:
        if (chat["id"], int(thread)) not in api.topics:
            raise bad("message thread not found")
        message["message_thread_id"] = int(thread)
        message["is_topic_message"] = True
    reply = params.get("reply_parameters") or (
        {"message_id": params["reply_to_message_id"]} if params.get("reply_to_message_id") else None
    )
    if reply:
        replied = api.messages.get((chat["id"], int(reply["message_id"])))
        if replied is not None:
            message["reply_to_message"] = {
                k: v for k, v in replied.items() if k != "reply_to_message"
            }
        elif not reply.get("allow_sending_without_reply"):
            raise bad("message to be replied not found")
    markup = params.get("reply_markup")
    _check_markup(markup)
    if isinstance(markup, dict) and "inline_keyboard" in markup:
        message["reply_markup"] = markup
    api.messages[(chat["id"], message["message_id"])] = message
    return message


def send_message(api: FakeBotApi, params: Params, files: Files) -> Any:
    text = str(params.get("text", ""))
    if not text.strip():
        raise bad("message text is empty")
    if len(text) > 4096:
        raise bad("message is too long")
    return post_message(api, _chat(api, params), api.bot_user, params, text=text)


def send_photo(api: FakeBotApi, params: Params, files: Files) -> Any:
    data = files.get("photo")
    if data is None:
        raise bad("there is no photo in the request")
    if len(data) > PHOTO_MAX_BYTES:
        raise Refusal(413, "Request Entity Too Large")
    sizes = api.photo_sizes(data)
    width, height = sizes[-1]["width"], sizes[-1]["height"]
    if width + height > 10000 or max(width, height) / min(width, height) > 20:
        raise bad("PHOTO_INVALID_DIMENSIONS")
    caption = params.get("caption")
    if caption is not None and len(str(caption)) > 1024:
        raise bad("message caption is too long")
    return post_message(
        api,
        _chat(api, params),
        api.bot_user,
        params,
        photo=sizes,
        caption=None if caption is None else str(caption),
    )


def _editable(api: FakeBotApi, params: Params, what: str = "message to edit") -> dict[str, Any]:
    chat_id = int(params.get("chat_id", 0))
    writable(api, chat_id)
    message = api.messages.get((chat_id, int(params.get("message_id", 0))))
    if message is None:
        raise bad(f"{what} not found")
    _check_markup(params.get("reply_markup"))
    return message


editable = _editable


def _apply(message: dict[str, Any], field: str, value: Any, params: Params) -> dict[str, Any]:
    markup = params.get("reply_markup")
    if message.get(field) == value and message.get("reply_markup") == markup:
        raise bad(NOT_MODIFIED.removeprefix("Bad Request: "))
    message[field] = value
    if markup is not None:
        message["reply_markup"] = markup
    else:
        message.pop("reply_markup", None)
    message["edit_date"] = int(time.time())
    return message


CAPTIONED = ("photo", "document", "video", "audio", "voice", "animation")


def edit_caption(api: FakeBotApi, params: Params, files: Files) -> Any:
    message = _editable(api, params)
    if not any(kind in message for kind in CAPTIONED):
        raise bad("there is no caption in the message to edit")
    return _apply(message, "caption", str(params.get("caption", "")), params)


def edit_text(api: FakeBotApi, params: Params, files: Files) -> Any:
    message = _editable(api, params)
    if "text" not in message:
        raise bad("there is no text in the message to edit")
    return _apply(message, "text", str(params.get("text", "")), params)


def answer_callback(api: FakeBotApi, params: Params, files: Files) -> Any:
    """Once per query, within its deadline (QUERY_ID_INVALID otherwise)."""
    query_id = str(params.get("callback_query_id"))
    issued = api.queries.get(query_id)
    if issued is None or issued.answered or time.monotonic() - issued.at > QUERY_SECONDS:
        raise bad(QUERY_TOO_OLD)
    issued.answered = True
    return True


def create_topic(api: FakeBotApi, params: Params, files: Files) -> Any:
    """Needs the can_manage_topics admin right (tdlib ForumTopicManager::create_forum_topic)."""
    chat = _chat(api, params)
    if not chat.get("is_forum"):
        raise bad("the chat is not a forum")
    if TOPIC_RIGHT not in api.bot_rights.get(chat["id"], set()):
        raise bad("not enough rights to create a topic")
    name = str(params.get("name", ""))
    if not 1 <= len(name) <= 128:
        raise bad("TOPIC_NAME_INVALID")
    topic_id = api.next_message_id()
    api.topics[(chat["id"], topic_id)] = name
    api.own_topics.add((chat["id"], topic_id))
    api.messages[(chat["id"], topic_id)] = {
        "message_id": topic_id,
        "date": int(time.time()),
        "chat": chat,
        "from": api.bot_user,
        "message_thread_id": topic_id,
        "is_topic_message": True,
        "forum_topic_created": {"name": name, "icon_color": 7322096},
    }
    return {"message_thread_id": topic_id, "name": name, "icon_color": 7322096}


def edit_topic(api: FakeBotApi, params: Params, files: Files) -> Any:
    """Without can_manage_topics only the bot's own topics (ForumTopicManager::edit_forum_topic)."""
    key = (int(params.get("chat_id", 0)), int(params.get("message_thread_id", 0)))
    if key not in api.topics:
        raise bad("message thread not found")
    if TOPIC_RIGHT not in api.bot_rights.get(key[0], set()) and key not in api.own_topics:
        raise bad("not enough rights to edit the topic")
    if "name" in params:
        api.topics[key] = str(params["name"])
    return True


def delete_topic(api: FakeBotApi, params: Params, files: Files) -> Any:
    key = (int(params.get("chat_id", 0)), int(params.get("message_thread_id", 0)))
    if api.topics.pop(key, None) is None:
        raise bad("message thread not found")
    return True


def get_chat_member(api: FakeBotApi, params: Params, files: Files) -> Any:
    chat = _chat(api, params)
    user_id = int(params.get("user_id", 0))
    user = {"id": user_id, "is_bot": False, "first_name": f"user{user_id}"}
    if user_id in api.admins.get(chat["id"], set()):
        return {"status": "creator", "user": user, "is_anonymous": False}
    return {"status": "member", "user": user}


def get_file(api: FakeBotApi, params: Params, files: Files) -> Any:
    file_id = str(params.get("file_id"))
    if file_id not in api.files:
        raise bad("invalid file_id")
    data, path = api.files[file_id]
    return {
        "file_id": file_id,
        "file_unique_id": file_id[-8:],
        "file_size": len(data),
        "file_path": path,
    }


def set_commands(api: FakeBotApi, params: Params, files: Files) -> Any:
    commands = params.get("commands") or []
    for command in commands:
        if not COMMAND_NAME.match(str(command.get("command", ""))):
            raise bad("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description", ""))) <= 256:
            raise bad("BOT_COMMAND_DESCRIPTION_INVALID")
    api.commands = commands
    return True


def set_webhook(api: FakeBotApi, params: Params, files: Files) -> Any:
    api.webhook = dict(params)
    return True


def delete_message(api: FakeBotApi, params: Params, files: Files) -> Any:
    """Bots delete their own messages sent less than 48 h ago, others' only as admins with
    can_delete_messages, and never service messages (MESSAGE_DELETE_FORBIDDEN otherwise)."""
    message = _editable(api, params, "message to delete")
    chat = message["chat"]
    own = message["from"]["id"] == api.bot_user["id"]
    may = own or chat["type"] == "private" or api.bot_user["id"] in api.admins.get(chat["id"], ())
    too_old = time.time() - message["date"] >= DELETE_WINDOW
    if "forum_topic_created" in message or not may or too_old:
        raise bad("message can't be deleted")
    api.messages.pop((message["chat"]["id"], message["message_id"]), None)
    return True


METHODS = {
    "getMe": lambda api, params, files: api.bot_user,
    "setMyCommands": set_commands,
    "deleteWebhook": lambda api, params, files: True,
    "setWebhook": set_webhook,
    "sendMessage": send_message,
    "sendPhoto": send_photo,
    "sendChatAction": lambda api, params, files: bool(_chat(api, params)),
    "editMessageCaption": edit_caption,
    "editMessageText": edit_text,
    "deleteMessage": delete_message,
    "answerCallbackQuery": answer_callback,
    "createForumTopic": create_topic,
    "editForumTopic": edit_topic,
    "deleteForumTopic": delete_topic,
    "getChatMember": get_chat_member,
    "getFile": get_file,
}
