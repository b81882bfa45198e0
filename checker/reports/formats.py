"""Output formats for findings. The engine never formats; the CLI picks one of these."""

import json

LEVELS = {"error": "error", "warning": "warning", "info": "note"}
LETTERS = {"error": "E", "warning": "W", "info": "I"}


def text(results, out_lang=None):
    """``path:line:col: E rule-id 「match」 message`` lines, like ruff, then a summary."""
    lines, counts = [], {"error": 0, "warning": 0, "info": 0}
    for path, findings in results:
        for f in findings:
            counts[f.severity] += 1
            role = f" [{f.role}]" if f.role else ""
            lines.append(f"{path}:{f.line}:{f.col}: {LETTERS[f.severity]} {f.rule}{role} 「{_one_line(f.match)}」 {f.message}")
            for suggestion in f.suggestions:
                lines.append(f"    → {suggestion}")
    total = sum(counts.values())
    if total:
        parts = ", ".join(f"{n} {name}{'s' if n != 1 else ''}" for name, n in counts.items() if n)
        lines.append(f"Found {total} problem{'s' if total != 1 else ''} ({parts}).")
    else:
        lines.append("No problems found.")
    return "\n".join(lines) + "\n"


def _one_line(match):
    return match.replace("\r", " ").replace("\n", " ")


def as_json(results, out_lang=None):
    items = []
    for path, findings in results:
        for f in findings:
            items.append({"path": path, **f.to_dict()})
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def sarif(results, out_lang=None):
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
        }],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


FORMATS = {"text": text, "json": as_json, "sarif": sarif}
