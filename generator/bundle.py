"""The checker's inputs, made from the handbook: the rule bundle and the fold table."""

import json
import os
import tempfile
from pathlib import Path

from . import chartable

RULE_FIELDS = ("id", "kind", "category", "severity", "phrase", "patterns", "message", "suggest", "unless", "when", "where", "examples")


def rule_bundle(book):
    return {
        "placeholders": book.settings["placeholders"],
        "categories": {c["id"]: _plain(c["name"]) for c in book.categories},
        "rules": [{k: _plain(rule[k]) for k in RULE_FIELDS if k in rule} for rule in book.rules],
    }


def _plain(value):
    """Strip the loader's position-keeping subclasses."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def write_json(path, data):
    """Write atomically: a reader sees the old file or the new one, never half of one."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    os.replace(tmp, path)


def write_checker_inputs(book, checker_dir):
    write_json(Path(checker_dir) / "t2s.json", chartable.build())
    write_json(Path(checker_dir) / "rules.json", rule_bundle(book))
