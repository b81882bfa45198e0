"""Checking one call of turn records (records.py): its roles, its findings per turn, its scorecard.

    rows = finding_rows(team.engine, team.settings, call, version)   # JSON-ready dicts, one per finding

A call is checked as its text transcript would be (``transcript.check_turns``):
the same rules on the chosen roles' turns, the same required phrases on the
agent's first and last turns, the same team filters (facade.keep). When no speaker of a
call has a known name (diarised ``0``/``1``, ``A``/``B``), the agent is the
speaker whose opening turns say most of what the required opening phrases
ask for (greeting, self-introduction: the ``require`` rules on the first
turns, so a team's own opening rules count too), the first speaker on a tie;
the rows then say ``role_inferred``.
"""

import hashlib
import json
from dataclasses import fields
from pathlib import Path

from . import generated
from .errors import CheckerError
from .facade import keep
from .mask import mask as mask_text
from .score import scorecard
from .transcript import Turn as Line
from .transcript import _contains, check_turns


def opening_rules(engine):
    return [r for r in engine.rules if r.kind == "require" and r.where and r.where.get("turns") == "first"]


def infer_roles(engine, call, lang=None):
    """Name the agent of a call whose speakers are unknown; everyone else is the customer."""
    speakers = list(dict.fromkeys(t.speaker.strip() for t in call.turns))
    langs = (lang,) if lang else ("zh", "en")
    scores = {}
    for speaker in speakers:
        own = [t.text for t in call.turns if t.speaker.strip() == speaker]
        score = 0
        for rule in opening_rules(engine):
            sequences = [seq for code in langs for seq in rule.sequences.get(code, ())]
            score += any(_contains(engine, text, sequences) for text in own[: rule.where.get("count", 1)])
        scores[speaker] = score
    agent = max(speakers, key=lambda s: (scores[s], -speakers.index(s)))
    for t in call.turns:
        t.role = "agent" if t.speaker.strip() == agent else "customer"
    call.role_inferred = True
    return agent


def check_call(engine, settings, call, role="agent", lang=None):
    """``[(turn, start, end, finding)]``: offsets into that turn's text, in the order of the turns."""
    if any(t.role is None for t in call.turns):
        infer_roles(engine, call, lang)
    # One line per turn (line breaks inside a turn become spaces: same length, same offsets).
    pieces = [t.text.replace("\r", " ").replace("\n", " ") for t in call.turns]
    text = "\n".join(pieces)
    lines, pos = [], 0
    for number, (turn, piece) in enumerate(zip(call.turns, pieces), start=1):
        lines.append(Line(number, turn.role, pos, pos + len(piece)))
        pos += len(piece) + 1
    findings = keep(settings, check_turns(engine, text, lines, role, lang), text)
    out = []
    for f in findings:
        line = lines[f.line - 1]
        out.append((call.turns[f.line - 1], f.start - line.start, f.end - line.start, f))
    return out


def rows_of(call, checked, version, mask=True):
    """The JSON-ready rows for the findings of one call (see ``check_call``)."""
    rows, masked = [], {}
    for turn, start, end, f in checked:
        text = turn.text
        if mask:
            if id(turn) not in masked:
                masked[id(turn)] = mask_text(turn.text)
            text = masked[id(turn)]
        rows.append({
            "call": call.id,
            "turn": turn.number,
            "line": turn.line,
            "role": turn.role,
            "speaker": turn.speaker,
            "role_inferred": call.role_inferred,
            "agent": call.agent,
            "queue": call.queue,
            "rule": f.rule,
            "category": f.category,
            "severity": f.severity,
            "kind": f.kind,
            "start": start,
            "end": end,
            "match": text[start:end],
            "message": f.message,
            "suggestions": list(f.suggestions),
            "rules_version": version,
        })
    return rows


def finding_rows(engine, settings, call, version, role="agent", lang=None, mask=True):
    return rows_of(call, check_call(engine, settings, call, role, lang), version, mask)


def card_of(call, checked, weights, version):
    """The per-call scorecard: ``score.scorecard`` plus the call's own columns."""
    card = scorecard(call.id, [f for *_, f in checked], weights)
    card.update(
        call=call.id, agent=call.agent, queue=call.queue, turns=len(call.turns), findings=len(checked),
        role_inferred=call.role_inferred, line=call.line, rules_version=version,
    )
    return card


def rules_version(settings, rules_path=None):
    """A short hash of the rules bundle and the settings: findings and scores made under the same
    version are comparable (another month, another machine)."""
    path = Path(rules_path) if rules_path else generated.path("rules.json")
    try:
        digest = hashlib.sha256(path.read_bytes())
    except OSError as exc:
        raise CheckerError(f"{path}: cannot read the rules: {exc.strerror}") from None
    used = {f.name: getattr(settings, f.name) for f in fields(settings) if f.name not in ("path", "records", "source")}
    digest.update(json.dumps(used, sort_keys=True, ensure_ascii=False, default=sorted).encode("utf-8"))
    return digest.hexdigest()[:12]
