"""The search index (generator/search.py): how pages are cut into sections, where an
entry is indexed, and what the built site's two indexes hold."""

import json
import re

import pytest

from generator import data as data_mod
from generator import search
from generator.labels import label
from tests.conftest import ROOT

SITE = ROOT / "site"
MERMAID = re.compile(r"flowchart (TD|LR)|-->|\bs_\d+\[")


def test_sections_keep_prose_and_drop_what_is_not():
    html = """<h1 id="_1">Page</h1><p>lead <button>复制</button></p><pre class="phb-flow-source">flowchart TD s_1["x"]</pre>
    <h2 id="a">Part <a class="headerlink" href="#a">¶</a></h2><p>text <select><option>全部</option></select></p>
    <div class="phb-rule" id="r1"><h3><a href="#r1">phrase</a> <span class="phb-badge">错误</span> <code class="phb-rule-id">r1</code></h3>
    <dl><dt>What</dt><dd>message</dd></dl><h4>Say</h4><ul><li>reply <button>Copy</button></li></ul><p class="phb-source">Source: x</p></div>
    <h2 id="g1">Guideline</h2><p>its text</p><h2 id="b">Other</h2><p>more</p>"""
    sections = search.page_sections(html, {"r1", "g1"})
    assert sections == [
        {"anchor": "", "title": "", "text": "lead", "entry": False},
        {"anchor": "a", "title": "Part", "text": "text", "entry": False},
        {"anchor": "r1", "title": "", "text": "What message Say · reply", "entry": True},
        {"anchor": "g1", "title": "Guideline", "text": "its text", "entry": True},
        {"anchor": "b", "title": "Other", "text": "more", "entry": False},
    ]


def test_a_stray_end_tag_does_not_close_the_page():
    sections = search.page_sections("<p>a</span> b</p><h2 id='x'>X</h2><p>c</p>")
    assert [s["text"] for s in sections] == ["a b", "c"]


def _page(*anchors):
    return {"title": "t", "sections": [{"anchor": a, "title": "", "text": "", "entry": True} for a in anchors]}


def test_an_entry_is_indexed_on_its_own_page_not_where_it_is_repeated():
    records = {i: {"kind": k, "title": i, "alias": [], "words": [], "summary": ""} for i, k in [("g1", "guideline"), ("g2", "guideline"), ("f1", "form"), ("f2", "form")]}
    pages = {
        "": _page("g1"),                          # the home page repeats a principle
        "guidelines/principles/": _page("g1", "g2"),
        "procedures/p/": _page("f1"),              # a procedure embeds one form
        "forms/": _page("f1", "f2"),
    }
    assert search.entry_homes(pages, records, "") == {"g1": "guidelines/principles/", "g2": "guidelines/principles/", "f1": "forms/", "f2": "forms/"}
    index = search.build_index("zh", pages, records, "", lambda text: [text])
    entry_docs = [d["l"] for d in index["docs"] if "k" in d]
    assert sorted(entry_docs) == ["forms/#f1", "forms/#f2", "guidelines/principles/#g1", "guidelines/principles/#g2"]


def test_entry_records_carry_both_languages_and_a_rules_words():
    records = search.entry_records(data_mod.read(ROOT / "data"))
    zh, en = records["zh"]["s000-not-my-business"], records["en"]["s000-not-my-business"]
    assert "不归我管" in zh["title"] and en["title"] == "That's not my business."
    assert zh["title"] in en["alias"] and en["title"] in zh["alias"]
    assert "退款" in records["zh"]["d-refuse-flat"]["words"]
    assert zh["title"] in records["en"]["s000-scn-division-of-responsibility"]["related"]
    assert " → " in zh["summary"]
    assert {r["kind"] for r in records["zh"].values()} == {"rule", "scenario", "guideline", "form"}


@pytest.fixture(scope="module")
def indexes():
    if not (SITE / "search" / "zh.json").is_file():
        pytest.fail("site/ is not built: run `make build` (make test does it)")
    return {lang: json.loads((SITE / "search" / f"{lang}.json").read_text(encoding="utf-8")) for lang in ("zh", "en")}


def test_each_language_has_its_own_index_with_every_entry_once(indexes):
    records = search.entry_records(data_mod.read(ROOT / "data"))
    for lang, index in indexes.items():
        locations = [d["l"] for d in index["docs"]]
        assert len(locations) == len(set(locations)), lang
        assert all(loc.startswith("en/") == (lang == "en") for loc in locations), lang
        entries = [d["l"].split("#", 1)[1] for d in index["docs"] if "k" in d]
        assert sorted(entries) == sorted(records[lang]), lang
        assert len(index["words"]) > 1000


def test_entry_links_point_at_their_anchor(indexes):
    for index in indexes.values():
        for doc in index["docs"]:
            if "k" in doc:
                page, anchor = doc["l"].split("#", 1)
                assert f'id="{anchor}"' in (SITE / page / "index.html").read_text(encoding="utf-8"), doc["l"]


def test_no_mermaid_source_button_labels_or_repeated_home_sections(indexes):
    for lang, index in indexes.items():
        copy = label("copy", lang)
        for doc in index["docs"]:
            assert not MERMAID.search(doc["x"]), (doc["l"], MERMAID.search(doc["x"]).group(0))
            if doc.get("k") in ("rule", "scenario"):
                assert copy not in doc["x"], doc["l"]
        home = "" if lang == "zh" else "en/"
        home_sections = [d["l"] for d in index["docs"] if d["l"].split("#")[0] == home]
        assert not any(d.get("k") for d in index["docs"] if d["l"] in home_sections)


def test_materials_own_index_is_reduced_to_its_settings():
    material = json.loads((SITE / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert material["docs"] == [] and "separator" in material["config"]


def test_pages_use_the_handbooks_search_worker():
    for page in ("index.html", "en/index.html", "en/taboos/index.html"):
        config = re.search(r'<script id="__config" type="application/json">(.*?)</script>', (SITE / page).read_text(encoding="utf-8"), re.S)
        worker = json.loads(config.group(1))["search"]
        assert worker.endswith("assets/search/worker.js?lang=" + ("en" if page.startswith("en/") else "zh")), worker
