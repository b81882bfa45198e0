"""MkDocs hooks (``hooks:`` in mkdocs.yml): what the build adds to MkDocs' own work.

- ``on_config``: the two plugin settings that follow the data, set by
  plugin name: jieba's user dictionary for search (the taboo phrases, written
  by the build as ``.jieba-user.txt`` in the docs folder, which MkDocs does not
  publish) and the English titles of the navigation sections.
- ``on_post_page``: the theme override template (overrides/main.html) writes
  the Content-Security-Policy <meta> with a placeholder for the hashes of the
  page's inline scripts; this fills it in, finding the scripts with an HTML
  parser.
- ``on_post_build``: writes sw.js, the service worker that keeps the whole
  site, checker included, usable offline.
"""

import hashlib
import html.parser
import json
from pathlib import Path

from mkdocs.plugins import event_priority

from generator import csp, pages

HASHES = "__CSP_SCRIPT_HASHES__"  # what overrides/main.html writes where the hashes go
JIEBA_FILE = ".jieba-user.txt"
SERVICE_WORKER = Path(__file__).with_name("sw.template.js")


@event_priority(100)  # before the plugins read their settings
def on_config(config):
    jieba = Path(config["docs_dir"]) / JIEBA_FILE
    search = config["plugins"].get("material/search") or config["plugins"].get("search")
    if search is not None and jieba.is_file() and "jieba_dict_user" in search.config:
        search.config["jieba_dict_user"] = str(jieba)
    i18n = config["plugins"].get("i18n")
    if i18n is not None:
        for language in i18n.config["languages"]:
            if language["locale"] == "en":
                language["nav_translations"] = pages.nav_translations()
    config["extra"]["csp_meta"] = csp.meta([HASHES])
    return config


class _InlineScripts(html.parser.HTMLParser):
    """The text of every <script> without a src (JSON data blocks included: hashing them is harmless)."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.bodies, self._open = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "script" and "src" not in dict(attrs):
            self._open = []

    def handle_data(self, data):
        if self._open is not None:
            self._open.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._open is not None:
            self.bodies.append("".join(self._open))
            self._open = None


def on_post_page(output, page, config):
    if HASHES not in output:
        raise RuntimeError(f"{page.file.src_uri}: the page has no Content-Security-Policy placeholder (overrides/main.html)")
    parser = _InlineScripts()
    parser.feed(output)
    parser.close()
    hashes = " ".join(sorted({csp.script_hash(body) for body in parser.bodies}))
    return output.replace(HASHES, hashes, 1)


def on_post_build(config):
    site = Path(config["site_dir"])
    files = sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*")
        if p.is_file() and not p.name.endswith(".map") and p.name not in ("sw.js", "sitemap.xml.gz")
    )
    digest = hashlib.sha256()
    for rel in files:
        digest.update(rel.encode() + b"\0" + (site / rel).read_bytes())
    urls = ["./" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel) for rel in files]
    template = SERVICE_WORKER.read_text(encoding="utf-8")
    text = template.replace("__VERSION__", digest.hexdigest()[:16]).replace("__FILES__", json.dumps(urls, ensure_ascii=False))
    (site / "sw.js").write_text(text, encoding="utf-8")
