"""``python -m generator diff [REV]``: what a change to the rules newly flags and no longer flags.

The data folder as committed at REV (default HEAD) and as it is in the work
tree are each compiled by the work tree's checker and run over the texts
authors tune on: the development sets and their acceptable lines
(tests/fixtures/recall/, never the blind set), the delivery-app taboo list
and the real agent turns in ../shared/corpora/ (when present), and every reply
the handbook recommends (the work tree's list, for both sides). Every finding
that appears or disappears is printed, grouped by rule, so each widening is
read against real text.
"""

import io
import subprocess
import tarfile
import tempfile
from collections import defaultdict
from pathlib import Path

from checker.errors import CheckerError, DataError

from . import chartable, data, selftest, textsets
from checker.yamlfile import plain as _plain


class DiffError(CheckerError):
    """The revision cannot be read or its data does not load."""


def data_at(rev, data_dir, into):
    """Extract ``data_dir`` as committed at ``rev`` (from the git repository holding it) into ``into``."""
    data_dir = Path(data_dir).resolve()

    def git(*args, where=data_dir):
        done = subprocess.run(["git", "-C", str(where), *args], capture_output=True)
        if done.returncode:
            raise DiffError(f"git {' '.join(args)}: {done.stderr.decode('utf-8', 'replace').strip()}")
        return done.stdout

    top = Path(git("rev-parse", "--show-toplevel").decode().strip())
    rel = data_dir.relative_to(top).as_posix()
    commit = git("rev-parse", "--short", f"{rev}^{{commit}}").decode().strip()
    archive = git("archive", "--format=tar", commit, "--", rel, where=top)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return Path(into) / rel, commit


def texts(book, root=textsets.ROOT):
    """(set name, text) for every text the diff runs over, and reasons for sets left out."""
    out, skipped = [], []
    for lang in textsets.LANGS:
        for found in (textsets.dev(lang, root), *textsets.later_rounds(lang, root), textsets.ok(lang, root)):
            if found.rows is None:
                skipped.append(f"{found.name}: {found.missing}")
            out += [(found.name, t) for t in found.texts]
    found = textsets.delivery(root)
    if found.rows is None:
        skipped.append(f"{found.name}: {found.missing}")
    out += [(found.name, t) for t in found.texts]
    for lang in textsets.LANGS:
        found = textsets.agent(lang, root)
        if found.rows is None:
            skipped.append(f"{found.name}: {found.missing}")
        for side, label in ((0, "even"), (1, "odd")):
            out += [(f"{found.name} {label}", r["utterance"]) for r in found.rows or () if r["half"] == side]
    out += [("recommended", text) for _, _, _, text in selftest.recommended(book)]
    return out, skipped


def findings(checker, text):
    """Every match of every rule, overlaps kept: a new rule that covers another rule's
    finding shows as what it adds, not as the other rule losing its finding."""
    return {(f.rule, f.start, f.end): f for f in checker.check(text, resolve=False)}


def diff(rev="HEAD", data_dir=None, root=textsets.ROOT, out=print):
    """Print the diff; returns the number of findings that changed."""
    data_dir = Path(data_dir or Path(root) / "data")
    with tempfile.TemporaryDirectory() as tmp:
        old_dir, commit = data_at(rev, data_dir, tmp)
        try:
            old_book = data.read(old_dir)
        except DataError as exc:
            raise DiffError(f"the data at {rev} ({commit}) does not load with this code ({len(exc.problems)} problems; first: {exc.problems[0]})") from None
    new_book = data.read(data_dir)
    sides = []
    for book, name in ((old_book, f"{rev} ({commit})"), (new_book, "work tree")):
        engine, problems = selftest.make_checker(book, chartable.build(book.dialect))
        for problem in problems:
            out(f"warning: {name}: {problem}")
        sides.append(engine)
    old, new = sides
    out(f"rules: {rev} ({commit}) -> work tree: {_rule_changes(old_book, new_book)}")
    runs, skipped = texts(new_book, root)
    for reason in skipped:
        out(f"skipped {reason}")
    changes = defaultdict(list)  # rule -> [(sign, set name, finding, text)]
    per_set = defaultdict(lambda: [0, 0, 0])  # set -> [lines, newly flagged lines, lines no longer flagged]
    for set_name, text in runs:
        before, after = findings(old, text), findings(new, text)
        counts = per_set[set_name]
        counts[0] += 1
        counts[1] += bool(after) and not before
        counts[2] += bool(before) and not after
        for key in sorted(after.keys() - before.keys()):
            changes[key[0]].append(("+", set_name, after[key], text))
        for key in sorted(before.keys() - after.keys()):
            changes[key[0]].append(("-", set_name, before[key], text))
    out(f"\n{'set':<22} {'lines':>6} {'newly flagged':>14} {'no longer':>10}")
    for set_name, (lines, gained, lost) in per_set.items():
        out(f"{set_name:<22} {lines:>6} {gained:>14} {lost:>10}")
    total = sum(len(v) for v in changes.values())
    out(f"\n{total} findings changed ('+' newly flagged, '-' no longer flagged), by rule:")
    for rule_id in sorted(changes):
        items = changes[rule_id]
        plus = sum(1 for sign, *_ in items if sign == "+")
        out(f"\n{rule_id}  +{plus} -{len(items) - plus}")
        for sign, set_name, f, text in sorted(items, key=lambda i: (i[0], i[1], i[3])):
            out(f"  {sign} [{set_name}] 「{f.match}」 in {text}")
    return total


def _rule_changes(old_book, new_book):
    old = {r["id"]: _plain(r) for r in old_book.rules}
    new = {r["id"]: _plain(r) for r in new_book.rules}
    added = sorted(new.keys() - old.keys())
    removed = sorted(old.keys() - new.keys())
    changed = sorted(k for k in old.keys() & new.keys() if old[k] != new[k])
    old_classes = {c["id"]: _plain(c) for c in old_book.wordclasses}
    new_classes = {c["id"]: _plain(c) for c in new_book.wordclasses}
    classes = sorted(k for k in old_classes.keys() | new_classes.keys() if old_classes.get(k) != new_classes.get(k))
    parts = [f"{len(old)} -> {len(new)} rules"]
    for label, ids in (("added", added), ("removed", removed), ("changed", changed)):
        if ids:
            parts.append(f"{label} {len(ids)}: {', '.join(ids[:12])}{', …' if len(ids) > 12 else ''}")
    if classes:
        parts.append(f"word classes changed: {', '.join('<' + c + '>' for c in classes)}")
    return "; ".join(parts)
