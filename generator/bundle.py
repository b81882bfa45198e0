"""The checker's inputs, made from the handbook: the rule bundle and the fold table.

``check(data_dir)`` reads data/ and runs the self-tests; ``write(checked,
folder)`` writes ``rules.json`` and ``t2s.json`` there: the work tree's
build/checker/ (``make rules``), a temporary folder during a site build, or
the package inside a wheel (setup.py). Nothing here needs the site's libraries.
"""

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from checker.errors import DataError
from checker.rules import compiled_json

from . import similar
from checker.yamlfile import plain as _plain

from . import chartable, data, selftest

FILES = ("rules.json", "t2s.json")


@dataclass
class Checked:
    """Data that passed every check, with what checking it produced."""

    book: data.Handbook
    table: dict  # the fold table
    rules: dict  # rule id -> compiled Rule


def check(data_dir):
    """Load data/ and run the handbook's self-tests; raise DataError with every problem."""
    book = data.read(data_dir)
    table = chartable.build(book.dialect)
    engine, problems = selftest.make_checker(book, table)
    problems += selftest.check_book(book, engine)
    if problems:
        raise DataError(problems)
    return Checked(book, table, {rule.id: rule for rule in engine.rules})


def write(checked, folder):
    """``rules.json`` and ``t2s.json`` in ``folder``, each replaced atomically."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    write_json(folder / "t2s.json", checked.table)
    write_bundle(folder / "rules.json", rule_bundle(checked.book, checked.rules))
    return [folder / name for name in FILES]


RULE_FIELDS = ("id", "kind", "category", "severity", "phrase", "item", "patterns", "message", "suggest", "unless", "when", "where", "examples")


def rule_bundle(book, compiled):
    """The rules as the checker reads them, each with its folded sequences
    (``compiled``: rule id -> the Rule the self-tests compiled with the book's placeholders)."""
    rules = []
    for rule in book.rules:
        record = {k: _plain(rule[k]) for k in RULE_FIELDS if k in rule}
        record["compiled"] = compiled_json(compiled[rule["id"]])
        rules.append(record)
    models = similar.read_models(book.root)
    return {
        **({"similar": {"models": models, "principles": _plain(book.principles)}} if models else {}),
        "placeholders": _plain(book.settings["placeholders"]),
        "categories": {c["id"]: _plain(c["name"]) for c in book.categories},
        "wordclasses": _plain(book.wordclasses),  # for rules compiled at load time (a team's own)
        "rules": rules,
    }


def _dumps(data):
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def write_json(path, data):
    """Write atomically: a reader sees the old file or the new one, never half of one."""
    _write(path, _dumps(data))


def write_bundle(path, bundle):
    """The rule bundle as one JSON document laid out a rule a line: a first line with
    everything but the rules, ending in ``"rules":[``, then each rule on a line of its
    own, then ``]}``. checker.rules.read_bundle then parses one rule at a time (the
    whole file at once peaks at five times the loaded rules' memory, which in the
    browser stays as the wasm heap of the start-up snapshot).

    A word class in the precompiled sequences (``{"class": …, "members": […]}``) is
    written once, in the first line's ``choices``, and each use as ``{"choice": N}``:
    a pattern that expands to hundreds of sequences repeated its classes' members in
    every one of them (48 MB of rules.json, most of it the same member lists).
    read_bundle puts them back, so a reader sees the bundle as it was given here."""
    choices, index = [], {}
    rules = [_with_choice_refs(rule, choices, index) for rule in bundle["rules"]]
    head = _dumps({**{k: v for k, v in bundle.items() if k != "rules"}, **({"choices": choices} if choices else {})})[:-1]
    lines = [_dumps(rule) for rule in rules]
    rules = ",\n".join(lines) + "\n" if lines else ""
    _write(path, f'{head}{"," if len(head) > 1 else ""}"rules":[\n{rules}]}}\n')


def _with_choice_refs(rule, choices, index):
    """``rule`` with each word class inside its ``compiled`` sequences replaced by a
    reference into ``choices`` (appended to, ``index``: (class, members) -> position)."""
    if not isinstance(rule, dict) or not isinstance(rule.get("compiled"), dict):
        return rule

    def part(p):
        if isinstance(p, dict) and set(p) == {"class", "members"}:
            key = (p["class"], tuple(p["members"]))
            if key not in index:
                index[key] = len(choices)
                choices.append(p)
            return {"choice": index[key]}
        return p

    seqs = lambda sequences: [[part(p) for p in seq] for seq in sequences]
    conds = lambda conditions: [[kind, seqs(sequences), within] for kind, sequences, within in conditions]
    compiled = rule["compiled"]
    out = dict(compiled)
    if isinstance(compiled.get("sequences"), dict):
        out["sequences"] = {lang: seqs(s) for lang, s in compiled["sequences"].items()}
    for key in ("unless", "when"):
        if isinstance(compiled.get(key), list):
            out[key] = conds(compiled[key])
    return {**rule, "compiled": out}


def _write(path, text):
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.chmod(tmp, 0o644)  # mkstemp makes it private; these are ordinary package files
    os.replace(tmp, path)
