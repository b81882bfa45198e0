"""`python -m generator serve`: the headers the checker needs, and the site's own 404 page."""

import threading
import urllib.error
import urllib.request

import pytest

from generator import csp
from generator.serve import make_server


@pytest.fixture
def served(tmp_path):
    (tmp_path / "index.html").write_text("<h1>home</h1>", encoding="utf-8")
    (tmp_path / "404.html").write_text("<h1>page not found</h1>", encoding="utf-8")
    (tmp_path / "fr").mkdir()
    (tmp_path / "fr" / "404.html").write_text("<h1>page introuvable</h1>", encoding="utf-8")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "runtime.wasm").write_bytes(b"\0asm")
    (tmp_path / "assets" / "worker.mjs").write_text("export {};", encoding="utf-8")
    server = make_server(tmp_path, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", tmp_path
    server.shutdown()
    server.server_close()


def fetch(url, method="GET"):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method=method), timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.mark.parametrize("path", ["no-such-page/", "en/no-such-page/", "assets/missing.js", "assets/"])
def test_a_missing_page_is_the_sites_404_page(served, path):
    base, root = served
    status, headers, body = fetch(base + path)
    assert status == 404
    assert body == (root / "404.html").read_bytes()  # not Python's "Error response" page, no folder listing
    assert headers["Content-Type"].startswith("text/html")
    assert headers["Content-Security-Policy"] == csp.header()


def test_a_language_with_its_own_404_page_gets_it(served):
    base, root = served
    status, _, body = fetch(base + "fr/no-such-page/")
    assert status == 404 and body == (root / "fr" / "404.html").read_bytes()


def test_head_of_a_missing_page_has_no_body(served):
    base, _ = served
    status, headers, body = fetch(base + "no-such-page/", method="HEAD")
    assert status == 404 and body == b""
    assert int(headers["Content-Length"]) > 0


def test_without_a_404_page_the_plain_error_stays(served):
    base, root = served
    (root / "404.html").unlink()
    status, _, body = fetch(base + "no-such-page/")
    assert status == 404 and b"404" in body


@pytest.mark.parametrize("path, mime", [("", "text/html"), ("assets/runtime.wasm", "application/wasm"), ("assets/worker.mjs", "text/javascript")])
def test_pages_and_types(served, path, mime):
    base, _ = served
    status, headers, _ = fetch(base + path)
    assert status == 200
    assert headers["Content-Type"].split(";")[0] == mime
    assert headers["Content-Security-Policy"] == csp.header()
