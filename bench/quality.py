"""Quality figures of the checker's rules: recall on taboo lines, false alarms on acceptable ones.

    .venv/bin/python bench/quality.py            # make quality (make bench runs it too)
    .venv/bin/python bench/quality.py --misses   # also list the development-set lines missed
    .venv/bin/python bench/quality.py --no-blind # rule authors: without the blind set

Recall, per language: the share of taboo lines the checker gives at least one
finding (any severity: error, warning or info; the most severe finding of
each caught line is counted by severity too), on the development sets
(tests/fixtures/recall/dev_*.tsv and the later rounds dev2/*.tsv, dev3/*.tsv…), the held-out blind set
(tests/fixtures/blind/, figures only: its lines are never printed) and the
delivery-app list in ../shared/corpora/ (its `yes` rows and all rows). Each
recall is taken with the blunt "你 instead of 您" rule (s002-addr-ni) enabled
and disabled; the targets are for disabled. Recall per principle label too.

False alarms, with every rule enabled: the real agent turns of
../shared/corpora/agent_{zh,en}.tsv, split into the half whose utterance hash
is even (rules may be tuned on it) and the odd half (reported only); each
finding is judged tp or fp by flag_judgements.tsv (lang, utterance, rule,
match), and unjudged findings are listed for a person to read. The acceptable
lines of tests/fixtures/recall/ok_*.tsv (every flag there is a false alarm),
and error/warning findings on every reply the handbook recommends.

It prints figures and asserts nothing. A missing set is skipped with a reason.
"""

import argparse
import copy
import functools
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import checker  # noqa: E402
from checker import similar  # noqa: E402
from checker.finding import BLOCKING, MOST_SEVERE_FIRST, severity_rank  # noqa: E402
from generator import textsets  # noqa: E402

NI_RULE = "s002-addr-ni"
# The issue's targets, printed beside the figures (recall with the 你 rule disabled;
# turns with an unjustified flag, on each half).
RECALL_TARGET = {"zh": 90.0, "en": 85.0}
FALSE_ALARM_TARGET = {"zh": 1.0, "en": 2.0}



def pct(part, whole):
    return f"{100 * part / whole:5.1f}%" if whole else "    -"


def worst(findings):
    """The most severe finding's severity, or None."""
    return min((f.severity for f in findings), key=severity_rank, default=None)


def engines():
    """The built-in rules with the 你 rule enabled and disabled; the similarity tier is on in both."""
    with_ni = checker.load()
    without_ni = checker.load(transform=lambda records: [r for r in records if r["id"] != NI_RULE])
    return with_ni, without_ni


def rules_only(engine):
    """``engine`` without the similarity tier: what the rules alone catch."""
    plain = copy.copy(engine)
    plain.similar = None
    return plain


def recall_of(engine, texts):
    """(caught, Counter of the most severe finding per caught text, missed texts)."""
    by_severity, missed = Counter(), []
    for text in texts:
        severity = worst(engine.check(text))
        if severity:
            by_severity[severity] += 1
        else:
            missed.append(text)
    return sum(by_severity.values()), by_severity, missed


def recall_section(with_ni, without_ni, show_misses, blind=True):
    sets = [textsets.dev("zh"), textsets.dev("en")]
    for lang in ("zh", "en"):
        sets += textsets.later_rounds(lang)
    if blind:
        sets += [textsets.blind("zh"), textsets.blind("en")]
    delivery = textsets.delivery()
    if delivery.rows is not None:
        yes = textsets.TextSet("delivery-app zh (yes)", "zh", [r for r in delivery.rows if r.get("judgement") == "yes"])
        sets += [yes, textsets.TextSet("delivery-app zh (all)", "zh", delivery.rows)]
    else:
        sets.append(delivery)
    print("recall: a line counts as caught when it gets at least one finding of any severity")
    print(f"  ('err' / 'e+w': caught by an error / an error-or-warning finding; 你 = the rule {NI_RULE};")
    print("   'rules': 你 off and the similarity tier off, so the rules alone)")
    print(f"  {'set':<24} {'n':>4}  {'你 off':>7} {'rules':>6} {'err':>6} {'e+w':>6}   {'你 on':>7} {'err':>6} {'e+w':>6}")
    plain = rules_only(without_ni)
    per_principle = {}
    misses = {}
    recall_off = {}  # set name -> recall with the 你 rule disabled, in per cent
    for textset in sets:
        if textset.rows is None:
            print(f"  {textset.name:<24} skipped: {textset.missing}")
            continue
        texts = textset.texts
        cells = []
        by_rules = recall_of(plain, texts)[0]
        for engine in (without_ni, with_ni):
            caught, sev, missed = recall_of(engine, texts)
            alone = f" {pct(by_rules, len(texts)):>6}" if engine is without_ni else ""
            cells.append(f"{pct(caught, len(texts)):>7}{alone} {pct(sev['error'], len(texts)):>6} {pct(sev['error'] + sev['warning'], len(texts)):>6}")
            if engine is without_ni:
                recall_off[textset.name] = 100 * caught / len(texts) if texts else 0.0
                if textset.name.startswith("dev"):
                    misses[textset.name] = [r for r in textset.rows if r["utterance"] in set(missed)]
        target = f"   (target {RECALL_TARGET[textset.lang]:.0f}%)" if textset.name.startswith(("dev", "blind")) else ""
        print(f"  {textset.name:<24} {len(texts):>4}  {cells[0]}   {cells[1]}{target}")
        if textset.rows and "principle" in textset.rows[0]:
            per_principle[textset.name] = textset
    gaps = {lang: recall_off[f"dev {lang}"] - recall_off[f"blind {lang}"]
            for lang in textsets.LANGS if f"dev {lang}" in recall_off and f"blind {lang}" in recall_off}
    if gaps:
        wide = "  (over 10 points: the rules fit the development lines better than the principle)" if max(gaps.values()) > 10 else ""
        print("  dev minus blind (你 off): " + ", ".join(f"{lang} {gap:+.1f} points" for lang, gap in gaps.items()) + wide)
    if per_principle:
        principle_table(per_principle, with_ni, without_ni)
    if show_misses:
        for name, rows in misses.items():
            print(f"\n{name}: {len(rows)} lines missed (你 off)")
            for row in sorted(rows, key=lambda r: (r.get("principle", ""), r["utterance"])):
                print(f"  [{row.get('principle', '')}] {row['utterance']}")


def principle_table(sets, with_ni, without_ni):
    print("\nrecall per principle (你 off / 你 on; n lines)")
    labels = sorted({r.get("principle", "") for s in sets.values() for r in s.rows})
    figures = {}
    for name, textset in sets.items():
        for engine, key in ((without_ni, "off"), (with_ni, "on")):
            caught = {t for t in textset.texts if engine.check(t)}
            for label in labels:
                rows = [r["utterance"] for r in textset.rows if r.get("principle", "") == label]
                figures[(name, label, key)] = (sum(t in caught for t in rows), len(rows))
    names = list(sets)
    print("  " + f"{'principle':<15}" + "".join(f" {name:>22}" for name in names))
    for label in labels:
        cells = []
        for name in names:
            off, n = figures[(name, label, "off")]
            on, _ = figures[(name, label, "on")]
            cells.append(f"{pct(off, n).strip():>6} / {pct(on, n).strip():>6} n={n:<3}" if n else f"{'':>22}")
        print("  " + f"{label or '-':<15}" + "".join(f" {c:>22}" for c in cells))


def agent_section(engine):
    judged = textsets.judgements()
    print("\nfalse alarms on real agent turns (every rule enabled; tp/fp from flag_judgements.tsv;"
          f" target: turns with an unjustified flag <= {FALSE_ALARM_TARGET['zh']:.0f}% zh, {FALSE_ALARM_TARGET['en']:.0f}% en, each half)")
    if judged is None:
        print("  skipped: ../shared/corpora/flag_judgements.tsv not found")
        return
    unjudged = []
    for lang in textsets.LANGS:
        turns = textsets.agent(lang)
        if turns.rows is None:
            print(f"  agent {lang}: skipped: {turns.missing}")
            continue
        for side, label in ((0, "even (tuning)"), (1, "odd (reported)")):
            rows = [r for r in turns.rows if r["half"] == side]
            verdicts, flagged, with_fp, open_turns = Counter(), 0, 0, 0
            for row in rows:
                found = engine.check(row["utterance"])
                flagged += bool(found)
                marks = [judged.get((lang, row["utterance"], f.rule, f.match), "unjudged") for f in found]
                verdicts.update(marks)
                with_fp += "fp" in marks
                open_turns += "fp" in marks or "unjudged" in marks
                unjudged += [(lang, label.split()[0], row["utterance"], f) for f, m in zip(found, marks) if m == "unjudged"]
            n = len(rows)
            print(
                f"  agent {lang} {label:<15} {n:>4} turns, {flagged:>3} flagged ({pct(flagged, n).strip()}); findings tp {verdicts['tp']}, "
                f"fp {verdicts['fp']}, unjudged {verdicts['unjudged']}; turns with a fp {with_fp} ({pct(with_fp, n).strip()}), "
                f"with a fp or unjudged finding {open_turns} ({pct(open_turns, n).strip()})"
            )
    if unjudged:
        print(f"  unjudged findings ({len(unjudged)}), for a person to read:")
        for lang, side, text, f in unjudged:
            print(f"    [{lang} {side}] {f.rule} ({f.severity}) 「{f.match}」 in {text}")


def ok_section(engine):
    print("\nflags on the acceptable lines of the development sets (every flag is a false alarm; every rule enabled)")
    for lang in textsets.LANGS:
        lines = textsets.ok(lang)
        if lines.rows is None:
            print(f"  ok {lang}: skipped: {lines.missing}")
            continue
        hits = [(text, found) for text in lines.texts if (found := engine.check(text))]
        by_severity = Counter(worst(found) for _, found in hits)
        shown = ", ".join(f"{s} {by_severity[s]}" for s in MOST_SEVERE_FIRST if by_severity[s]) or "none"
        print(f"  ok {lang}: {len(lines.texts)} lines, {len(hits)} flagged ({pct(len(hits), len(lines.texts)).strip()}); by most severe finding: {shown}")
        for text, found in hits:
            print(f"    {text}  <- " + "; ".join(f"{f.rule} ({f.severity}) 「{f.match}」" for f in found))


def recommended_section(engine, book):
    from generator.selftest import recommended

    replies = list(recommended(book))
    found = [(entry["id"], path, f) for _, entry, path, text in replies for f in engine.check(text)]
    blocking = [x for x in found if x[2].severity in BLOCKING and x[2].kind != "require"]
    hints = [x for x in found if x[2].rule == similar.RULE_ID]
    print(f"\nerror/warning findings on {len(replies)} recommended replies (both languages): {len(blocking)}; similarity hints: {len(hints)}")
    for entry_id, path, f in blocking + hints:
        print(f"    {entry_id} {'.'.join(map(str, path))}: {f.rule} ({f.severity}) 「{f.match}」")


@functools.lru_cache(maxsize=1)
def handbook():
    from generator.data import read

    return read(ROOT / "data")


@functools.lru_cache(maxsize=1)
def engines_cached():
    return engines()


def counts(engine):
    bundle = checker.read_bundle()
    kinds = Counter(r["kind"] for r in bundle["rules"])
    classes = bundle.get("wordclasses", [])
    shown = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
    print(f"rules: {sum(kinds.values())} ({shown}); word classes: {len(classes)}; backend {engine.backend}")
    book = handbook()
    origins = Counter(r.get("origin", "?") for r in book.rules)
    print("rules by origin: " + ", ".join(f"{n} {o}" for o, n in sorted(origins.items())) + "\n")
    return book


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--misses", action="store_true", help="list the development-set lines no rule catches")
    ap.add_argument("--no-blind", action="store_true",
                    help="leave the blind set out (for rule authors: its figures must not steer the rules)")
    args = ap.parse_args(argv)
    with_ni, without_ni = engines_cached()
    book = counts(with_ni)
    recall_section(with_ni, without_ni, args.misses, blind=not args.no_blind)
    agent_section(with_ni)
    ok_section(with_ni)
    recommended_section(with_ni, book)


if __name__ == "__main__":
    main()
