"""Browser tests: the built site served on 127.0.0.1, Debian's Chromium driven by Playwright.

Every request to another host is aborted and recorded; the ``page`` fixture
fails the test if one was attempted.
"""

import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

from generator.serve import make_server

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "site"
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


class Server:
    def __init__(self, site, prefix=""):
        self.httpd = make_server(site, "127.0.0.1", 0)
        self.site = site
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}/{prefix}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="session")
def site():
    if not (SITE / "index.html").is_file():
        pytest.fail("site/ is not built: run `make build` (make test does it)")
    return SITE


@pytest.fixture(scope="session")
def server(site):
    s = Server(site)
    yield s
    s.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


class Guard:
    """Aborts and remembers every request that would leave this machine."""

    def __init__(self):
        self.blocked = []
        self.console_errors = []

    def route(self, route):
        host = urlparse(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()


def new_page(browser, width=1280, height=900, service_workers="block"):
    guard = Guard()
    context = browser.new_context(viewport={"width": width, "height": height}, service_workers=service_workers)
    context.route("**/*", guard.route)
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and guard.console_errors.append(m.text))
    page.on("pageerror", lambda e: guard.console_errors.append(str(e)))
    return context, page, guard


@pytest.fixture
def page(browser):
    context, page, guard = new_page(browser)
    page.guard = guard
    yield page
    context.close()
    assert not guard.blocked, f"requests to other hosts were attempted: {guard.blocked}"
