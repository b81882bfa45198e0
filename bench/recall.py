"""Checker recall on disguised taboo phrases, and false positives on recommended replies.

    .venv/bin/python bench/recall.py                  # default backend (native when installed)
    .venv/bin/python bench/recall.py --backend pure

Recall: every ``examples.flag`` text of every forbid/replace rule in
checker/rules.json is disguised several ways (traditional characters, a space
/ zero-width space / filler mark '·' between characters, full-width ASCII,
and a seeded mix of all of them). A variant counts as caught when the checker
reports a finding of any rule whose span overlaps the span its own rule
flagged in the undisguised text. A variant equal to the original (say,
full-width on a text without ASCII) is not a disguise and is not counted.

False positives: every recommended reply (the self-tests' list: scenario and
guideline ``say``, rule ``suggest``, call-script lines, good transcript lines,
in both languages, placeholders filled from data/settings.yml) is checked;
error and warning findings are counted. The Chinese replies are checked again in disguise (a disguise must not create a
match that the plain text does not have).

It prints figures and asserts nothing.
"""

import argparse
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import checker  # noqa: E402
from checker.finding import BLOCKING  # noqa: E402
from checker.rules import read_bundle  # noqa: E402

SEED = 20240611
KINDS = ("traditional", "spaces", "fullwidth", "zero-width", "filler", "mixed")


class Disguiser:
    def __init__(self, seed=SEED):
        from opencc import OpenCC

        self.s2t = OpenCC("s2t")
        self.rng = random.Random(seed)

    def traditional_chars(self, text):
        """Each character's traditional form(s); the whole text is converted when lengths agree."""
        whole = self.s2t.convert(text)
        if len(whole) == len(text):
            return list(whole)
        return [self.s2t.convert(c) for c in text]

    @staticmethod
    def full_width(c):
        if "!" <= c <= "~":
            return chr(ord(c) + 0xFEE0)
        return "\u3000" if c == " " else c

    def variant(self, text, kind):
        """(variant, starts, ends): original character i is variant[starts[i]:ends[i]]."""
        chars = list(text)
        if kind in ("traditional", "mixed"):
            chars = self.traditional_chars(text)
        if kind in ("fullwidth", "mixed"):
            chars = [self.full_width(c) for c in chars]
        sep = {"spaces": " ", "zero-width": "\u200b", "filler": "·"}.get(kind, "")
        out, starts, ends, length = [], [], [], 0
        for i, piece in enumerate(chars):
            starts.append(length)
            out.append(piece)
            length += len(piece)
            ends.append(length)
            if i + 1 < len(chars) and not text[i].isspace() and not text[i + 1].isspace():
                gap = sep
                if kind == "mixed":
                    gap = self.rng.choice(["", "", " ", "\u200b", "·"])
                out.append(gap)
                length += len(gap)
        return "".join(out), starts, ends


def lang_of(text):
    return "zh" if any("\u3400" <= c <= "\u9fff" for c in text) else "en"


def recall(engine, disguiser):
    per_kind = defaultdict(Counter)  # kind -> Counter(lang/caught ...)
    misses = defaultdict(list)  # (rule, text) -> [(kind, variant)]
    base_misses = []
    examples = 0
    for rule in read_bundle()["rules"]:
        if rule["kind"] not in ("forbid", "replace"):
            continue
        for text in rule.get("examples", {}).get("flag", []):
            own = [f for f in engine.check(text, resolve=False) if f.rule == rule["id"]]
            if not own:
                base_misses.append((rule["id"], text))
                continue
            examples += 1
            start, end = own[0].start, own[0].end
            lang = lang_of(text)
            for kind in KINDS:
                variant, starts, ends = disguiser.variant(text, kind)
                if variant == text:
                    per_kind[kind][lang + " n/a"] += 1
                    continue
                v_start, v_end = starts[start], ends[end - 1]
                found = engine.check(variant)
                caught = any(f.start < v_end and f.end > v_start for f in found)
                per_kind[kind][lang] += 1
                per_kind[kind][lang + " caught"] += caught
                if not caught:
                    misses[(rule["id"], text)].append((kind, variant))
    return per_kind, misses, base_misses, examples


def recommended(book):
    """(entry id, kind, lang, text) for every reply the handbook recommends (the self-tests' list)."""
    from generator.selftest import recommended as replies

    for kind, entry, path, text in replies(book):
        yield entry["id"], kind, path[-1], text


def pct(caught, total):
    return f"{100 * caught / total:5.1f}%" if total else "    -"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--backend", default="auto", choices=("auto", "native", "pure"))
    ap.add_argument("--worst", type=int, default=10, help="misses to list (default 10)")
    args = ap.parse_args()
    engine = checker.default() if args.backend == "auto" else checker.load(backend=args.backend)
    disguiser = Disguiser()

    per_kind, misses, base_misses, examples = recall(engine, disguiser)
    print(f"recall on disguised taboo phrases · backend {engine.backend} · {examples} examples.flag texts of forbid/replace rules")
    if base_misses:
        print(f"  ({len(base_misses)} examples not flagged by their own rule even undisguised; left out)")
    header = f"  {'variant':<12} {'zh caught/n':>12} {'zh':>7} {'en caught/n':>12} {'en':>7} {'all':>7}"
    print(header)
    totals = Counter()
    for kind in KINDS:
        c = per_kind[kind]
        for key, value in c.items():
            totals[key] += value
        zh = f"{c['zh caught']}/{c['zh']}"
        en = f"{c['en caught']}/{c['en']}"
        both = pct(c["zh caught"] + c["en caught"], c["zh"] + c["en"])
        na = c["zh n/a"] + c["en n/a"]
        note = f"   ({na} not a disguise)" if na else ""
        print(f"  {kind:<12} {zh:>12} {pct(c['zh caught'], c['zh']):>7} {en:>12} {pct(c['en caught'], c['en']):>7} {both:>7}{note}")
    zh = f"{totals['zh caught']}/{totals['zh']}"
    en = f"{totals['en caught']}/{totals['en']}"
    print(
        f"  {'overall':<12} {zh:>12} {pct(totals['zh caught'], totals['zh']):>7} {en:>12} "
        f"{pct(totals['en caught'], totals['en']):>7} {pct(totals['zh caught'] + totals['en caught'], totals['zh'] + totals['en']):>7}"
    )

    worst = sorted(misses.items(), key=lambda kv: (-len(kv[1]), kv[0]))[: args.worst]
    print(f"\nworst {len(worst)} misses (examples missed in the most variant kinds; {len(misses)} examples missed at least once):")
    for (rule_id, text), missed in worst:
        kinds = ", ".join(k for k, _ in missed)
        print(f"  {rule_id}: {text!r}")
        print(f"      missed: {kinds}; e.g. {missed[0][0]}: {missed[0][1]!r}")
    zh_misses = [(r, k, v) for (r, t), missed in sorted(misses.items()) if lang_of(t) == "zh" for k, v in missed]
    print(f"\nevery Chinese miss ({len(zh_misses)}; shown up to 20):")
    for rule_id, kind, variant in zh_misses[:20]:
        print(f"  {rule_id} {kind}: {variant!r}")
    print("  (the fold drops spaces and filler marks only between two Chinese characters, as the README says;"
          " letter-spaced English is not folded at all)")
    en_zw = [t for (r, t), missed in misses.items() if lang_of(t) == "en" for k, _ in missed if k == "zero-width"]
    if en_zw:
        with_apostrophe = sum("'" in t for t in en_zw)
        print(f"English zero-width misses: {len(en_zw)}, {with_apostrophe} of them in a text with an apostrophe contraction")
    by_rule = Counter(rule_id for (rule_id, _), missed in misses.items() for _ in missed)
    print("\nrules with the most missed variants: " + ", ".join(f"{r} ({n})" for r, n in by_rule.most_common(8)))

    from generator.data import read

    book = read(ROOT / "data")
    replies = list(recommended(book))
    severities = Counter()
    blocking = []
    for entry_id, where, lang, text in replies:
        for f in engine.check(text):
            severities[f.severity] += 1
            if f.severity in BLOCKING:
                blocking.append((entry_id, where, lang, f, text))
    print(f"\nfalse positives on {len(replies)} recommended replies ({sum(1 for r in replies if r[2] == 'zh')} zh, "
          f"{sum(1 for r in replies if r[2] == 'en')} en): "
          f"{len(blocking)} error/warning findings in {len({(b[0], b[1], b[2], b[4]) for b in blocking})} replies; "
          f"{severities['info']} info findings")
    for entry_id, where, lang, f, text in blocking[:10]:
        print(f"  {entry_id} {where} [{lang}] {f.rule} ({f.severity}) 「{f.match}」 in {text[:60]!r}")

    disguised = Counter()
    disguised_n = Counter()
    examples_fp = []
    for entry_id, where, lang, text in replies:
        if lang != "zh":
            continue
        plain = {(f.rule) for f in engine.check(text) if f.severity in BLOCKING}
        for kind in KINDS:
            variant, _, _ = disguiser.variant(text, kind)
            if variant == text:
                continue
            disguised_n[kind] += 1
            new = [f for f in engine.check(variant) if f.severity in BLOCKING and f.rule not in plain]
            if new:
                disguised[kind] += 1
                if len(examples_fp) < 10:
                    examples_fp.append((entry_id, kind, new[0], variant))
    print("false positives created by disguising the zh replies (replies with a new error/warning): "
          + ", ".join(f"{k} {disguised[k]}/{disguised_n[k]}" for k in KINDS if disguised_n[k]))
    for entry_id, kind, f, variant in examples_fp:
        print(f"  {entry_id} {kind}: {f.rule} 「{f.match}」 in {variant[:60]!r}")


if __name__ == "__main__":
    main()
