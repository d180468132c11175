"""Publish → page → image → search → unpublish on the console path, read through the web app
(Starlette's test client on the real app, both databases)."""

from __future__ import annotations

import re

import pytest

from core.errors import BadInput, Forbidden, LightboxError
from core.settings import load_settings
from tests.web.conftest import ANN, PUBLIC, ROOM, ZOE, TestClient, public_path, say, web_app
from workers.runtime import Runtime

META = re.compile(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">')


def metas(html: str) -> dict[str, str]:
    return dict(META.findall(html))


@pytest.fixture(scope="module")
def fox(web_runtime: Runtime) -> str:
    """A finished version of a card in Ann's project, published with its prompt and her handle."""
    say(web_runtime, "/project new Foxes")
    say(web_runtime, "/imagine a red fox in deep snow --ar 3:2")
    return public_path(say(web_runtime, "/publish v1 prompt handle"))


def test_the_reply_carries_the_link_and_the_page_shows_what_was_chosen(
    client: TestClient, fox: str
) -> None:
    page = client.get(fox)
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    html = page.text
    assert "a red fox in deep snow" in html and ">Ann<" in html and "local" in html
    tags = metas(html)
    public_id = fox.removeprefix("/v/")
    assert tags["og:url"] == f"{PUBLIC}/v/{public_id}"
    assert tags["og:image"].startswith(f"{PUBLIC}/i/{public_id}/")
    assert tags["twitter:card"] == "summary_large_image"
    assert tags["twitter:image"] == tags["og:image"]
    assert tags["og:image:alt"] == "a red fox in deep snow"
    width, height = int(tags["og:image:width"]), int(tags["og:image:height"])
    assert abs(width / height - 1.5) < 0.01  # 3:2, as generated
    assert 'alt="a red fox in deep snow"' in html and "srcset=" in html


def test_security_headers_on_every_response(client: TestClient, fox: str) -> None:
    for path in ("/", fox, "/healthz", "/no-such-page", "/static/site.css"):
        headers = client.get(path).headers
        assert "frame-ancestors 'none'" in headers["content-security-policy"], path
        assert headers["x-content-type-options"] == "nosniff", path
    assert client.get("/static/site.css").headers["content-type"].startswith("text/css")


def test_images_are_served_by_page_id_with_cache_headers(client: TestClient, fox: str) -> None:
    public_id = fox.removeprefix("/v/")
    small = client.get(f"/i/{public_id}/320.webp")
    assert small.status_code == 200 and small.headers["content-type"] == "image/webp"
    assert small.content[8:12] == b"WEBP"
    assert "immutable" in small.headers["cache-control"]
    etag = small.headers["etag"]
    again = client.get(f"/i/{public_id}/320.webp", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    original = client.get(f"/i/{public_id}/original")
    assert original.headers["content-type"] == "image/png"
    assert original.headers["etag"] != etag


@pytest.mark.parametrize(
    "path",
    [
        "/i/{id}/..%2F..%2Fetc%2Fpasswd",
        "/i/{id}/99.webp",
        "/i/..%2F..%2Fetc/original",
        "/i/../../etc/passwd",
        "/static/..%2F..%2Fcore%2Fsettings.py",
        "/i/AAAAAAAAAAAAAAAAAAAAAA/original",
    ],
)
def test_no_path_reaches_a_file_by_name(client: TestClient, fox: str, path: str) -> None:
    response = client.get(path.format(id=fox.removeprefix("/v/")))
    assert response.status_code == 404
    assert b"root:" not in response.content and b"BaseSettings" not in response.content


def test_no_write_endpoint(client: TestClient, fox: str) -> None:
    for path in ("/", fox, f"/i/{fox.removeprefix('/v/')}/original", "/metrics"):
        assert client.post(path).status_code == 405
        assert client.delete(path).status_code == 405


def test_search_by_prompt_and_filter_by_model(
    web_runtime: Runtime, client: TestClient, fox: str
) -> None:
    say(web_runtime, "/imagine an owl at dusk --model tiny")
    owl = public_path(say(web_runtime, "/publish v1 prompt"))
    found = client.get("/", params={"q": "RED FOX"}).text
    assert fox in found and owl not in found
    by_model = client.get("/", params={"model": "tiny"}).text
    assert owl in by_model and fox not in by_model
    fresh = TestClient(web_app(web_runtime))  # the model list is read once a minute per app
    assert '<option value="tiny">' in fresh.get("/").text
    short = client.get("/", params={"q": "x"})
    assert short.status_code == 400
    assert "search needs at least 2 characters" in short.text


def test_a_hidden_prompt_is_neither_shown_nor_searchable(
    web_runtime: Runtime, client: TestClient
) -> None:
    say(web_runtime, "/imagine a secret heron plan")
    out = say(web_runtime, "/publish")
    assert "title and model only" in out.text
    page = client.get(public_path(out)).text
    assert "heron" not in page  # nor the card title made from the prompt's words
    assert "<h1>Untitled</h1>" in page and ">Ann<" not in page
    assert public_path(out) not in client.get("/", params={"q": "heron"}).text


def test_unpublish_takes_page_and_image_down(web_runtime: Runtime, client: TestClient) -> None:
    say(web_runtime, "/imagine a fleeting comet")
    page = public_path(say(web_runtime, "/publish v1 prompt"))
    image = f"/i/{page.removeprefix('/v/')}/320.webp"
    assert client.get(image).status_code == 200
    out = say(web_runtime, "/unpublish v1")
    assert "410" in out.text
    assert client.get(page).status_code == 410
    assert client.get(image).status_code == 410
    assert page not in client.get("/").text
    again = public_path(say(web_runtime, "/publish v1"))
    assert again != page and client.get(page).status_code == 410  # a new link; the old stays gone


def test_bad_input_and_roles_change_nothing(web_runtime: Runtime, client: TestClient) -> None:
    say(web_runtime, "/imagine a lantern")
    with pytest.raises(BadInput, match="allowed: prompt, handle, both or none"):
        say(web_runtime, "/publish v1 everything")
    with pytest.raises(BadInput, match="is not published"):
        say(web_runtime, "/unpublish v1")
    with pytest.raises(BadInput, match="usage: /public on"):
        say(web_runtime, "/public maybe")
    invite = say(web_runtime, "/project invite viewer").text
    code = invite.split(" code ", 1)[1].split()[0].rstrip(":")
    say(web_runtime, f"/project join {code}", actor=ZOE, place=ROOM)
    version = web_runtime.studio.version_id(ANN, ROOM, "1")
    with pytest.raises(Forbidden):
        web_runtime.studio.press(ZOE, ROOM, "publish", version, "prompt")
    assert "lantern" not in client.get("/").text


def test_project_page_only_for_a_project_that_opted_in(
    web_runtime: Runtime, client: TestClient, fox: str
) -> None:
    assert "/p/" not in client.get(fox).text
    out = say(web_runtime, "/public on Fox Studio")
    project_page = out.items[0].removeprefix(PUBLIC)
    listing = client.get(project_page).text
    assert "Fox Studio" in listing and fox in listing
    assert f'href="{project_page}"' in client.get(fox).text
    say(web_runtime, "/public off")
    assert client.get(project_page).status_code == 404
    assert "Fox Studio" not in client.get(fox).text


def test_the_publish_button_asks_what_to_show(web_runtime: Runtime) -> None:
    say(web_runtime, "/imagine a paper boat")
    version = web_runtime.studio.version_id(ANN, ROOM, "1")
    question = web_runtime.studio.ask(ANN, ROOM, "publish", version)
    assert question is not None and question.fields[0].id == "show"
    view = say(web_runtime, "/version 1").versions[0]
    assert "🌐 Publish" in [a.label for a in view.actions] or any(
        a.action == "publish" for a in view.actions
    )
    out = web_runtime.studio.press(ANN, ROOM, "publish", version, {"show": "both"})
    assert "prompt and your handle" in out.text


def test_web_settings_refuse_what_cannot_work() -> None:
    with pytest.raises(LightboxError, match="LIGHTBOX_PUBLIC_URL: must be an absolute http"):
        load_settings(public_url="gallery.example", _env_file=None)
    with pytest.raises(LightboxError, match="LIGHTBOX_WEB_PORT: must be a port number"):
        load_settings(web_port=70000, _env_file=None)
    assert load_settings(public_url="https://g.example/", _env_file=None).public_url == (
        "https://g.example"
    )
