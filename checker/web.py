"""The functions the browser calls (through Pyodide in a Web Worker): check, apply a fix.

It takes and returns JSON strings, so no Python objects cross into
JavaScript. Offsets are given twice: in code points (``start``/``end``, as
the CLI reports them) and in UTF-16 units (``start16``/``end16``), which is
what JavaScript strings and the textarea use.
"""

import json

from .config import parse
from .errors import CheckerError
from .facade import TeamChecker
from .fix import SCOPE, apply_fix
from .score import scorecard

_checkers = {}


def _utf16(text):
    """Map from code-point offset to UTF-16 offset (only astral characters differ)."""
    table, extra = [0], 0
    for char in text:
        if ord(char) > 0xFFFF:
            extra += 1
        table.append(len(table) + extra)
    return table


def _team(settings_json):
    """One TeamChecker per distinct settings text ("" = none), built on first use."""
    if settings_json not in _checkers:
        settings = parse(json.loads(settings_json), "settings") if settings_json else None
        _checkers[settings_json] = TeamChecker(settings)
    return _checkers[settings_json]


def check_json(text, mode="reply", role="agent", lang="", min_severity="info", settings_json=""):
    team = _team(settings_json)
    engine, settings = team.engine, team.settings
    findings = team.check(text, transcript=mode == "transcript", role=role, lang=lang or None, min_severity=min_severity or None)
    if any(ord(c) > 0xFFFF for c in text):
        table = _utf16(text)
    else:
        table = None
    wheres = {rule.id: rule.where for rule in engine.rules if rule.where}
    items = []
    for f in findings:
        item = f.to_dict()
        item["category_names"] = engine.categories.get(f.category) or {}
        item["fix"] = SCOPE[f.kind]  # words (drop-in) | sentence (rewrite) | insert (missing phrase)
        if f.kind == "require":
            # Where a missing phrase goes: the start of the agent's first turn, or the end of the last.
            item["insert"] = "start" if wheres.get(f.rule, {}).get("turns") == "first" else "end"
        item["start16"] = table[f.start] if table else f.start
        item["end16"] = table[f.end] if table else f.end
        items.append(item)
    result = {"findings": items}
    if mode == "transcript":
        result["score"] = scorecard("", findings, settings.weights)
    return json.dumps(result, ensure_ascii=False)


def fix_json(text, finding_json, suggestion):
    """Apply one suggestion: ``finding_json`` is one finding as ``check_json`` gave it.

    Returns ``{"text", "start", "end", "start16", "end16"}`` (where the suggestion now
    sits in the new text), or ``{"error": …}`` when the text no longer holds the finding.
    """
    try:
        new, (start, end) = apply_fix(text, json.loads(finding_json), suggestion)
    except CheckerError as exc:
        return json.dumps({"error": str(exc)}, ensure_ascii=False)
    table = _utf16(new) if any(ord(c) > 0xFFFF for c in new) else None
    return json.dumps(
        {"text": new, "start": start, "end": end, "start16": table[start] if table else start, "end16": table[end] if table else end},
        ensure_ascii=False,
    )


def warm_up():
    """Do once what the first checks would do lazily: compile the rules, import what a
    transcript, a fix and team settings use. The build calls it before taking the
    start-up snapshot (which keeps memory, not files); a plain start calls it too."""
    check_json("")
    check_json("客服：您好\n客户：你好", mode="transcript")
    fix_json("你好", json.dumps({"start": 0, "end": 1, "kind": "replace", "line": 1}), "您")
    parse({}, "settings")
