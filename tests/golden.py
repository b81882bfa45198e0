"""The golden findings: what the checker finds on every rule example and on the bench corpus.

``tests/fixtures/golden.json`` holds the texts and, for each, every match of
every rule (overlaps kept, so a rule added later cannot hide another's match).
``tests/test_golden.py`` checks the same texts again and compares the matches
of the rules the file knows; a rule added since is ignored, a changed one fails.
Refresh it on purpose, after changing rules, with one command:

    .venv/bin/python -m tests.golden      # or: make golden

and let the reviewer read the diff.
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).with_name("fixtures") / "golden.json"
CORPUS_BYTES = 40_000


def _transcript_like(text):
    return "\n" in text and any(mark in text for mark in ("：", ":"))


def cases(bundle):
    """(mode, text) for every rule example in the bundle, then the bench corpus."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from bench.corpus import make_text

    seen = set()
    for record in sorted(bundle["rules"], key=lambda r: r["id"]):
        for text in record["examples"]["flag"] + record["examples"]["pass"]:
            mode = "transcript" if record["kind"] == "require" or _transcript_like(text) else "reply"
            if (mode, text) not in seen:
                seen.add((mode, text))
                yield mode, text
    yield "reply", make_text(CORPUS_BYTES)[0]


def matches(engine, mode, text):
    """Every match of every rule: ``[rule, start, end, severity]``, sorted."""
    from checker.transcript import check_transcript

    if mode == "transcript":
        found = check_transcript(engine, text, role="agent", resolve=False)
    else:
        found = engine.check(text, resolve=False)
    return sorted([f.rule, f.start, f.end, f.severity] for f in found)


def record(engine, bundle):
    return {
        "rules": sorted(r["id"] for r in bundle["rules"]),
        "cases": [{"mode": mode, "text": text, "matches": matches(engine, mode, text)} for mode, text in cases(bundle)],
    }


def main():
    import checker
    from checker.rules import read_bundle

    data = record(checker.load(), read_bundle())
    GOLDEN.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    found = sum(len(c["matches"]) for c in data["cases"])
    print(f"{GOLDEN.relative_to(ROOT)}: {len(data['cases'])} texts, {found} matches of {len(data['rules'])} rules")


if __name__ == "__main__":
    main()
