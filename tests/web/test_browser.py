"""A real browser (Playwright driving Debian's Chromium) on a real server: publish from the
console → the page shows the image at the right size, its OpenGraph tags point at it → search
finds it → unpublish → page and image are gone. Saves a screenshot of the gallery page."""

from __future__ import annotations

import io
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from PIL import Image
from playwright.sync_api import Browser, Page, sync_playwright

from tests.waiting import wait_until
from tests.web.conftest import say
from web.app import build_app
from web.server import serve_in_thread
from workers.runtime import Runtime

CHROMIUM = Path("/usr/bin/chromium")
CONTENT_WIDTH = 960  # main's max-width (web/static/site.css)


@pytest.fixture(scope="module")
def base(pg_runtime: Runtime) -> Iterator[str]:
    """The web app served by uvicorn on a free loopback port; publish links point at it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    pg_runtime.studio.public_url = url
    app = build_app(pg_runtime.db, pg_runtime.storage, public_url=url)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = serve_in_thread(server)
    wait_until(lambda: server.started, "uvicorn to start", timeout=10)
    yield url
    server.should_exit = True
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One Chromium for the module (Debian's package; Playwright never downloads one here)."""
    if not CHROMIUM.exists():
        pytest.fail("no /usr/bin/chromium: run `make test` (it installs Debian's chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def shown_image(page: Page) -> dict[str, float | str]:
    page.wait_for_function("() => document.querySelector('#shot').complete")
    return page.eval_on_selector(
        "#shot",
        "img => ({natural: img.naturalWidth, width: img.clientWidth, height: img.clientHeight,"
        " src: img.currentSrc})",
    )


def meta(page: Page, name: str) -> str:
    return page.get_attribute(f'meta[property="{name}"], meta[name="{name}"]', "content") or ""


def screenshots() -> Path:
    folder = Path(os.environ.get("LIGHTBOX_REPORTS_DIR", "reports"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_publish_view_search_unpublish(
    pg_runtime: Runtime, base: str, page: Page, browser: Browser
) -> None:
    say(pg_runtime, "/project new Lighthouses")
    say(pg_runtime, "/imagine a lighthouse in a storm --ar 16:9")
    link = base + public_path_from(say(pg_runtime, "/publish v1 prompt handle").items[0], base)

    response = page.goto(link)
    assert response is not None and response.status == 200
    shot = shown_image(page)
    width, height = int(meta(page, "og:image:width")), int(meta(page, "og:image:height"))
    assert str(shot["src"]).endswith("/original")  # the largest offered fits a 960 px slot
    assert abs(float(shot["width"]) - CONTENT_WIDTH) <= 1  # fills the column…
    assert abs(float(shot["height"]) - CONTENT_WIDTH * height / width) <= 1  # …keeping 16:9
    assert page.get_attribute("#shot", "alt") == "a lighthouse in a storm"

    og_image = meta(page, "og:image")
    assert og_image.startswith(base + "/i/") and meta(page, "twitter:image") == og_image
    fetched = page.request.get(og_image)
    assert fetched.status == 200 and fetched.headers["content-type"].startswith("image/")
    assert Image.open(io.BytesIO(fetched.body())).size == (width, height) == (1024, 576)

    narrow = browser.new_context(viewport={"width": 400, "height": 800})
    small = narrow.new_page()
    small.goto(link)
    picked = shown_image(small)
    assert str(picked["src"]).endswith("/640.webp")  # 400 px wide: the 640 px rendition
    assert abs(float(picked["width"]) - (400 - 2 * 16)) <= 1  # the viewport less main's padding
    rendition = small.request.get(str(picked["src"]))
    assert Image.open(io.BytesIO(rendition.body())).size == (640, 360)
    narrow.close()

    page.goto(base + "/")
    page.fill("input[name=q]", "lighthouse")
    page.click("button[type=submit]")
    page.wait_for_url("**/?q=lighthouse*")
    path = link.removeprefix(base)
    assert page.locator(f'a[href="{path}"]').count() == 1
    page.screenshot(path=str(screenshots() / "web-gallery.png"), full_page=True)

    say(pg_runtime, "/unpublish v1")
    gone = page.goto(link)
    assert gone is not None and gone.status == 410
    assert page.request.get(og_image).status == 410
    page.goto(base + "/?q=lighthouse")
    assert page.locator(f'a[href="{path}"]').count() == 0


def public_path_from(link: str, base: str) -> str:
    assert link.startswith(base + "/v/"), link
    return link.removeprefix(base)
