"""How many entries each seed and section gave, so nothing disappears unnoticed.

``data/coverage.yml`` pins the counts per seed and kind, script steps and form
fields: ``tests/test_data.py`` fails when the data has other counts, and
``make coverage`` prints the report with any difference. After adding or
removing entries on purpose, ``make coverage-pin`` rewrites the file, and
the reviewer reads its diff.
"""

from collections import Counter
from pathlib import Path

import yaml

HEADER = (
    "# Pinned counts: entries per seed document and kind, call-script steps, form fields.\n"
    "# tests/test_data.py fails when the data has other counts. Written by `make coverage-pin`\n"
    "# (python -m generator coverage --pin) after adding or removing entries on purpose.\n"
)


def counts(book):
    """{(seed, kind): n} and {(seed, section): n}."""
    by_kind, by_section = Counter(), Counter()
    for kind, entries in book.entries.items():
        for entry in entries:
            source = entry.get("source") or {"seed": "(team)", "section": "(team)"}  # a team's own entry has none
            by_kind[(source["seed"], kind)] += 1
            by_section[(source["seed"], source["section"])] += 1
    return by_kind, by_section


def report(book):
    by_kind, by_section = counts(book)
    lines = []
    for seed in sorted({s for s, _ in by_kind}):
        kinds = ", ".join(f"{kind} {n}" for (s, kind), n in sorted(by_kind.items()) if s == seed)
        lines.append(f"{seed}: {sum(n for (s, _), n in by_kind.items() if s == seed)} entries ({kinds})")
        for (s, section), n in sorted(by_section.items()):
            if s == seed:
                lines.append(f"    {n:4d}  {section}")
    steps = sum(len(s["steps"]) for s in book.entries["scripts"])
    patterns = sum(len(r["patterns"].get("zh", [])) + len(r["patterns"].get("en", [])) for r in book.rules)
    examples = sum(len(r["examples"]["flag"]) + len(r["examples"]["pass"]) for r in book.rules)
    lines.append(f"total: {sum(by_kind.values())} entries, {len(book.rules)} rules, {patterns} patterns, {examples} rule examples, {steps} script steps")
    return "\n".join(lines) + "\n"


def current(book):
    """The counts as data/coverage.yml pins them."""
    by_kind, _ = counts(book)
    entries = {}
    for (seed, kind), n in sorted(by_kind.items()):
        entries.setdefault(seed, {})[kind] = n
    return {
        "entries": entries,
        "script_steps": sum(len(s["steps"]) for s in book.entries["scripts"]),
        "form_fields": sum(len(f["fields"]) for f in book.entries["forms"]),
    }


def pinned_path(data_dir):
    return Path(data_dir) / "coverage.yml"


def read_pinned(data_dir):
    path = pinned_path(data_dir)
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None


def pin(book):
    """Write data/coverage.yml from the data as it is."""
    path = pinned_path(book.root)
    path.write_text(HEADER + yaml.safe_dump(current(book), allow_unicode=True, sort_keys=True), encoding="utf-8")
    return path


def differences(book, pinned):
    """``what: pinned -> now`` for every count that differs from the pinned table."""
    now = current(book)
    if pinned is None:
        return ["data/coverage.yml is missing: run `make coverage-pin`"]
    out = []
    for seed in sorted(set(now["entries"]) | set(pinned.get("entries", {}))):
        was, got = pinned.get("entries", {}).get(seed, {}), now["entries"].get(seed, {})
        for kind in sorted(set(was) | set(got)):
            if was.get(kind, 0) != got.get(kind, 0):
                out.append(f"{seed} {kind}: {was.get(kind, 0)} -> {got.get(kind, 0)}")
    for key in ("script_steps", "form_fields"):
        if pinned.get(key) != now[key]:
            out.append(f"{key}: {pinned.get(key)} -> {now[key]}")
    return out
