"""Batch mode: call-quality scorecards over a folder of call transcripts.

    from checker import batch
    summary = batch.run(["calls/"])                 # folders are searched for *.txt
    batch_report.write_report(summary, "out/")      # summary.csv and report.html (batch_report.py)

Each file is checked like ``python -m checker FILE --transcript``: the same
engine and team settings, through ``facade.TeamChecker``, and the same
readers (inputs.py). A file that cannot be read or decoded is listed in
``summary["errors"]`` and the batch goes on.
"""

import heapq
from collections import Counter, defaultdict

from . import config, inputs
from .config import DEFAULT_WEIGHTS
from .errors import CheckerError
from .mask import mask as mask_text
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

WORST = 25  # calls listed by name in the report
GROUPS = 25  # agents, queues listed by name
ERRORS = 200  # bad records and unreadable files listed by name
EXAMPLE_KINDS = 200  # distinct examples counted per rule
BANDS = [(low, low + 9) for low in range(0, 100, 10)] + [(100, 100)]


class Summary:
    """The batch summary, built a call at a time in bounded memory (counts, the worst calls,
    per agent and per queue); ``result()`` is a plain JSON-ready dict:

    ``totals``; ``weights``; ``version`` (the rules version, when known);
    ``histogram``: calls per score band ``[{low, high, count}]``;
    ``severities``: findings per severity;
    ``categories``: ``[{category, names, count}]``, most findings first (``names``: {zh, en} when known);
    ``top_phrases``: the most frequent taboo phrases, ``[{rule, category, severity, message, messages, count, calls, examples}]``;
    ``missing``: required phrases missing, ``[{rule, message, messages, count}]``;
    ``worst``: the lowest-scored calls, ``[{call, agent, queue, score, errors, warnings, info, findings, missing, rules}]``;
    ``agents``, ``queues``: ``{count, rows: [{name, calls, mean_score, min_score, findings, errors}]}``, lowest mean first;
    ``errors``: ``[{path, line, reason}]`` for files that could not be read and records skipped (the first ``ERRORS``).
    """

    def __init__(self, weights=None, rules=(), categories=None, top=TOP_PHRASES, worst=WORST, version=None, mask=True):
        self.mask = mask_text if mask else (lambda text: text)
        self.weights = dict(weights or DEFAULT_WEIGHTS)
        self.messages = {rule.id: dict(rule.message) for rule in rules}
        self.names = categories or {}
        self.top, self.worst_n, self.version = top, worst, version
        self.calls = self.turns = self.findings = self.inferred = self.score_sum = 0
        self.min_score = None
        self.histogram = [0] * len(BANDS)
        self.severities = Counter()
        self.per_category = Counter()
        self.phrase_count, self.phrase_calls, self.phrase_first = Counter(), Counter(), {}
        self.phrase_examples = defaultdict(Counter)
        self.missing = Counter()
        self.missing_first = {}
        self.worst = []  # heap of (-score, findings, -seq, entry): the best of the worst on top
        self.groups = {"agent": {}, "queue": {}}
        self.errors, self.error_count, self.unreadable, self.bad_records = [], 0, 0, 0

    def add(self, card, findings, turns=0, agent=None, queue=None, role_inferred=False):
        """One call: its scorecard (score.scorecard) and its findings; phone, ID-card and bank-card
        numbers in the examples are masked unless the summary was made with ``mask=False``."""
        self.calls += 1
        self.turns += turns
        self.findings += len(findings)
        self.inferred += bool(role_inferred)
        score = card["score"]
        self.score_sum += score
        self.min_score = score if self.min_score is None else min(self.min_score, score)
        self.histogram[min(score // 10, 10)] += 1
        self.severities.update(f.severity for f in findings)
        self.per_category.update(f.category for f in findings)
        rules_here = Counter()
        for f in findings:
            if f.kind == "require":
                self.missing[f.rule] += 1
                self.missing_first.setdefault(f.rule, f)
                continue
            rules_here[f.rule] += 1
            self.phrase_count[f.rule] += 1
            example = self.mask(" ".join(f.match.split()))
            examples = self.phrase_examples[f.rule]
            if example in examples or len(examples) < EXAMPLE_KINDS:
                examples[example] += 1
            self.phrase_first.setdefault(f.rule, f)
        self.phrase_calls.update(rules_here.keys())
        entry = {
            "call": card.get("call", card.get("path")), "agent": agent, "queue": queue, "score": score,
            "errors": card["errors"], "warnings": card["warnings"], "info": card["info"], "findings": len(findings),
            "missing": card["missing"], "rules": [rule for rule, _ in rules_here.most_common(3)],
        }
        key = (-score, len(findings), -self.calls, entry)
        if len(self.worst) < self.worst_n:
            heapq.heappush(self.worst, key)
        elif key[:3] > self.worst[0][:3]:
            heapq.heapreplace(self.worst, key)
        for kind, name in (("agent", agent), ("queue", queue)):
            if name:
                group = self.groups[kind].setdefault(name, {"name": name, "calls": 0, "sum": 0, "min_score": 100, "findings": 0, "errors": 0})
                group["calls"] += 1
                group["sum"] += score
                group["min_score"] = min(group["min_score"], score)
                group["findings"] += len(findings)
                group["errors"] += card["errors"]

    def error(self, path, reason, line=None):
        """A file that could not be read (``line`` None) or a record skipped."""
        if line is None:
            self.unreadable += 1
        else:
            self.bad_records += 1
        self.error_count += 1
        if len(self.errors) < ERRORS:
            self.errors.append({"path": path, "line": line, "reason": reason})

    def _rule_item(self, rule_id, first, count):
        return {
            "rule": rule_id, "category": first.category, "severity": first.severity, "message": first.message,
            "messages": self.messages.get(rule_id, {}), "count": count,
        }

    def result(self):
        top_phrases = []
        for rule_id, count in sorted(self.phrase_count.items(), key=lambda item: (-item[1], item[0]))[: self.top]:
            examples = sorted(self.phrase_examples[rule_id].items(), key=lambda item: (-item[1], item[0]))
            top_phrases.append({
                **self._rule_item(rule_id, self.phrase_first[rule_id], count),
                "calls": self.phrase_calls[rule_id],
                "examples": [match for match, _ in examples[:EXAMPLES]],
            })
        groups = {}
        for kind, table in self.groups.items():
            rows = [
                {"name": g["name"], "calls": g["calls"], "mean_score": round(g["sum"] / g["calls"], 1),
                 "min_score": g["min_score"], "findings": g["findings"], "errors": g["errors"]}
                for g in table.values()
            ]
            rows.sort(key=lambda r: (r["mean_score"], -r["calls"], r["name"]))
            groups[kind + "s"] = {"count": len(rows), "rows": rows[:GROUPS]}
        return {
            "version": self.version,
            "weights": self.weights,
            "totals": {
                "calls": self.calls,
                "turns": self.turns,
                "unreadable": self.unreadable,
                "bad_records": self.bad_records,
                "findings": self.findings,
                "role_inferred": self.inferred,
                "mean_score": round(self.score_sum / self.calls, 1) if self.calls else None,
                "min_score": self.min_score,
            },
            "histogram": [{"low": low, "high": high, "count": n} for (low, high), n in zip(BANDS, self.histogram)],
            "severities": {s: self.severities.get(s, 0) for s in ("error", "warning", "info")},
            "categories": [
                {"category": c, "names": self.names.get(c), "count": n}
                for c, n in sorted(self.per_category.items(), key=lambda item: (-item[1], item[0]))
            ],
            "top_phrases": top_phrases,
            "missing": [
                self._rule_item(rule_id, self.missing_first[rule_id], n)
                for rule_id, n in sorted(self.missing.items(), key=lambda item: (-item[1], item[0]))
            ],
            "worst": [key[3] for key in sorted(self.worst, reverse=True)],
            **groups,
            "errors": list(self.errors),
            "more_errors": self.error_count - len(self.errors),
        }


def summarize(results, errors=(), weights=None, rules=(), top=TOP_PHRASES, categories=None):
    """The summary (see ``Summary``) of checked text transcripts ``[(path, findings)]`` and unreadable
    files ``[(path, reason)]``; it also lists every call's scorecard under ``calls``."""
    summary = Summary(weights, rules, categories, top=top)
    calls = []
    for path, findings in results:
        card = scorecard(path, findings, summary.weights)
        card["findings"] = len(findings)
        calls.append(card)
        summary.add(card, findings)
    for path, reason in errors:
        summary.error(path, reason)
    return {**summary.result(), "calls": calls}
