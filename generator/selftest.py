"""The handbook checks itself: rule examples, recommended replies, taboo phrases.

Every rule's ``examples.flag`` must be flagged by that rule and its
``examples.pass`` by none of its own matches; no recommended reply anywhere
may get an error or warning; every taboo phrase must be caught by some rule,
and every forbid rule must flag its own English phrase (unless the rule is
marked ``behaviour: true``: its phrase describes a behaviour, not words);
every suggestion must fit (``advice.py``).
Problems point at the YAML line, like schema problems.
"""

from checker.engine import Checker
from checker.normalize import Folder
from checker.placeholders import fill as fill_placeholders
from checker.transcript import check_transcript
from checker.wordclass import WordClasses

from checker.errors import CheckerError, Problem
from checker.rules import conditions
from checker.finding import BLOCKING
from checker.yamlfile import plain as _plain, position

from .advice import check_advice



def make_checker(book, table, backend="auto"):
    """A Checker over the book's rules; problems for word classes and patterns that do not compile."""
    folder = Folder(table)
    classes, problems = make_classes(book, folder.fold)

    def on_error(record, exc):
        problems.append(Problem(*book.where(record["id"], *_pattern_path(record, str(exc))), str(exc)))

    records = [_plain(record) for record in book.rules]
    categories = {c["id"]: _plain(c["name"]) for c in book.categories}
    engine = Checker.from_records(
        records, folder, book.settings["placeholders"], backend, categories, on_error=on_error, classes=classes
    )
    problems.extend(_principle_problems(book, folder.fold, classes))
    return engine, problems


def _principle_problems(book, fold, classes):
    """A problem for each similarity-tier kind whose ``unless`` does not compile."""
    problems = []
    for item in book.principles:
        for j, cond in enumerate(item.get("unless", [])):
            try:
                conditions([_plain(cond)], fold, book.settings["placeholders"], classes)
            except CheckerError as exc:
                problems.append(Problem(book.principles_file, *position(item, ["unless", j]), str(exc)))
    return problems


def make_classes(book, fold):
    """The book's word classes, folded; a problem for each member that cannot match
    (the class keeps its other members, so rules naming it still compile)."""
    records, problems = [], []
    for record in book.wordclasses:
        members, bad = {}, 0
        for lang, sources in record["members"].items():
            members[lang] = []
            for i, source in enumerate(sources):
                try:
                    WordClasses([{"id": record["id"], "members": {lang: [source]}}], fold).check()
                    members[lang].append(source)
                except CheckerError as exc:
                    bad += 1
                    problems.append(Problem(*book.where_class(record["id"], "members", lang, i), str(exc)))
        if not any(members.values()) and not bad:
            problems.append(Problem(*book.where_class(record["id"], "members"), f"word class <{record['id']}> has no members"))
        records.append({"id": record["id"], "members": members})
    return WordClasses(records, fold), problems


def _pattern_path(record, message):
    """Where in a rule the pattern named in a compile error sits (or its patterns)."""
    for lang, sources in record.get("patterns", {}).items():
        for i, source in enumerate(sources):
            if repr(source) in message:
                return ["patterns", lang, i]
    for key in ("unless", "when"):
        for j, cond in enumerate(record.get(key, [])):
            for side in ("after", "before"):
                for i, source in enumerate(cond.get(side, [])):
                    if repr(source) in message:
                        return [key, j, side, i]
    return ["patterns"]


def _is_transcript(text):
    return "\n" in text and any(mark in text for mark in ("：", ":"))


def check_book(book, checker):
    problems = []

    def problem(entry_id, path, message):
        problems.append(Problem(*book.where(entry_id, *path), message))

    compiled = {r.id for r in checker.rules}
    for rule in book.rules:
        if rule["id"] not in compiled:
            continue  # its pattern problem is already reported
        examples = rule["examples"]
        for i, text in enumerate(examples["flag"]):
            findings = _findings(checker, rule, text)
            if not any(f.rule == rule["id"] for f in findings):
                got = ", ".join(sorted({f.rule for f in findings})) or "nothing"
                problem(rule["id"], ["examples", "flag", i], f"rule {rule['id']} does not flag its example (found: {got})")
        for i, text in enumerate(examples["pass"]):
            findings = _findings(checker, rule, text)
            hits = [f for f in findings if f.rule == rule["id"]]
            if hits:
                problem(rule["id"], ["examples", "pass", i], f"rule {rule['id']} flags its pass example at 「{hits[0].match}」")
        if rule["kind"] != "require":
            if not checker.check(rule["phrase"]["zh"], lang="zh"):
                problem(rule["id"], ["phrase", "zh"], f"no rule flags the taboo phrase 「{rule['phrase']['zh']}」")
        if rule["kind"] == "forbid" and not rule.get("behaviour"):
            english = rule["phrase"]["en"]
            findings = checker.check(english, lang="en", resolve=False)
            if not any(f.rule == rule["id"] for f in findings):
                got = ", ".join(sorted({f.rule for f in findings})) or "nothing"
                problem(rule["id"], ["phrase", "en"], f"rule {rule['id']} does not flag its English phrase \"{english}\" (found: {got})")
    for kind, entry, path, text in recommended(book):
        for f in checker.check(text):
            if f.severity in BLOCKING and f.kind != "require":
                problem(entry["id"], path, f"recommended reply contains 「{f.match}」, flagged by {f.rule} ({f.severity})")
    check_advice(book, checker, problem, recommended(book))
    return problems


def _findings(checker, rule, text):
    """Every match in ``text``, overlaps kept, so each rule is tested on its own."""
    if rule["kind"] == "require" or _is_transcript(text):
        return check_transcript(checker, text, role="agent", resolve=False)
    return checker.check(text, resolve=False)


def recommended(book):
    """(kind, entry, path, text) for every reply the handbook recommends, in both languages:
    scenario and guideline replies, rule suggestions, call-script lines, good transcript lines."""
    names = book.settings["placeholders"]

    def fill(text, lang):
        return fill_placeholders(text, lang, names)

    for entry in book.entries["scenarios"] + book.entries["guidelines"]:
        for i, item in enumerate(entry.get("say", [])):
            for lang in ("zh", "en"):
                yield "say", entry, ["say", i, lang], fill(item[lang], lang)
    for script in book.entries["scripts"]:  # what the agent says in a call script
        for i, step in enumerate(script["steps"]):
            for lang in ("zh", "en"):
                yield "step", script, ["steps", i, "say", lang], fill(step["say"][lang], lang)
    for call in book.entries["transcripts"]:  # agent lines the handbook calls good
        for c, part in enumerate(call["calls"]):
            for i, line in enumerate(part["lines"]):
                if line["role"] == "agent" and line.get("verdict") == "good":
                    for lang in ("zh", "en"):
                        yield "good line", call, ["calls", c, "lines", i, "text", lang], fill(line["text"][lang], lang)
    for rule in book.rules:
        for i, item in enumerate(rule.get("suggest", [])):
            for lang in ("zh", "en"):
                yield "suggest", rule, ["suggest", i, lang], fill(item[lang], lang)
