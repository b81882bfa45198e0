"""Call-quality scorecards: start from 100, deduct per finding by severity."""

from collections import Counter

from .engine import search
from .transcript import turns


def score(findings, weights):
    deducted = sum(weights.get(f.severity, 0) for f in findings)
    return max(0, 100 - deducted)


def scorecard(path, findings, weights):
    missing = [f.rule for f in findings if f.kind == "require"]
    return {
        "path": path,
        "score": score(findings, weights),
        "errors": sum(f.severity == "error" for f in findings),
        "warnings": sum(f.severity == "warning" for f in findings),
        "info": sum(f.severity == "info" for f in findings),
        "missing": missing,
        "categories": dict(Counter(f.category for f in findings)),
    }


def scorecards(results, weights):
    return [scorecard(path, findings, weights) for path, findings in results]


def items(engine, text, findings, weights):
    """The call scorecard as a person reads it.

    ``required``: one item per required phrase (greeting, self-introduction,
    goodbye …), with the words that met it or ``found: None`` when it is missing,
    and the points it cost; ``wording``: the other findings counted by severity,
    and the points they cost.
    """
    agent = [t for t in turns(text) if t.role == "agent"]
    missing = {f.rule for f in findings if f.kind == "require"}
    required = []
    for rule in engine.rules:
        if rule.kind != "require":
            continue
        found = None if rule.id in missing else _found(engine, text, rule, agent)
        if found is None and rule.id not in missing:
            continue  # filtered out by the settings (minimum severity, off region)
        required.append({
            "rule": rule.id,
            "name": rule.item or rule.phrase,
            "at": rule.where["turns"],
            "found": found,
            "points": -weights.get(rule.severity, 0) if found is None else 0,
        })
    wording = [f for f in findings if f.kind != "require"]
    counts = {level: sum(f.severity == level for f in wording) for level in ("error", "warning", "info")}
    return {
        "required": required,
        "wording": {**counts, "points": -sum(weights.get(f.severity, 0) for f in wording)},
    }


def _found(engine, text, rule, agent):
    """The words of the first agent turn in the rule's window that hold the required phrase."""
    count = rule.where["count"]
    window = agent[:count] if rule.where["turns"] == "first" else agent[-count:]
    sequences = [seq for seqs in rule.sequences.values() for seq in seqs]
    for turn in window:
        piece = text[turn.start:turn.end]
        folded = engine.folder.fold(piece)
        for seq in sequences:
            hit = search(folded.text, seq, 0, len(folded.text))
            if hit:
                return piece[folded.start(hit[0]):folded.end(hit[1])]
    return None
