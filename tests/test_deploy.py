"""deploy/: the sample intranet server configurations (README, "Hosting on an intranet").

Both must send the policy of generator/csp.py and the other headers of generator/serve.py,
serve .wasm as application/wasm and .mjs as JavaScript, and answer a missing page with the
site's 404 page. web.config is checked as XML (no IIS here); nginx.conf is checked by nginx
itself (`nginx -t`) and then serves the built site on 127.0.0.1 while pages are fetched —
skipped, with the reason, where nginx is not installed.
"""

import gzip
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator import csp
from generator.serve import HEADERS
from tests.conftest import ROOT

DEPLOY = ROOT / "deploy"
SITE = ROOT / "site"
MIME = {".wasm": "application/wasm", ".mjs": "text/javascript"}
# What IIS serves without a mimeMap of its own (its applicationHost.config defaults).
IIS_DEFAULT_TYPES = {".html", ".htm", ".css", ".js", ".png", ".svg", ".ico", ".xml", ".zip", ".txt", ".jpg", ".gif"}


@pytest.fixture(scope="module")
def site():
    if not (SITE / "index.html").is_file():
        pytest.fail("site/ is not built: run `make build` (make test does it)")
    return SITE


def test_the_policy_is_the_sites_own():
    assert HEADERS["Content-Security-Policy"] == csp.header()


# --- IIS ---------------------------------------------------------------------------------

def web_config():
    return ET.parse(DEPLOY / "web.config").getroot().find("system.webServer")


def test_web_config_headers_match_csp_py():
    headers = {h.get("name"): h.get("value") for h in web_config().find("httpProtocol/customHeaders").findall("add")}
    assert headers == HEADERS


def test_web_config_mime_types(site):
    static = web_config().find("staticContent")
    mapped = {m.get("fileExtension"): m.get("mimeType") for m in static.findall("mimeMap")}
    removed = {r.get("fileExtension") for r in static.findall("remove")}
    assert set(mapped) <= removed  # each mapping first removes a default, so IIS never sees it twice
    for extension, mime in MIME.items():
        assert mapped[extension] == mime
    # IIS refuses a file whose extension it has no type for: every one in the site needs one.
    extensions = {p.suffix for p in site.rglob("*") if p.is_file() and p.suffix}
    assert extensions - IIS_DEFAULT_TYPES - set(mapped) == set()


def test_web_config_404_page(site):
    errors = web_config().find("httpErrors")
    assert errors.get("errorMode") == "Custom"
    page = errors.find("error[@statusCode='404']")
    assert page.get("responseMode") == "ExecuteURL"
    assert (site / page.get("path").lstrip("/")).is_file()


# --- nginx -------------------------------------------------------------------------------

def test_nginx_conf_headers_match_csp_py():
    text = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    headers = dict(re.findall(r'^\s*add_header\s+(\S+)\s+"([^"]*)"\s+always;', text, re.M))
    assert headers == HEADERS


NGINX = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).is_file()), None)
MIME_TYPES = Path("/etc/nginx/mime.types")
needs_nginx = pytest.mark.skipif(
    NGINX is None or not MIME_TYPES.is_file(), reason="nginx is not installed (apt-get install -y nginx): deploy/nginx.conf is not served"
)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def nginx_files(tmp_path, site, port):
    """deploy/nginx.conf with this test's port and site folder, in a minimal nginx.conf of its own."""
    block = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    for old, new in ((r"^(\s*)listen 80;", rf"\1listen 127.0.0.1:{port};"), (r"^(\s*)root /srv/handbook/site;", rf"\1root {site};")):
        block, count = re.subn(old, new, block, flags=re.M)
        assert count == 1, f"deploy/nginx.conf no longer has one line matching {old!r}"
    (tmp_path / "handbook.conf").write_text(block, encoding="utf-8")
    temp = "\n".join(f"    {name}_temp_path {tmp_path / name};" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        f"""daemon off;
worker_processes 1;
pid {tmp_path / 'nginx.pid'};
error_log {tmp_path / 'error.log'};
events {{ worker_connections 64; }}
http {{
    include {MIME_TYPES};
    access_log off;
{temp}
    include {tmp_path / 'handbook.conf'};
}}
""",
        encoding="utf-8",
    )
    return conf


@needs_nginx
def test_nginx_conf_is_valid(tmp_path, site):
    conf = nginx_files(tmp_path, site, free_port())
    run = subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c", str(conf)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "[warn]" not in run.stderr, run.stderr


def fetch(url, headers=None):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture
def nginx(tmp_path, site):
    port = free_port()
    conf = nginx_files(tmp_path, site, port)
    process = subprocess.Popen(
        [NGINX, "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c", str(conf)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"nginx did not start: {process.stderr.read().decode(errors='replace')}")
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=20)


@needs_nginx
def test_nginx_serves_the_site(nginx, site):
    wasm = next(site.rglob("*.wasm")).relative_to(site).as_posix()
    mjs = next(site.rglob("*.mjs")).relative_to(site).as_posix()
    for path, mime in (("", "text/html"), ("en/checker/", "text/html"), (wasm, MIME[".wasm"]), (mjs, MIME[".mjs"])):
        status, headers, _ = fetch(nginx + path)
        assert status == 200, path
        assert headers["Content-Type"].split(";")[0] == mime, path
        for name, value in HEADERS.items():
            assert headers[name] == value, (path, name)


@needs_nginx
def test_nginx_sends_the_builds_gzip_copies(nginx, site):
    wasm = next(site.rglob("*.wasm"))
    path = wasm.relative_to(site).as_posix()
    status, headers, body = fetch(nginx + path, {"Accept-Encoding": "gzip, deflate, br"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert headers["Content-Type"] == MIME[".wasm"] and headers["Content-Security-Policy"] == csp.header()
    assert body == (site / (path + ".gz")).read_bytes() and gzip.decompress(body) == wasm.read_bytes()
    status, headers, body = fetch(nginx + path)  # a client that takes no gzip gets the file
    assert status == 200 and headers["Content-Encoding"] is None and body == wasm.read_bytes()
    snapshot = "assets/checker/checker-snapshot.bin.gz"  # gzip already, sent as it is
    status, headers, body = fetch(nginx + snapshot, {"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] is None and body == (site / snapshot).read_bytes()


@needs_nginx
@pytest.mark.parametrize("path", ["no-such-page/", "en/no-such-page/", "assets/missing.js"])
def test_nginx_answers_a_missing_page_with_the_404_page(nginx, site, path):
    status, headers, body = fetch(nginx + path)
    assert status == 404
    own = site / path.split("/")[0] / "404.html" if path.startswith("en/") else site / "404.html"
    assert body == own.read_bytes()
    assert headers["Content-Security-Policy"] == csp.header()
