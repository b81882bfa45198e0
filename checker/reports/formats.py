"""Output formats for findings: whole documents (text, json, sarif) and one line
or row per finding (jsonl, csv), plus the scorecard lines of ``--score``.

``results`` is a list of ``(path, findings)``. The engine never formats.
"""

import csv
import io
import json

from ..finding import MOST_SEVERE_FIRST

LEVELS = {"error": "error", "warning": "warning", "info": "note"}
LETTERS = {"error": "E", "warning": "W", "info": "I"}


def text(results):
    """``path:line:col: E rule-id 「match」 message`` lines, like ruff, then a summary."""
    counts = dict.fromkeys(MOST_SEVERE_FIRST, 0)
    lines = []
    for path, findings in results:
        for f in findings:
            counts[f.severity] += 1
        lines.extend(text_lines(path, findings))
    return "".join(line + "\n" for line in lines + [text_summary(counts)])


def text_lines(path, findings):
    lines = []
    for f in findings:
        role = f" [{f.role}]" if f.role else ""
        lines.append(f"{path}:{f.line}:{f.col}: {LETTERS[f.severity]} {f.rule}{role} 「{_one_line(f.match)}」 {f.message}")
        for suggestion in f.suggestions:
            lines.append(f"    → {suggestion}")
    return lines


def text_summary(counts):
    """``Found 3 problems (1 error, 2 warnings).`` or ``No problems found.``"""
    total = sum(counts.values())
    if total:
        parts = ", ".join(f"{n} {name}{'s' if n != 1 else ''}" for name, n in counts.items() if n)
        return f"Found {total} problem{'s' if total != 1 else ''} ({parts})."
    return "No problems found."


def _one_line(match):
    return match.replace("\r", " ").replace("\n", " ")


def items(path, findings):
    """Each finding as a plain dict with its ``path`` first."""
    return [{"path": path, **f.to_dict()} for f in findings]


def as_json(results, scores=None):
    """A JSON list of findings; with ``scores``, ``{"findings": […], "scores": […]}``."""
    found = [item for path, findings in results for item in items(path, findings)]
    doc = {"findings": found, "scores": scores} if scores is not None else found
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def json_lines(path, findings):
    """One JSON object per finding, one per line."""
    return "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items(path, findings))


CSV_FIELDS = ("path", "line", "col", "severity", "rule", "category", "role", "match", "message", "suggestions", "start", "end")


def csv_row(item):
    """A finding as a CSV row; a cell that a spreadsheet would run as a formula is quoted with '."""
    row = {**item, "suggestions": " | ".join(item["suggestions"]), "role": item["role"] or ""}
    return [spreadsheet_safe(row[name]) for name in CSV_FIELDS]


def spreadsheet_safe(value):
    """Keep Excel from running a cell as a formula (a file named ``=cmd.txt``, say)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_text(rows):
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def sarif(results, scores=None):
    """SARIF 2.1.0, for code-scanning dashboards."""
    rules, out = {}, []
    for path, findings in results:
        for f in findings:
            rules.setdefault(f.rule, {"id": f.rule, "shortDescription": {"text": f.message}, "properties": {"category": f.category}})
            end_line = f.line + f.match.count("\n")
            end_col = (len(f.match) - f.match.rfind("\n")) if "\n" in f.match else f.col + len(f.match)
            message = f.message + ("".join(f" Say instead: {s}" for s in f.suggestions[:1]))
            out.append({
                "ruleId": f.rule,
                "level": LEVELS[f.severity],
                "message": {"text": message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": path},
                        "region": {
                            "startLine": f.line, "startColumn": f.col,
                            "endLine": end_line, "endColumn": end_col,
                            "charOffset": f.start, "charLength": f.end - f.start,
                            "snippet": {"text": f.match},
                        },
                    }
                }],
            })
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "phrasecheck", "informationUri": "README.md", "rules": list(rules.values())}},
            "columnKind": "unicodeCodePoints",
            "results": out,
            **({"properties": {"scores": scores}} if scores is not None else {}),
        }],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def score_lines(cards):
    """One line per call: ``path: score 86/100 (1 errors, …; missing: …)``."""
    lines = []
    for card in cards:
        missing = f"; missing: {', '.join(card['missing'])}" if card["missing"] else ""
        lines.append(f"{card['path']}: score {card['score']}/100 ({card['errors']} errors, {card['warnings']} warnings, {card['info']} info{missing})")
    return "".join(line + "\n" for line in lines)
