"""The site's search index: one per language, each entry its own result.

Material's search box and result list stay; what answers the queries is the
handbook's own worker (assets/search/worker.js), so that an exact phrase ranks
first and text is folded as the checker folds it. This module makes what the
worker reads:

- ``entry_records(book)``: for each language, what the data says about every
  scenario, taboo rule, guideline and form: its title in that language, its title in
  the other language (an English page finds an entry by its Chinese phrase),
  and for rules the literal words of its patterns (a rule is found by the
  words it catches). The build writes it into the docs folder as
  ``ENTRIES_FILE`` (a dot file: MkDocs does not publish it).
- ``page_sections(html, entry_ids)``: a page's content cut into sections: the
  page's lead, one section per heading with an id, and one per entry element,
  without what is not prose (Mermaid sources and other ``<pre>``, buttons,
  form controls, permalinks, rule ids, severity badges, source lines).
- ``build_index(lang, pages, records, root, cut)``: the index of one language.
  An entry shown on several pages (the home page repeats the principles, a
  procedure embeds its form) is indexed once, on the page it belongs to
  (``entry_homes``); its sections elsewhere are left out. The vocabulary the
  worker segments Chinese queries with is jieba's cut of the index.

Where an entry is comes from the built pages (the page whose element carries
the entry's id), so the index follows however the pages are laid out.
"""

import html.parser
import json
import re

from checker.placeholders import fill

ENTRIES_FILE = ".search-entries.json"
KINDS = {"rules": "rule", "scenarios": "scenario", "guidelines": "guideline", "forms": "form"}
LANGS = ("zh", "en")

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
SKIP_TAGS = {"script", "style", "pre", "button", "select", "option", "textarea", "svg", "template", "output", "noscript"}
SKIP_CLASSES = {"headerlink", "phb-filters", "phb-rule-id", "phb-step-no", "phb-flow-source", "mermaid", "phb-source", "phb-badge"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
BLOCK = {"p", "li", "dt", "dd", "div", "tr", "td", "th", "br", "ul", "ol", "dl", "table", "blockquote", "section", "h1", "h2", "h3", "h4", "h5", "h6"}
HEADING = re.compile(r"h[1-6]$")


def _pattern_words(rule):
    """The Chinese words (two characters or more) written literally in a rule's patterns."""
    words = []
    for source in rule.get("patterns", {}).get("zh", []):
        source = re.sub(r"<[^>]*>", " ", source)  # word-class references
        for run in HAN.findall(source):
            if len(run) >= 2 and run not in words:
                words.append(run)
    return words


# What a result shows under an entry's title: what it is about, then what to say.
SUMMARY = {"rules": ("message", "suggest"), "scenarios": ("situation", "say"), "guidelines": ("text", "say"), "forms": ("purpose",)}


def _summary(entry, key, lang, placeholders):
    parts = []
    for field in SUMMARY[key]:
        value = entry.get(field)
        if isinstance(value, list):
            value = value[0] if value else None
        if value:
            parts.append(fill(value[lang], lang, placeholders))
    return " → ".join(parts)


def entry_records(book):
    """``{lang: {entry id: {"kind", "title", "alias", "words", "related", "summary"}}}`` for every
    scenario, rule, guideline and form."""
    placeholders = book.settings["placeholders"]
    rules = book.by_id("rules")
    out = {lang: {} for lang in LANGS}
    for key, kind in KINDS.items():
        for entry in book.entries[key]:
            title = entry["phrase"] if key == "rules" else entry["title"]
            words = _pattern_words(entry) if key == "rules" else []
            for lang in LANGS:
                other = [o for o in LANGS if o != lang]
                out[lang][entry["id"]] = {
                    "kind": kind, "title": fill(title[lang], lang, placeholders),
                    "alias": [fill(title[o], o, placeholders) for o in other], "words": words,
                    # The taboos it warns against, in the other language: a Chinese phrase
                    # on an English page finds the scenarios and guidelines that name it.
                    "related": [fill(rules[r]["phrase"][o], o, placeholders) for r in entry.get("avoid", []) for o in other],
                    "summary": _summary(entry, key, lang, placeholders),
                }
    return out


def write_entries(book, path):
    path.write_text(json.dumps(entry_records(book), ensure_ascii=False, sort_keys=True), encoding="utf-8")


def read_entries(path):
    return json.loads(path.read_text(encoding="utf-8"))


class _Sections(html.parser.HTMLParser):
    """Cuts a page's content HTML into sections (see ``page_sections``)."""

    def __init__(self, entry_ids):
        super().__init__(convert_charrefs=True)
        self.entry_ids = entry_ids
        self.sections = [{"anchor": "", "title": [], "text": [], "entry": False}]
        self.stack = []  # (tag, skipping, entry element) of every open element
        self.skip = 0
        self.heading = None  # the section whose title is being read
        self.entry_open = []  # entry elements still open: their first heading is their title

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = set((attrs.get("class") or "").split())
        skipping = tag in SKIP_TAGS or bool(classes & SKIP_CLASSES) or "data-search-exclude" in attrs
        if tag in VOID:
            if not self.skip and tag in BLOCK:
                self._text(" ")
            return
        anchor = attrs.get("id") or ""
        entry = anchor in self.entry_ids and not self.skip and not skipping
        self.stack.append((tag, skipping, entry))
        if skipping:
            self.skip += 1
            return
        if self.skip:
            return
        if tag == "li":
            self._text(" · ")  # list items read as a list, not one run-on sentence
        elif tag in BLOCK:
            self._text(" ")
        if entry:
            self._start(anchor, True)
            self.entry_open.append([tag, False])
            if HEADING.match(tag):
                self.heading = self.sections[-1]
                self.entry_open[-1][1] = True
        elif HEADING.match(tag):
            if tag == "h1":
                self.heading = {"title": [], "text": []}  # the page's title: the lead goes on under it
            elif self.entry_open and not self.entry_open[-1][1]:
                self.entry_open[-1][1] = True  # the entry's own title: the data gives it
                self.heading = {"title": [], "text": []}  # read and dropped
            elif anchor and not self.entry_open:
                self._start(anchor, False)
                self.heading = self.sections[-1]

    def handle_endtag(self, tag):
        if not any(open_tag == tag for open_tag, _, _ in self.stack):
            return  # a stray end tag
        while self.stack:
            open_tag, skipping, entry = self.stack.pop()
            if skipping:
                self.skip -= 1
            if entry and self.entry_open:
                self.entry_open.pop()
            if HEADING.match(open_tag):
                self.heading = None
            if open_tag == tag:
                break
        if not self.skip and tag in BLOCK:
            self._text(" ")

    def handle_data(self, data):
        if not self.skip:
            self._text(data)

    def _text(self, data):
        target = self.heading["title"] if self.heading is not None else self.sections[-1]["text"]
        target.append(data)

    def _start(self, anchor, entry):
        self.sections.append({"anchor": anchor, "title": [], "text": [], "entry": entry})


def _squash(parts):
    text = re.sub(r"\s+", " ", "".join(parts)).strip()
    text = re.sub(r"(?: ·)+(?= ·)", "", text)  # a list that opens a list item
    return re.sub(r"^(?:· )+|(?: ·)+$", "", text).strip()


def page_sections(content, entry_ids=()):
    """``[{"anchor", "title", "text", "entry"}]`` of a page's content HTML; the first
    (anchor "") is the page's lead: the text before its first section."""
    parser = _Sections(set(entry_ids))
    parser.feed(content)
    parser.close()
    out = []
    for section in parser.sections:
        title, text = _squash(section["title"]), _squash(section["text"])
        if section is parser.sections[0] or title or text or section["entry"]:
            out.append({"anchor": section["anchor"], "title": title, "text": text, "entry": section["entry"]})
    return out


def entry_homes(pages, records, root):
    """Entry id -> the url of the page it belongs to. Of the pages that show it: not
    the home page (``root``) when another does; then the page that shows the most
    entries of its kind (the forms page, not a procedure that embeds one form);
    then the deepest (a category page before an index of it)."""
    shown, per_kind = {}, {}
    for url, page in pages.items():
        for section in page["sections"]:
            if section["entry"]:
                shown.setdefault(section["anchor"], []).append(url)
                kind = records[section["anchor"]]["kind"]
                per_kind[url, kind] = per_kind.get((url, kind), 0) + 1
    homes = {}
    for entry_id, urls in shown.items():
        kind = records[entry_id]["kind"]
        homes[entry_id] = min(urls, key=lambda u: (u == root, -per_kind[u, kind], -u.count("/"), u))
    return homes


def build_index(lang, pages, records, root, cut):
    """The search index of one language (what worker.js reads).

    ``pages``: page url (site-relative, as MkDocs gives it) -> {"title", "sections"};
    ``records``: ``entry_records(book)[lang]``; ``root``: the url of the language's
    home page; ``cut``: jieba's ``cut``, for the vocabulary queries are segmented with."""
    homes = entry_homes(pages, records, root)
    docs = []
    for url, page in pages.items():
        for section in page["sections"]:
            anchor = section["anchor"]
            if not anchor:
                docs.append({"l": url, "t": page["title"], "x": section["text"]})
                continue
            if section["entry"]:
                if homes.get(anchor) != url:
                    continue
                record = records[anchor]
                doc = {"l": f"{url}#{anchor}", "t": record["title"], "x": section["text"], "k": record["kind"], "a": record["alias"], "s": record["summary"]}
                if record["words"]:
                    doc["w"] = record["words"]
                if record.get("related"):
                    doc["r"] = record["related"]
                docs.append(doc)
            elif anchor in homes and homes[anchor] != url:
                continue  # an entry's heading repeated on another page
            else:
                docs.append({"l": f"{url}#{anchor}", "t": section["title"], "x": section["text"]})
    return {"lang": lang, "words": sorted(vocabulary(docs, cut)), "docs": docs}


def vocabulary(docs, cut):
    """The words jieba cuts the Chinese of the index into: the worker segments a query with them."""
    words = set()
    for doc in docs:
        for field in (doc["t"], doc["x"], *doc.get("a", []), *doc.get("w", []), *doc.get("r", [])):
            for run in HAN.findall(field):
                words.update(w for w in cut(run) if len(w) >= 2)
    return words
