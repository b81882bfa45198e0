"""Call-quality scorecards: start from 100, deduct per finding by severity."""

from collections import Counter


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
