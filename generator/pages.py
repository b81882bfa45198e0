"""Render the handbook's pages from the data, one renderer per content type.

``render(book)`` is pure: it returns ``{relative path: text}`` for both
languages (``page.md`` in Chinese, ``page.en.md`` in English) and the
navigation; writing files is the build's job.
"""

import json
import re
from collections import OrderedDict

import jinja2
from markupsafe import Markup, escape

from checker.finding import severity_rank
from checker.placeholders import fill

from .data import BRANDS
from .labels import GUIDELINE_PAGES, label, placeholder_label

LANGS = ("zh", "en")
MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|{}!])")


def environment():
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["lookup"] = lambda ids, table: [table[i] for i in ids]
    env.filters["nodeid"] = lambda step_id: "s_" + re.sub(r"[^0-9a-z]", "_", step_id)
    env.filters["mermaid"] = lambda text: str(text).replace('"', "#quot;")
    env.filters["md"] = lambda s: MD_SPECIAL.sub(r"\\\1", str(s))
    return env


HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
HAN_RUN = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]+")
END_MARKS = "。！？!?.… "


def text_lang(text):
    """The language a single-language string (a rule example) is written in."""
    return "zh" if HAN.search(text) else "en"


def gloss_table(book):
    """Chinese text -> its English form, from every {zh, en} pair in the entries.

    A Chinese rule example shown on an English page takes its gloss from here
    when the same words are a text of the handbook (a recommended reply, a
    suggestion, a phrase); nothing is translated at build time."""
    table = {}

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("zh"), str) and isinstance(node.get("en"), str):
                table.setdefault(node["zh"].strip().rstrip(END_MARKS), node["en"])
            for key, value in node.items():
                if key not in ("patterns", "examples", "unless", "when"):
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for entries in book.entries.values():
        walk(entries)
    return table


class Page:
    """What a template needs to know about the language it renders in."""

    def __init__(self, book, lang, depth, glosses=None):
        self.book, self.lang = book, lang
        self.root = "../" * depth  # relative link to the site root from this page
        self.categories = {c["id"]: c for c in book.categories}
        self.glosses = gloss_table(book) if glosses is None else glosses

    def t(self, text):
        """One language of a {zh, en} text, with placeholders filled in."""
        if text is None:
            return ""
        return fill(text[self.lang], self.lang, self.book.settings["placeholders"])

    def examples(self, rule):
        """The rule's examples as this page shows them: ``(kind, text, lang, gloss)``.

        Every example is shown on a Chinese page, an English one marked ``lang="en"``.
        On an English page a Chinese example comes with an English gloss beside it:
        the handbook's own English for the same words, or, for a flagged example,
        the taboo phrase it is a way of saying. Flagged examples glossed only by
        that phrase are shown together under one gloss (``texts``), not each with the
        same words again. A passing Chinese example with neither is left to the
        Chinese page; ``hidden`` counts them."""
        shown, cases, hidden = [], [], 0
        for kind in ("flag", "pass"):
            for text in rule["examples"][kind]:
                lang = text_lang(text)
                gloss = None
                if lang != self.lang and self.lang == "en":
                    known = self.glosses.get(text.strip().rstrip(END_MARKS))
                    if known is not None:
                        gloss = self.t({"en": known})
                    elif kind == "flag":
                        cases.append(text)
                        continue
                    else:
                        hidden += 1
                        continue
                shown.append({"kind": kind, "text": text, "lang": lang, "gloss": gloss})
        if cases:
            gloss = self.L("gloss_flag" if len(cases) == 1 else "gloss_flags").format(phrase=self.t(rule["phrase"]))
            shown.append({"kind": "flag", "texts": cases, "lang": "zh", "gloss": gloss})
        # Flagged before passing; within each, the page's own language first.
        shown.sort(key=lambda e: (e["kind"] != "flag", e["lang"] != self.lang))
        return {"shown": shown, "hidden": hidden}

    def mark(self, text):
        """``text`` escaped, with any Chinese in it marked ``lang="zh"`` on an English page
        (a Chinese drop-in such as 您 inside an English text)."""
        escaped = str(escape(text))  # escaping leaves Chinese characters alone
        if self.lang == "zh":
            return Markup(escaped)
        return Markup(HAN_RUN.sub(lambda m: f'<span lang="zh">{m.group(0)}</span>', escaped))

    def L(self, key):
        return label(key, self.lang)

    def placeholder_label(self, name):
        return placeholder_label(name, self.lang)

    @property
    def colon(self):
        """What follows a label: a full-width colon in Chinese, ': ' in English."""
        return "：" if self.lang == "zh" else ": "

    def other(self):
        """The other language of the site: the one a quoted example in it is marked with."""
        return "en" if self.lang == "zh" else "zh"

    def source(self, seed):
        return self.t(self.book.sources[seed])

    def section(self, source):
        """The title of the seed section an entry cites (data/sources.yml), in this language."""
        return self.t(self.book.sections[source["seed"]][source["section"]])

    def category(self, cat_id):
        return self.t(self.categories[cat_id]["name"])

    def link(self, path, anchor=None):
        """Link to another page given as a docs-relative directory path ('' = home)."""
        url = self.root + (path + "/" if path else "")
        return url + ("#" + anchor if anchor else "") if url or anchor else "./"

    def rule_link(self, rule):
        """Where a taboo entry is: its category's page of the taboo list."""
        return self.link(f"taboos/{rule['category']}", rule["id"])

    def scenario_link(self, scenario):
        return self.link(f"phrasebook/{scenario['category']}", scenario["id"])


def _pages(book):
    """(template, output path without .md, context) for every page."""
    rules = sorted(book.rules, key=lambda r: (r["category"], -severity_rank(r["severity"]), r["id"]))
    by_id = {kind: book.by_id(kind) for kind in book.entries}
    guidelines = book.entries["guidelines"]
    common = {"by_id": by_id}
    yield "home.md.j2", "index", {"counts": {k: len(v) for k, v in book.entries.items()}}
    scenarios = book.entries["scenarios"]
    # The phrasebook and the taboo list: an index of categories, then one page per category.
    for section, entries in (("phrasebook", scenarios), ("taboos", rules)):
        groups = _group(entries, "category", book.categories)
        page_map = {item["id"]: cat for cat, members in groups for item in members}
        yield f"{section}.md.j2", f"{section}/index", {"groups": groups, "entries": entries, "page_map": page_map, **common}
        for cat, members in groups:
            yield f"{section}_category.md.j2", f"{section}/{cat}", {"cat": cat, "members": members, "entries": entries, **common}
    for page_id, kinds in GUIDELINE_PAGES.items():
        items = [g for g in guidelines if g["kind"] in kinds]
        yield "guidelines.md.j2", f"guidelines/{page_id}", {"page_id": page_id, "items": items, **common}
    yield "guidelines_index.md.j2", "guidelines/index", {"pages": list(GUIDELINE_PAGES), "guidelines": guidelines}
    for proc in book.entries["procedures"]:
        yield "procedure.md.j2", f"procedures/{proc['id']}", {"proc": proc, **common}
    yield "procedures_index.md.j2", "procedures/index", {"procedures": book.entries["procedures"]}
    yield "forms.md.j2", "forms/index", {"forms": book.entries["forms"]}
    for script in book.entries["scripts"]:
        yield "script.md.j2", f"scripts/{script['id']}", {"script": script, **common}
    yield "scripts_index.md.j2", "scripts/index", {"scripts": book.entries["scripts"]}
    for call in book.entries["transcripts"]:
        yield "transcript.md.j2", f"transcripts/{call['id']}", {"call": call, **common}
    yield "transcripts_index.md.j2", "transcripts/index", {"transcripts": book.entries["transcripts"]}
    used = {r["category"] for r in book.rules}
    yield "checker.md.j2", "checker", {"categories": [c for c in book.categories if c["id"] in used]}
    # Brand substitutions stay out of the pages: the handbook names no company.
    wording = [sub for sub in book.substitutions if "{" not in sub["to"] and not any(b in sub["from"] + sub.get("note", "") for b in BRANDS)]
    yield "authors.md.j2", "authors", {"categories": book.categories, "rules": rules, "substitutions": wording, "wordclasses": word_class_rows(book), "dialect": dialect_rows(book), "origins": origin_rows(book), "scripts": book.entries["scripts"]}


ORIGINS = ("seed", "derived", "editorial", "team")


def origin_rows(book):
    """How many entries, and how many replies (recommended lines, suggestions, script
    steps), come from each origin; a reply without its own origin shares its entry's."""
    entries = {o: 0 for o in ORIGINS}
    replies = {o: 0 for o in ORIGINS}
    for kind in book.entries.values():
        for entry in kind:
            entries[entry["origin"]] += 1
            for item in entry.get("say", []) + entry.get("suggest", []) + entry.get("steps", []):
                replies[item.get("origin") or entry["origin"]] += 1
    return [{"origin": o, "entries": entries[o], "replies": replies[o]} for o in ORIGINS]


def word_class_rows(book):
    """Each word class with the ids of the rules whose patterns or conditions name it."""
    rows = []
    for wc in sorted(book.wordclasses, key=lambda c: c["id"]):
        ref = "<" + wc["id"] + ">"
        users = [r["id"] for r in book.rules if any(ref in text for _, text in _pattern_texts(r))]
        rows.append({"id": wc["id"], "members": wc["members"], "note": wc["note"], "rules": users})
    return rows


REGIONS = {
    "cantonese": ("粤语", "Cantonese"), "sichuan": ("四川、重庆话", "Sichuan and Chongqing"),
    "northeast": ("东北话", "North-eastern"), "henan": ("河南话", "Henan"), "hubei": ("湖北话", "Hubei"),
    "hunan": ("湖南话", "Hunan"), "wu": ("上海话、吴语", "Shanghai and Wu"), "beijing": ("北京话", "Beijing"),
    "tianjin": ("天津话", "Tianjin"), "shandong": ("山东话", "Shandong"), "shaanxi": ("陕西话", "Shaanxi"),
    "taiwan": ("台湾国语", "Taiwan Mandarin"), "north": ("北方口语", "Northern speech"),
}
# How each context field of data/dialect.yml reads, in zh and en ({} = its characters).
CONTEXTS = {
    "after": ("前一字是{}之一", "after one of {}"), "before": ("后一字是{}之一", "before one of {}"),
    "not_after": ("前一字不是{}", "not after {}"), "not_before": ("后一字不是{}", "not before {}"),
    ("next", "han"): ("后面接汉字", "a Chinese character follows"), ("next", "not-han"): ("在句末", "at the end of a phrase"),
    ("prev", "han"): ("前面有汉字", "after a Chinese character"), ("prev", "not-han"): ("在句首", "where a phrase begins"),
}


def dialect_rows(book):
    """data/dialect.yml for the authors page: each word with its regions and context in both languages."""
    rows = []
    for entry in book.dialect:
        context = {"zh": [], "en": []}
        for key in ("after", "before", "not_after", "not_before", "next", "prev"):
            if key not in entry:
                continue
            zh, en = CONTEXTS[key] if key in CONTEXTS else CONTEXTS[(key, entry[key])]
            context["zh"].append(zh.format(entry[key]))
            context["en"].append(en.format(entry[key]))
        rows.append({
            "from": entry["from"], "to": entry["to"],
            "regions": {"zh": "、".join(REGIONS[r][0] for r in entry["region"]), "en": ", ".join(REGIONS[r][1] for r in entry["region"])},
            "context": {"zh": "；".join(context["zh"]), "en": "; ".join(context["en"])},
        })
    return rows


def _pattern_texts(rule):
    for lang, sources in rule.get("patterns", {}).items():
        for source in sources:
            yield lang, source
    for key in ("unless", "when"):
        for cond in rule.get(key, []):
            for side in ("after", "before"):
                for source in cond.get(side, []):
                    yield side, source


def _group(items, key, categories):
    order = [c["id"] for c in categories]
    groups = OrderedDict((c, []) for c in order)
    for item in items:
        groups[item[key]].append(item)
    return [(c, members) for c, members in groups.items() if members]


def filter_records(book, section, lang):
    """What the index page of the phrasebook or the taboo list filters every category with
    (``entries.json`` next to it): per entry its filter values, what the match list shows
    (phrase, first say-instead) and its text in lower case for the text filter."""
    page = Page(book, lang, 1)
    records = []
    if section == "taboos":
        for r in book.rules:
            say = [page.t(x) for x in r.get("suggest", [])]
            text = [page.t(r["phrase"]), page.t(r["message"]), page.t(r.get("why")), *r["examples"]["flag"], *r["examples"]["pass"], *say]
            records.append({"id": r["id"], "category": r["category"], "severity": r["severity"], "source": r["source"]["seed"],
                            "phrase": page.t(r["phrase"]), "say": say[:1], "text": " ".join(text).lower()})
    else:
        rules = book.by_id("rules")
        for s in book.entries["scenarios"]:
            say = [page.t(x) for x in s["say"]]
            avoid = [rules[i] for i in s["avoid"]]
            text = [page.t(s["title"]), page.t(s["situation"]), page.t(s.get("customer_says")), *say,
                    *[page.t(r["phrase"]) for r in avoid], *[page.t(g) for g in s.get("guidance", [])]]
            records.append({"id": s["id"], "category": s["category"], "severity": " ".join(sorted({r["severity"] for r in avoid})),
                            "channel": " ".join(s["channel"]), "source": s["source"]["seed"],
                            "phrase": page.t(s["title"]), "say": say[:1], "text": " ".join(text).lower()})
    return records


def render(book):
    """``{path: text}`` for every page in both languages, and the filter data of the two
    index pages (``entries.json``, ``entries.en.json``)."""
    env = environment()
    out = {}
    for section in ("phrasebook", "taboos"):
        for lang in LANGS:
            records = filter_records(book, section, lang)
            out[f"{section}/entries{'' if lang == 'zh' else '.en'}.json"] = json.dumps(records, ensure_ascii=False, separators=(",", ":"))
    glosses = gloss_table(book)
    for template, path, context in _pages(book):
        # "a/b" is served as a/b/, "a/index" as a/: that is how deep the page is.
        depth = path.count("/") + (0 if path.endswith("index") else 1)
        for lang in LANGS:
            page = Page(book, lang, depth, glosses)
            text = env.get_template(template).render(p=page, book=book, **context)
            suffix = ".md" if lang == "zh" else ".en.md"
            out[path + suffix] = text
    return out


def nav(book):
    """The site navigation, titles in Chinese; ``nav_translations`` gives the English ones."""
    def section(key, index, children=()):
        return {label(key, "zh"): [index, *children]}

    return [
        "index.md",
        section("phrasebook", "phrasebook/index.md", [f"phrasebook/{c}.md" for c in category_pages(book.entries["scenarios"], book.categories)]),
        section("taboos", "taboos/index.md", [f"taboos/{c}.md" for c in category_pages(book.rules, book.categories)]),
        section("guidelines", "guidelines/index.md", [f"guidelines/{p}.md" for p in GUIDELINE_PAGES]),
        section("procedures", "procedures/index.md", [f"procedures/{p['id']}.md" for p in book.entries["procedures"]] + ["forms/index.md"]),
        section("scripts", "scripts/index.md", [f"scripts/{s['id']}.md" for s in book.entries["scripts"]]),
        section("transcripts", "transcripts/index.md", [f"transcripts/{t['id']}.md" for t in book.entries["transcripts"]]),
        "checker.md",
        "authors.md",
    ]


def category_pages(entries, categories):
    """The ids of the categories that have a page: those with entries, in the categories' order."""
    return [cat for cat, _ in _group(entries, "category", categories)]


def nav_translations():
    return {label(k, "zh"): label(k, "en") for k in ("phrasebook", "taboos", "guidelines", "procedures", "scripts", "transcripts")}
