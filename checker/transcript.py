"""Speaker-tagged call transcripts: split into turns, check the chosen roles.

A turn is a line such as ``座席：您好`` or ``[10:02:11] Agent: Hello``; a line
with no speaker tag continues nobody's turn (narration, notes) and is only
checked with role ``all``.
"""

import re
from dataclasses import dataclass

from .engine import line_starts_of, make_finding, search, text_lang

AGENT = ("客服代表", "客服", "座席", "坐席", "话务员", "接线员", "服务人员", "工程师", "agent", "rep", "representative", "staff", "operator")
CUSTOMER = ("客户", "顾客", "用户", "来电人", "来电者", "customer", "client", "caller", "user")
ROLES = {name: "agent" for name in AGENT} | {name: "customer" for name in CUSTOMER}
_labels = "|".join(sorted(map(re.escape, ROLES), key=len, reverse=True))
TAG = re.compile(
    r"^[ \t\ufeff]*"
    r"(?:[\[(（【]?\d{1,2}:\d{2}(?::\d{2})?[\])）】]?[ \t]*)?"  # optional timestamp
    rf"(?P<label>{_labels})"
    r"[ \t]*(?:[A-Za-z0-9]{1,4}|[(（][^)）\n]{1,12}[)）])?[ \t]*[:：][ \t]*",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Turn:
    line: int  # 1-based
    role: str  # agent | customer | unknown
    start: int  # offsets of the spoken text in the whole transcript
    end: int


def turns(text):
    result, pos = [], 0
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw[:-1] if raw.endswith("\r") else raw
        m = TAG.match(line)
        if m:
            result.append(Turn(number, ROLES[m.group("label").lower()], pos + m.end(), pos + len(line)))
        elif line.strip():
            result.append(Turn(number, "unknown", pos, pos + len(line)))
        pos += len(raw) + 1
    return result


def check_transcript(checker, text, role="agent", lang=None, resolve=True):
    """Findings on the turns of ``role`` (agent, customer or all), plus missing required phrases.

    Messages are in ``lang``, or else in the language of each turn."""
    return check_turns(checker, text, turns(text), role, lang, resolve)


def check_turns(checker, text, all_turns, role="agent", lang=None, resolve=True):
    """``check_transcript`` on turns already found: ``Turn``s over the lines of ``text``, whatever
    the input looked like (tagged lines here, CSV or JSON records in records.py)."""
    starts = line_starts_of(text)
    findings = []
    for turn in all_turns:
        if role != "all" and turn.role != role:
            continue
        piece = text[turn.start:turn.end]
        out_lang = lang or text_lang(piece)
        for rule, s, e in checker.matches(piece, lang, resolve):
            findings.append(make_finding(rule, piece, s, e, out_lang, turn.start, starts, role=turn.role))
    if role in ("agent", "all"):
        findings.extend(missing_required(checker, text, all_turns, starts, lang))
    findings.sort(key=lambda f: (f.start, f.end, f.rule))
    return findings


def missing_required(checker, text, all_turns, starts, lang):
    agent_turns = [t for t in all_turns if t.role == "agent"]
    if not agent_turns:
        return []
    langs = (lang,) if lang else ("zh", "en")
    found = []
    for rule in checker.rules:
        if rule.kind != "require":
            continue
        count = rule.where["count"]
        window = agent_turns[:count] if rule.where["turns"] == "first" else agent_turns[-count:]
        sequences = [seq for code in langs for seq in rule.sequences.get(code, ())]
        if any(_contains(checker, text[t.start:t.end], sequences) for t in window):
            continue
        at = window[0] if rule.where["turns"] == "first" else window[-1]
        # The finding covers the whole line, speaker tag included: never empty.
        line_start = starts[at.line - 1]
        found.append(make_finding(rule, text, line_start, max(at.end, at.start), lang or text_lang(text), 0, starts, role="agent"))
    return found


def _contains(checker, piece, sequences):
    folded = checker.folder.fold(piece).text
    return any(search(folded, seq, 0, len(folded)) for seq in sequences)


def looks_like_transcript(text):
    """Whether ``text`` reads as a transcript: two lines or more, most of them with a speaker tag."""
    lines = [line.rstrip("\r") for line in text.split("\n") if line.strip()]
    tagged = sum(1 for line in lines if TAG.match(line))
    return len(lines) >= 2 and tagged * 2 > len(lines)
