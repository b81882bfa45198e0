"""Batch mode: call-quality scorecards over a folder of call transcripts.

    from checker import batch
    summary = batch.run(["calls/"])                 # folders are searched for *.txt
    batch_report.write_report(summary, "out/")      # summary.csv and report.html (batch_report.py)

Each file is checked like ``python -m checker FILE --transcript``: the same
engine and team settings, through ``facade.TeamChecker``, and the same
readers (inputs.py). A file that cannot be read or decoded is listed in
``summary["errors"]`` and the batch goes on.
"""

from collections import Counter, defaultdict

from . import config, inputs
from .config import DEFAULT_WEIGHTS
from .errors import CheckerError
from .facade import TeamChecker
from .score import scorecard

TOP_PHRASES = 10
EXAMPLES = 3


def check_files(paths, team, role="agent", lang=None, encoding=None):
    """``(results, errors)``: ``[(name, findings)]`` and ``[(name, reason)]`` for unreadable inputs."""
    files, errors = inputs.expand(paths)
    results = []
    for name in files:
        try:
            items = list(inputs.reader_for(name).read(name, encoding))
        except CheckerError as exc:
            errors.append((inputs.display_name(name), inputs.reason_of(exc, name)))
            continue
        results.extend((item.name, team.check(item.text, transcript=True, role=role, lang=lang)) for item in items)
    return results, errors


def run(paths, settings=None, rules_path=None, role="agent", lang=None, encoding=None, backend="auto", top=TOP_PHRASES):
    """Check every transcript in ``paths`` (files or folders) and summarise.

    ``settings`` defaults to the nearest ``.phrasecheck.yml``, as on the command line.
    """
    paths = [str(p) for p in paths]
    team = TeamChecker(settings if settings is not None else config.find(paths), rules_path, backend)
    results, errors = check_files(paths, team, role=role, lang=lang, encoding=encoding)
    engine = team.engine
    return summarize(results, errors, team.settings.weights, engine.rules, top=top, categories=engine.categories)


# ---------------------------------------------------------------- summary


def summarize(results, errors=(), weights=None, rules=(), top=TOP_PHRASES, categories=None):
    """The batch summary, a plain dict (JSON-ready):

    ``calls``: a scorecard per call (path, score, errors, warnings, info, findings, missing, categories);
    ``categories``: ``[{category, names, count}]``, most findings first (``names``: {zh, en} when known);
    ``top_phrases``: the most frequent taboo phrases, ``[{rule, category, severity, message, messages, count, examples}]``;
    ``errors``: ``[{path, reason}]`` for files that could not be read;
    ``totals`` and ``weights``.
    """
    weights = dict(weights or DEFAULT_WEIGHTS)
    messages = {rule.id: dict(rule.message) for rule in rules}
    calls, per_category = [], Counter()
    phrase_count, phrase_examples, phrase_first = Counter(), defaultdict(Counter), {}
    for path, findings in results:
        card = scorecard(path, findings, weights)
        card["findings"] = len(findings)
        calls.append(card)
        per_category.update(f.category for f in findings)
        for f in findings:
            if f.kind == "require":
                continue
            phrase_count[f.rule] += 1
            phrase_examples[f.rule][" ".join(f.match.split())] += 1
            phrase_first.setdefault(f.rule, f)
    top_phrases = []
    for rule_id, count in sorted(phrase_count.items(), key=lambda item: (-item[1], item[0]))[:top]:
        first = phrase_first[rule_id]
        examples = sorted(phrase_examples[rule_id].items(), key=lambda item: (-item[1], item[0]))
        top_phrases.append({
            "rule": rule_id,
            "category": first.category,
            "severity": first.severity,
            "message": first.message,
            "messages": messages.get(rule_id, {}),
            "count": count,
            "examples": [match for match, _ in examples[:EXAMPLES]],
        })
    scores = [card["score"] for card in calls]
    return {
        "calls": calls,
        "categories": [
            {"category": c, "names": (categories or {}).get(c), "count": n}
            for c, n in sorted(per_category.items(), key=lambda item: (-item[1], item[0]))
        ],
        "top_phrases": top_phrases,
        "errors": [{"path": path, "reason": reason} for path, reason in errors],
        "weights": weights,
        "totals": {
            "calls": len(calls),
            "unreadable": len(errors),
            "findings": sum(card["findings"] for card in calls),
            "mean_score": round(sum(scores) / len(scores), 1) if scores else None,
            "min_score": min(scores) if scores else None,
        },
    }
