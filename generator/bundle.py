"""The checker's inputs, made from the handbook: the rule bundle and the fold table."""

import json
import os
import tempfile
from pathlib import Path

from checker.rules import compiled_json


RULE_FIELDS = ("id", "kind", "category", "severity", "phrase", "patterns", "message", "suggest", "unless", "when", "where", "examples")


def rule_bundle(book, compiled):
    """The rules as the checker reads them, each with its folded sequences
    (``compiled``: rule id -> the Rule the self-tests compiled with the book's placeholders)."""
    rules = []
    for rule in book.rules:
        record = {k: _plain(rule[k]) for k in RULE_FIELDS if k in rule}
        record["compiled"] = compiled_json(compiled[rule["id"]])
        rules.append(record)
    return {
        "placeholders": _plain(book.settings["placeholders"]),
        "categories": {c["id"]: _plain(c["name"]) for c in book.categories},
        "wordclasses": _plain(book.wordclasses),  # for rules compiled at load time (a team's own)
        "rules": rules,
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
    os.chmod(tmp, 0o644)  # mkstemp makes it private; these are ordinary package files
    os.replace(tmp, path)
