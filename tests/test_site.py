"""The built site (make build): complete, bilingual, self-contained, links valid."""

import gzip
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from generator import data as data_mod
from tests.conftest import ROOT

SITE = ROOT / "site"
EXTERNAL = re.compile(r"""(?:src|href|action)\s*=\s*["']?(?:https?:)?//""", re.I)
CSS_URL = re.compile(r"url\(\s*['\"]?(?:https?:)?//", re.I)


@pytest.fixture(scope="module")
def site():
    if not (SITE / "index.html").is_file():
        pytest.fail("site/ is not built: run `make build` (make test does it)")
    return SITE


@pytest.fixture(scope="module")
def book():
    return data_mod.read(ROOT / "data")


def html_pages(site):
    return sorted(p for p in site.rglob("*.html") if "assets" not in p.parts and p.name != "404.html")


def test_every_page_exists_in_both_languages(site):
    zh = {p.relative_to(site) for p in html_pages(site) if p.relative_to(site).parts[0] != "en"}
    en = {Path(*p.relative_to(site).parts[1:]) for p in html_pages(site) if p.relative_to(site).parts[0] == "en"}
    assert zh == en
    assert len(zh) > 10


def test_checker_page_contract(site):
    for page in (site / "checker" / "index.html", site / "en" / "checker" / "index.html"):
        html = page.read_text(encoding="utf-8")
        for hook in ('data-testid="reply-input"', 'data-testid="checker-status"'):
            assert hook in html


def test_authors_page_lists_every_rule_id(site, book):
    # The checker page keeps rule ids out of the reading path; a team lead finds them here for `disable:`.
    for page in (site / "authors" / "index.html", site / "en" / "authors" / "index.html"):
        html = page.read_text(encoding="utf-8")
        assert all(f"<code>{rule['id']}</code>" in html for rule in book.rules)


def test_every_entry_is_on_a_page_in_both_languages(site, book):
    texts = {}
    for lang_root in (site, site / "en"):
        texts[lang_root] = "\n".join(
            p.read_text(encoding="utf-8") for p in html_pages(lang_root) if lang_root == site / "en" or "en" not in p.relative_to(site).parts[:1]
        )
    for kind, entries in book.entries.items():
        for entry in entries:
            if kind in ("procedures", "scripts", "transcripts"):
                for root in texts:
                    assert (root / kind / entry["id"] / "index.html").is_file(), (kind, entry["id"])
                continue
            for root, text in texts.items():
                assert f'id="{entry["id"]}"' in text, (kind, entry["id"], root)


def test_english_pages_have_english_text(site, book):
    scenario = book.entries["scenarios"][0]
    en = (site / "en" / "phrasebook" / scenario["category"] / "index.html").read_text(encoding="utf-8")
    assert scenario["situation"]["en"].split("{")[0][:30].replace("&", "&amp;").replace("'", "&#39;").replace('"', "&#34;") in en


def test_no_external_references(site):
    offenders = []
    for path in site.rglob("*"):
        if path.suffix not in (".html", ".css") or "pyodide" in path.parts:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for pattern in (EXTERNAL, CSS_URL):
            for m in pattern.finditer(text):
                offenders.append(f"{path.relative_to(site)}: {text[m.start():m.start() + 80]}")
    assert not offenders, offenders[:10]


def test_fonts_are_not_loaded_from_google(site):
    for page in html_pages(site):
        assert "fonts.googleapis" not in page.read_text(encoding="utf-8")


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if tag in ("a", "link", "script", "img") and attrs.get(name):
                self.links.append(attrs[name])


def test_internal_links_resolve(site):
    parsed = {}
    for page in html_pages(site):
        p = Links()
        p.feed(page.read_text(encoding="utf-8"))
        parsed[page] = p
    broken = []
    for page, p in parsed.items():
        base = "http://site/" + page.relative_to(site).as_posix()
        for link in p.links:
            url = urlparse(urljoin(base, link))
            if url.netloc != "site" or link.startswith(("mailto:", "javascript:")):
                continue
            target = site / url.path.lstrip("/")
            if url.path.endswith("/"):
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(site)} -> {link}")
                continue
            if url.fragment and target.suffix == ".html" and target in parsed and url.fragment not in parsed[target].ids:
                broken.append(f"{page.relative_to(site)} -> {link} (no anchor)")
    assert not broken, broken[:20]


def test_pages_carry_a_content_security_policy(site):
    for page in html_pages(site):
        html = page.read_text(encoding="utf-8")
        assert 'http-equiv="Content-Security-Policy"' in html, page
        assert "'unsafe-inline'" not in html.split("script-src", 1)[1].split(";", 1)[0]


def test_service_worker_lists_the_checker(site):
    sw = (site / "sw.js").read_text(encoding="utf-8")
    for url in ('"./checker/"', '"./en/checker/"', '"./assets/pyodide/pyodide.asm.wasm"', '"./assets/checker/checker-bundle.zip"'):
        assert url in sw


def test_larger_files_have_gzip_copies_the_service_worker_does_not_ask_for(site):
    wasm = site / "assets" / "pyodide" / "pyodide.asm.wasm"
    copy = wasm.with_name(wasm.name + ".gz")
    assert copy.is_file() and gzip.decompress(copy.read_bytes()) == wasm.read_bytes()
    assert copy.stat().st_size < wasm.stat().st_size / 2
    assert (site / "checker" / "index.html.gz").is_file()
    assert not (site / "assets" / "checker" / "checker-snapshot.bin.gz.gz").exists()  # gzip already
    assert not (site / "assets" / "pyodide" / "python_stdlib.zip.gz").exists()  # zip already
    sw = (site / "sw.js").read_text(encoding="utf-8")
    assert '.wasm.gz"' not in sw and '.html.gz"' not in sw


def test_brand_names_are_not_on_pages(site):
    for page in html_pages(site):
        text = page.read_text(encoding="utf-8")
        for brand in data_mod.BRANDS:
            assert brand not in text, (page, brand)
