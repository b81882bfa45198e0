"""Browser tests: the built site served on 127.0.0.1, Debian's Chromium driven by Playwright.

Every request to another host is aborted and recorded; the ``page`` fixture
fails the test if one was attempted.
"""

import json
import os
import shutil
import threading
import time
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


# The name of the worker's kept (unpacked) snapshot in the origin-private file system,
# once it is written whole (null before).
KEPT = """async () => {
  const m = await (await fetch("/assets/checker/checker-snapshot.json")).json();
  const length = m.header + m.runs.reduce((sum, [, n]) => sum + n, 0);
  const root = await navigator.storage.getDirectory();
  for await (const name of root.keys()) {
    if (name !== `checker-snapshot-${m.digest}.bin`) continue;
    try { if ((await (await root.getFileHandle(name)).getFile()).size === length) return name; } catch {}
  }
  return null;
}"""


def until(page, script, timeout=60):
    """What the async function ``script`` gives, once it is not null or false (page.wait_for_function
    does not await an async function's promise: the promise itself counts as true)."""
    deadline = time.monotonic() + timeout
    while not (value := page.evaluate(script)):
        assert time.monotonic() < deadline, f"not so after {timeout} s: {script}"
        page.wait_for_timeout(100)
    return value


def kept_name(page):
    return until(page, KEPT)


# True once the kept file NAME has SIZE bytes.
STDLIB_SIZE = """async () => {
  try { return (await (await (await navigator.storage.getDirectory()).getFileHandle("NAME")).getFile()).size === SIZE; } catch { return false; }
}"""


# True once nothing holds the kept file NAME open: a writable on it can be made (and is
# dropped unused) only when no worker holds a sync access handle on it.
UNLOCKED = """async () => {
  try {
    const writable = await (await (await navigator.storage.getDirectory()).getFileHandle("NAME")).createWritable();
    await writable.abort();
    return true;
  } catch { return false; }
}"""


def kept_whole(page, site):
    """Wait until the first start has kept both its files whole: the snapshot (kept_name) and
    Python's standard library beside it; a start before that reads the snapshot as served."""
    manifest = json.loads((site / "assets" / "checker" / "checker-snapshot.json").read_text(encoding="utf-8"))
    name = kept_name(page)
    stdlib = f"checker-snapshot-{manifest['digest']}.stdlib"
    until(page, STDLIB_SIZE.replace("NAME", stdlib).replace("SIZE", str(manifest["stdlib"])))
    for kept in (name, stdlib):  # and the writer has closed them (a size is seen before the flush)
        until(page, UNLOCKED.replace("NAME", kept))
    return name

