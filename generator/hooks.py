"""MkDocs hooks (``hooks:`` in mkdocs.yml): what the build adds to MkDocs' own work.

- ``on_config``: the two plugin settings that follow the data, set by
  plugin name: jieba's user dictionary for search (the taboo phrases, written
  by the build as ``.jieba-user.txt`` in the docs folder, which MkDocs does not
  publish) and the English titles of the navigation sections. And no
  sitemap.xml unless ``site_url`` is set: a sitemap lists absolute URLs, which
  need the host (without it every <loc> would begin with "None"); ``on_files``
  keeps the theme's template from being copied as it is.
- ``on_page_content``: cuts each page's content into search sections
  (search.py), kept per language until the end of the build.
- ``on_page_markdown``: the heading anchors' tooltip ("Permanent link") in the
  page's language: the toc extension has one setting for the whole site, read
  when each page is rendered.
- ``on_post_page``: the theme override template (overrides/main.html) writes
  the Content-Security-Policy <meta> with a placeholder for the hashes of the
  page's inline scripts; this fills it in, finding the scripts with an HTML
  parser (``on_post_template`` does the same for the theme's 404 page). It
  also points Material's search box at the handbook's own search
  worker (assets/search/worker.js), told the page's language.
- ``on_post_build``: once every language is built (the i18n plugin builds the
  others inside the first build's post_build), writes one search index per
  language (search/zh.json, search/en.json), reduces Material's own
  search_index.json to its settings (the worker does not read its documents),
  and writes sw.js, the service worker that keeps the whole site, checker
  included, usable offline.
"""

import hashlib
import html.parser
import json
import re
from pathlib import Path

from mkdocs.plugins import event_priority

from generator import csp, pages
from generator import search as search_index
from generator.labels import label

HASHES = "__CSP_SCRIPT_HASHES__"  # what overrides/main.html writes where the hashes go
JIEBA_FILE = ".jieba-user.txt"
SERVICE_WORKER = Path(__file__).with_name("sw.template.js")
SEARCH_WORKER = "assets/search/worker.js"
CONFIG_SCRIPT = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)

_state = {}  # this build's entry records and search sections, per language


def _language(config):
    i18n = config["plugins"].get("i18n")
    return getattr(i18n, "current_language", None) or config["theme"]["language"]


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
    if not config["site_url"]:
        config["theme"].static_templates.discard("sitemap.xml")
    if i18n is not None and getattr(i18n, "building", False):
        return config  # another language of the same build: keep what the first collected
    entries = Path(config["docs_dir"]) / search_index.ENTRIES_FILE
    _state.clear()
    _state.update(records=search_index.read_entries(entries) if entries.is_file() else {}, pages={}, jieba=str(jieba) if jieba.is_file() else None)
    return config


def on_files(files, config):
    # Without site_url the theme's sitemap.xml is not rendered (on_config): nor may it be
    # copied as a plain theme file, unrendered.
    if not config["site_url"]:
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            file = files.get_file_from_path(name)
            if file is not None:
                files.remove(file)
    return files


def on_page_content(html, page, config, files):
    lang = _language(config)
    records = _state.get("records", {}).get(lang, {})
    sections = search_index.page_sections(html, records)
    _state.setdefault("pages", {}).setdefault(lang, {})[page.url] = {"title": page.title or "", "sections": sections}
    return html
def on_page_markdown(markdown, page, config, files):
    lang = getattr(page.file, "locale", None) or "zh"
    config["mdx_configs"].setdefault("toc", {})["permalink_title"] = label("permalink", lang)
    return markdown


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
    return _fill_hashes(_search_worker(output, _language(config)))


# The theme's 404 page per language. Every language's build writes it to the site's root, so
# the last build (English) would replace the Chinese one: the default language's is kept at
# the root and each other language's goes to its own folder (en/404.html).
_NOT_FOUND = {}


def on_post_template(output, template_name, config):
    # The theme's own pages (404.html) are templates, not pages: their inline scripts need hashes too.
    lang = _language(config)
    if HASHES in output:
        output = _fill_hashes(_search_worker(output, lang))
    if template_name != "404.html":
        return output
    i18n = config["plugins"].get("i18n")
    default = getattr(i18n, "default_language", None) or config["theme"]["language"]
    if lang == default or "default" not in _NOT_FOUND:
        _NOT_FOUND["default"] = output
        return output
    site = Path(config["site_dir"])
    folder = site if site.name == lang else site / lang
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "404.html").write_text(output, encoding="utf-8")
    return _NOT_FOUND["default"]


def _fill_hashes(output):
    parser = _InlineScripts()
    parser.feed(output)
    parser.close()
    hashes = " ".join(sorted({csp.script_hash(body) for body in parser.bodies}))
    return output.replace(HASHES, hashes, 1)


def _search_worker(output, lang):
    """Material's configuration block with the search worker replaced by the handbook's."""
    def replace(m):
        settings = json.loads(m.group(2))
        if "search" in settings:
            root = settings["search"].split("assets/", 1)[0]  # the page's relative way to the site root
            settings["search"] = f"{root}{SEARCH_WORKER}?lang={lang}"
        return m.group(1) + json.dumps(settings, ensure_ascii=False).replace("<", "\\u003c") + m.group(3)

    return CONFIG_SCRIPT.sub(replace, output, count=1)


def _write_search(site):
    import jieba

    if _state.get("jieba"):
        jieba.load_userdict(_state["jieba"])
    for lang, by_url in _state.get("pages", {}).items():
        root = min(by_url, key=len)
        index = search_index.build_index(lang, by_url, _state["records"].get(lang, {}), root, jieba.cut)
        (site / "search" / f"{lang}.json").write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    material = site / "search" / "search_index.json"
    if material.is_file():
        settings = json.loads(material.read_text(encoding="utf-8"))["config"]
        material.write_text(json.dumps({"config": settings, "docs": []}, ensure_ascii=False), encoding="utf-8")


@event_priority(-200)  # after the i18n plugin has built the other languages and merged Material's index
def on_post_build(config):
    i18n = config["plugins"].get("i18n")
    if getattr(i18n, "building", False):
        return  # a language built inside the first build's post_build: the outer call finishes
    site = Path(config["site_dir"])
    (site / "search").mkdir(exist_ok=True)
    _write_search(site)
    files = sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*")
        if p.is_file() and not p.name.endswith(".map") and p.name not in ("sw.js", "sitemap.xml", "sitemap.xml.gz")
    )
    digest = hashlib.sha256()
    for rel in files:
        digest.update(rel.encode() + b"\0" + (site / rel).read_bytes())
    urls = ["./" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel) for rel in files]
    template = SERVICE_WORKER.read_text(encoding="utf-8")
    text = template.replace("__VERSION__", digest.hexdigest()[:16]).replace("__FILES__", json.dumps(urls, ensure_ascii=False))
    (site / "sw.js").write_text(text, encoding="utf-8")
