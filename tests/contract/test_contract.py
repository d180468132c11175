"""The contract check itself: the vendored specs cover what the fakes serve, a malformed request
is refused like the real server refuses it, and it fails the test that let it through."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import httpx
import pytest

from tests.contract import discord_contract, telegram_contract
from tests.contract.trim_specs import SOURCES, TELEGRAM_METHODS
from tests.discord import payloads as p
from tests.discord.fake_discord import FakeDiscord
from tests.telegram.fake_api import TOKEN, FakeBotApi
from tests.telegram.fake_media import MEDIA_METHODS
from tests.telegram.fake_methods import METHODS


@pytest.fixture
def discord_fake() -> Iterator[FakeDiscord]:
    server = FakeDiscord().start()
    yield server
    server.stop()


@pytest.fixture
def telegram_fake() -> Iterator[FakeBotApi]:
    api = FakeBotApi().start()
    yield api
    api.stop()


def test_the_vendored_specs_name_their_source_and_cover_every_faked_route() -> None:
    discord, telegram = discord_contract.contract(), telegram_contract.contract()
    assert discord.source == SOURCES["discord"] and telegram.source == SOURCES["telegram"]
    faked = set(METHODS) | set(MEDIA_METHODS) | {"getUpdates"}
    assert faked <= set(TELEGRAM_METHODS) == set(telegram.methods)
    for method, pattern, _handler in FakeDiscord()._routes():
        example = re.sub(r"\(\\d\+\)|\\d\+", "1300000000000000004", pattern)
        example = re.sub(r"\(\[\^/\]\+\)", "token", example).replace("(?:/bot)?", "/bot")
        route, _known = discord.route(method, example.replace("\\", ""))
        assert route is not None, f"{method} {pattern} is not in Discord's spec"


def test_a_malformed_discord_request_is_refused_with_an_errors_tree(
    discord_fake: FakeDiscord,
) -> None:
    bad = {
        "content": "x" * 4001,
        "components": [{"type": 1, "components": [{"type": 2, "style": 9, "custom_id": ""}]}],
        "nonce": "n" * 26,
    }
    headers = {"Authorization": f"Bot {p.TOKEN}"}
    url = f"{discord_fake.base}/channels/{p.CHANNEL}/messages"
    with httpx.Client(headers=headers) as client:
        refused = client.post(url, json=bad)
        ignored = client.post(url, json={"content": "hi", "colour": "red"})
        unknown = client.get(f"{discord_fake.base}/channels/{p.CHANNEL}/nothing-here")
    assert refused.status_code == 400
    body = refused.json()
    assert body["code"] == 50035 and body["message"] == "Invalid Form Body"
    button = body["errors"]["components"]["0"]["components"]["0"]
    assert button["style"]["_errors"][0]["code"] == "BASE_TYPE_CHOICES"
    assert button["custom_id"]["_errors"][0]["message"] == "Must be 1 or more in length."
    assert body["errors"]["content"]["_errors"][0]["code"] == "BASE_TYPE_MAX_LENGTH"
    assert body["errors"]["nonce"]["_errors"][0]["message"] == "Must be 25 or fewer in length."
    assert ignored.status_code == 200, "Discord ignores fields it does not know"
    assert unknown.status_code == 404 and unknown.json() == {"message": "404: Not Found", "code": 0}
    with pytest.raises(AssertionError, match="Invalid Form Body"):
        discord_fake.violations.check()  # what the Discord fixture does after every test
    found = discord_fake.violations.forgive()
    assert len(found) == 3 and "ignored field (body)" in found[1] and "colour" in found[1]


def test_a_malformed_bot_api_call_is_refused_in_the_servers_words(
    telegram_fake: FakeBotApi,
) -> None:
    telegram_fake.add_chat(-1001, "supergroup")
    url = f"{telegram_fake.url}/bot{TOKEN}/"
    markup = {"inline_keyboard": [[{"callback_data": "v1:approve:1"}]]}
    with httpx.Client() as client:
        no_text = client.post(url + "sendMessage", data={"chat_id": "-1001"})
        no_label = client.post(
            url + "sendMessage",
            data={"chat_id": "-1001", "text": "hi", "reply_markup": json.dumps(markup)},
        )
        wrong_action = client.post(
            url + "sendChatAction", data={"chat_id": "-1001", "action": "drawing"}
        )
        extra = client.post(
            url + "sendMessage", data={"chat_id": "-1001", "text": "hi", "txt": "x"}
        )
    assert no_text.json() == {
        "ok": False,
        "error_code": 400,
        "description": "Bad Request: message text is empty",
    }
    assert no_label.json()["description"] == (
        "Bad Request: can't parse inline keyboard button: Can't find field \"text\""
    )
    assert wrong_action.json()["description"] == "Bad Request: wrong parameter action in request"
    assert extra.json()["ok"] is True, "the server ignores parameters it does not know"
    with pytest.raises(AssertionError, match="message text is empty"):
        telegram_fake.violations.check()  # what the Telegram fixture does after every test
    found = telegram_fake.violations.forgive()
    assert len(found) == 4 and found[-1].startswith("sendMessage: ignored txt: not a parameter")
