"""The functions the browser calls (through Pyodide in a Web Worker).

They take and return JSON strings, so no Python objects cross into
JavaScript. Offsets are given twice: in code points (``start``/``end``, as
the CLI reports them) and in UTF-16 units (``start16``/``end16``), which is
what JavaScript strings and the textarea use.

- ``check_json``: the findings, each with its one-click fixes worked out here
  (checker/fix.py) and verified: a fix that would double a word or a
  punctuation mark where it meets the text is marked, never offered as sound;
  in mode ``auto`` the text is checked as a transcript when most lines carry a
  speaker tag.
- ``decode_json``: the text of an opened file (checker/decode.py, as the CLI).
"""

import json

from .config import parse
from .decode import decode
from .errors import CheckerError
from .facade import TeamChecker
from .fix import SCOPE, apply_fix, doubled, sentence_span
from .score import items, scorecard
from .transcript import looks_like_transcript

_checkers = {}


def _utf16(text):
    """Map from code-point offset to UTF-16 offset (only astral characters differ)."""
    if not any(ord(c) > 0xFFFF for c in text):
        return None
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
        # A team's checker is made on top of the one without settings (which the
        # start-up snapshot holds): only the team's rules and changed names are compiled.
        base = _team("").engine if settings_json else None
        _checkers[settings_json] = TeamChecker(settings, base=base)
    return _checkers[settings_json]


def check_json(text, mode="reply", role="agent", lang="", min_severity="info", settings_json=""):
    """Findings for ``text``; ``mode`` is reply, transcript or auto (detect from the speaker tags)."""
    team = _team(settings_json)
    engine, settings = team.engine, team.settings
    detected = mode == "auto" and looks_like_transcript(text)
    transcript = mode == "transcript" or detected
    findings = team.check(text, transcript=transcript, role=role, lang=lang or None, min_severity=min_severity or None)
    table = _utf16(text)
    u16 = (lambda i: table[i]) if table else (lambda i: i)
    required = {rule.id: rule for rule in engine.rules if rule.kind == "require"}
    out = []
    for f in findings:
        item = f.to_dict()
        item["category_names"] = engine.categories.get(f.category) or {}
        item["fix"] = SCOPE[f.kind]  # words (drop-in) | sentence (rewrite) | insert (missing phrase)
        if f.kind == "require":
            # Where a missing phrase goes: the start of the agent's first turn, or the end of the last.
            rule = required[f.rule]
            item["insert"] = "start" if rule.where["turns"] == "first" else "end"
            item["item_name"] = rule.item or rule.phrase  # what the scorecard calls it (问候, 道别 …)
        else:
            s, e = sentence_span(text, f.start, f.end)
            item["sentence"] = text[s:e]
        item["start16"], item["end16"] = u16(f.start), u16(f.end)
        item["fixes"] = [_fix(text, f, suggestion, item.get("insert"), u16) for suggestion in f.suggestions]
        out.append(item)
    result = {"findings": out, "mode": "transcript" if transcript else "reply", "detected": detected}
    if transcript:
        result["score"] = {**scorecard("", findings, settings.weights), **items(engine, text, findings, settings.weights)}
    return json.dumps(result, ensure_ascii=False)


def _fix(text, finding, suggestion, insert, u16):
    """One suggestion as an edit of ``text``: replace [start16, end16) by ``insert``.

    ``before``/``after`` are the sentence around the edit as it is and as it
    would be (the preview); ``problem`` names a word or punctuation mark the
    edit would write twice, in which case the page does not offer it as a fix.
    A fix changes only the line (the turn) it is on, so it is worked out on
    that line: a long text with many findings costs no copy of the whole text
    per suggestion.
    """
    start, end = finding.start, finding.end
    low = text.rfind("\n", 0, start) + 1
    high = text.find("\n", max(start, end - 1))
    high = len(text) if high < 0 else high
    line = text[low:high]
    local = {"kind": finding.kind, "start": start - low, "end": end - low, "match": finding.match}
    try:
        new_line, (a, b) = apply_fix(line, local, suggestion, insert)
    except CheckerError as exc:
        return {"label": suggestion, "problem": str(exc)}
    # The edit: the line before it and after it is unchanged (a separator the
    # fix adds before an inserted phrase belongs to the edit).
    old_end = len(line) - (len(new_line) - b)
    a = min(a, old_end)
    piece = new_line[a:b]
    if finding.kind == "require":  # the preview shows the whole turn
        s, e = 0, len(line)
    else:
        s, e = sentence_span(line, a, old_end)
        s, e = min(s, a), max(e, old_end)
    return {
        "label": suggestion,
        "start16": u16(low + a),
        "end16": u16(low + old_end),
        "insert": piece,
        "before": line[s:e],
        "after": line[s:a] + piece + line[old_end:e],
        "problem": doubled(new_line, [a, b]),
    }


def decode_json(data):
    """``{"text"}`` of a file's bytes (a JavaScript Uint8Array or bytes), or ``{"error"}`` saying why not."""
    raw = data.to_bytes() if hasattr(data, "to_bytes") else bytes(data)
    try:
        return json.dumps({"text": decode(raw, name="file")}, ensure_ascii=False)
    except CheckerError as exc:
        return json.dumps({"error": str(exc)}, ensure_ascii=False)


def warm_up():
    """Do once what the first checks would do lazily: compile the rules, import what a
    transcript, a fix, a file (in each encoding it may come in) and team settings use. The
    build calls it before taking the start-up snapshot (which keeps memory, not files: a
    start from it has no standard library until the first checks are answered); a plain
    start calls it too."""
    check_json("")
    check_json("客服：您好\n客户：你好", mode="transcript")
    check_json("你好，这个不归我管。")  # works out a drop-in and a rewrite
    decode_json("您好".encode("gb18030"))
    for codec in ("utf-8-sig", "utf-16", "utf-32"):  # each byte-order mark's codec (decode.BOMS)
        decode_json("您好".encode(codec))
    parse({}, "settings")
