"""`python -m generator serve`: the headers the checker needs, and the site's own 404 page."""

import gzip
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


def fetch(url, method="GET", headers=None):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method=method, headers=headers or {}), timeout=10) as response:
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


@pytest.fixture
def packed(served):
    """The served folder with gzip copies of its wasm and home page, as the build writes them."""
    base, root = served
    wasm = root / "assets" / "runtime.wasm"
    wasm.write_bytes(b"\0asm" + bytes(4000))
    for path in (wasm, root / "index.html"):
        (path.parent / (path.name + ".gz")).write_bytes(gzip.compress(path.read_bytes(), mtime=0))
    return base, root


@pytest.mark.parametrize("path, file", [("assets/runtime.wasm", "assets/runtime.wasm"), ("", "index.html")])
def test_a_gzip_copy_goes_to_a_browser_that_takes_gzip(packed, path, file):
    base, root = packed
    status, headers, body = fetch(base + path, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert status == 200 and headers["Content-Encoding"] == "gzip" and headers["Vary"] == "Accept-Encoding"
    assert headers["Content-Type"].split(";")[0] == ("application/wasm" if file.endswith(".wasm") else "text/html")
    assert headers["Content-Security-Policy"] == csp.header()
    assert body == (root / (file + ".gz")).read_bytes() and int(headers["Content-Length"]) == len(body)
    assert gzip.decompress(body) == (root / file).read_bytes()


@pytest.mark.parametrize("accept", [None, "identity", "br", "gzip;q=0", "gzip; q=0.0"])
def test_without_gzip_the_file_goes_as_it_is(packed, accept):
    base, root = packed
    status, headers, body = fetch(base + "assets/runtime.wasm", headers={"Accept-Encoding": accept} if accept else None)
    assert status == 200 and headers["Content-Encoding"] is None
    assert body == (root / "assets" / "runtime.wasm").read_bytes()


def test_a_gzip_file_is_not_packed_again_and_head_has_no_body(packed):
    base, root = packed
    status, headers, body = fetch(base + "assets/runtime.wasm.gz", headers={"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] is None and body == (root / "assets" / "runtime.wasm.gz").read_bytes()
    status, headers, body = fetch(base + "assets/runtime.wasm", method="HEAD", headers={"Accept-Encoding": "gzip"})
    assert status == 200 and body == b"" and headers["Content-Encoding"] == "gzip"
    assert int(headers["Content-Length"]) == (root / "assets" / "runtime.wasm.gz").stat().st_size
