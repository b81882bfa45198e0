"""Train the similarity tier's models (checker/similar.py): ``python -m generator similar``.

Per language, a logistic model over the n-grams ``checker.similar.grams`` gives, trained
by plain stochastic gradient descent (seeded, so a run is repeatable):

- taboo lines (positives): every development set's lines (tests/fixtures/recall/dev_*,
  dev2/ …) and every forbid rule's flag examples;
- acceptable lines (negatives), each clause and short sentence on its own as the checker
  scores them: the ok sets, the rules' pass examples, every reply the handbook
  recommends, and the real agent turns of ../shared/corpora/agent_{lang}.tsv on the even
  half (the half rules are tuned on) that no rule flags. The odd half and the blind set
  are never read here.

Only n-grams seen in at least ``MIN_COUNT`` taboo lines are features, so the model holds
no words of the real agent turns, only weights shaped by them. The regularisation and
the threshold are chosen by cross-validation over those lines: the threshold is the
lowest at which held-out agent turns are flagged at most ``AGENT_RATE`` of the time and
held-out ok lines at most ``OK_RATE``; then it is raised, if need be, until no recommended
reply gets a hint from the final model. It writes data/similar/{lang}.json (the bundle
carries it to the checker) and prints the cross-validated figures.
"""

import json
import math
import random
import sys
from collections import Counter
from pathlib import Path

import checker
from checker.normalize import default_folder, pauses
from checker.engine import dropped
from checker.similar import Model, Similar, grams, scored_units, units

from . import textsets
from .selftest import recommended

ROOT = Path(__file__).resolve().parent.parent
FOLDER = "similar"  # data/similar/{lang}.json
MIN_COUNT = 2
EPOCHS = 30
RATE = 0.2
L2_GRID = (1e-3, 3e-3, 1e-2)
# Tried at stop 26 and not kept, each measured with round 9 (dev9, ok9) held out of the training:
# - a wider grid (up to 0.3): cross-validated recall zh 45 -> 57 %, but dev9 with rules and tier
#   unchanged in zh (96.9 %) and lower in en (95.8 -> 95.3 %), ok lines hinted zh 2 -> 8 and en 2 -> 3,
#   real agent turns of the odd half hinted zh 0 -> 1 of 413 and en 1 -> 3 of 49;
# - training on three copies of each line with one word-class member swapped for another of its
#   class (data/wordclasses/): the tier alone on dev9 zh 64.5 -> 61.4 %, en 55.1 -> 58.9 %, with
#   round 8 held out instead zh 53.9 -> 57.7 %, en 46.8 -> 57.0 % but en odd-half agent turns
#   hinted 0 -> 4 of 49, and 2.6 to 2.9 times the weights (a larger start-up snapshot).
TIE = 0.01  # held-out recalls this close are the same, for choosing the regularisation
FOLDS = 5
AGENT_RATE = 0.01  # at most this share of held-out agent turns over the threshold (half the 1 % the
# checker may flag wrongly in all: the rules need the other half),
OK_RATE = 0.02  # and of held-out look-alike lines (the ok sets: written to be hard). Tried at 0.04 (seventh
# round): English dev7 rules + tier 63.7 -> 66.2 % and none on the even agent half, but two new hints on the odd
# half, both false alarms ("all we can do … is provide travel funds", "if those steps don't do the trick"): kept at 0.02
NI_RULE = "s002-addr-ni"
REPEAT = {"agent": 3}  # real agent turns count this many times: they are the register the checker meets
KIND_MIN = 1.0  # an n-gram speaks for a kind of taboo when it is this much likelier there (log ratio)
KIND_TOP = 5  # and for at most this many kinds (the likeliest): on dev6, held out, the kind is as
# often right as with every kind kept (zh 83.3 % against 82.2 %, en 82.2 % both), in 40 % of the table


def model_path(data_dir, lang):
    return Path(data_dir) / FOLDER / f"{lang}.json"


def read_models(data_dir):
    """{lang: model} for the bundle: what data/similar/ holds, without its training notes."""
    out = {}
    for lang in textsets.LANGS:
        path = model_path(data_dir, lang)
        if path.is_file():
            data = json.loads(path.read_text(encoding="utf-8"))
            out[lang] = {k: v for k, v in data.items() if k != "trained"}
    return out


class Lines:
    """Folded texts by role: ``pos`` (taboo lines), and negatives by source."""

    def __init__(self, lang, book, engine, hold_out=None):
        fold = default_folder().fold
        self.lang = lang
        is_lang = lambda text: (checker.similar.unit_lang(text) == lang)
        rounds = [s for s in textsets.later_rounds(lang) if s.name.split()[0] != f"dev{hold_out}"]
        sets = [textsets.dev(lang)] + rounds
        pos = [t for s in sets for t in s.texts]
        self.labelled = [(fold(r["utterance"]).text, r["principle"]) for s in sets for r in s.rows or () if r.get("principle")]
        for rule in book.rules:
            # A forbid rule's flag examples are taboos; a replace rule's are wording to improve
            # (我们很抱歉 → 我很抱歉), whose neutral context must not read as a taboo. 你 is read as
            # 您 (see checker.similar.grams): the 你 rule's examples say nothing.
            if rule.get("kind", "forbid") == "forbid" and rule["id"] != NI_RULE:
                pos += [t for t in (rule.get("examples") or {}).get("flag") or [] if isinstance(t, str) and is_lang(t)]
        self.pos = [fold(t).text for t in pos]
        neg = {"ok": textsets.ok(lang, skip=f"ok{hold_out}" if hold_out else None).texts, "pass": [], "recommended": []}
        for rule in book.rules:
            neg["pass"] += [t for t in (rule.get("examples") or {}).get("pass") or [] if isinstance(t, str) and is_lang(t)]
        neg["recommended"] = [text for _, _, path, text in recommended(book) if path[-1] == lang]
        turns = textsets.agent(lang)
        if turns.rows is None:
            raise SystemExit(f"similar: {turns.missing}: the model is trained with real agent turns as negatives; the committed model is kept")
        neg["agent"] = [r["utterance"] for r in turns.rows if r["half"] == 0 and not _flagged(engine, r["utterance"])]
        self.neg = {k: [_read(fold, t) for t in v] for k, v in neg.items()}


def _flagged(engine, text):
    return any(f.rule != NI_RULE for f in engine.check(text))


def _read(fold, text):
    """A line as the checker's tier reads it: its folded text and where its pauses were."""
    folded = fold(text)
    return folded.text, tuple(pauses(folded, text))


def unit_features(line, lang, vocabulary, excused=None):
    """The feature sets of a (folded text, pauses) line's units of ``lang``, as the checker
    scores them: with pauses, a unit's n-grams stop at them (checker.similar.scored_units).
    ``excused(text, start, features)``: true for a unit the checker passes over whatever
    its score (see Excused); such units are left out."""
    text, breaks = line
    if not breaks:
        spans = [(s, features(text[s:e], lang, vocabulary)) for s, e in units(text)]
    else:
        spans = [(s, frozenset(g for g in f if g in vocabulary)) for s, _, unit_lang, f in scored_units(text, breaks) if unit_lang == lang]
    return [f for s, f in spans if not (excused and excused(text, s, f))]


class Excused:
    """Whether the checker gives a unit no hint whatever its score: the kind of taboo it
    reads as (the kinds table) has an ``unless`` that holds there (data/similar/principles.yml:
    a refusal followed by a way forward is no brush-off). Such units say nothing about where
    the threshold goes, on either side: a look-alike line that is a refusal and a way forward
    does not push it up, and a taboo line excused so is not counted as caught."""

    def __init__(self, lang, hints, table, ids, priors):
        self.hints = hints  # the kinds that have conditions
        self.kinds = Model(lang, {"bias": 0, "threshold": 0, "weights": {}, "kinds": ids, "priors": priors, "kind_grams": table})

    def __call__(self, text, start, found):
        """``found``: the unit's features."""
        hint = self.hints.get(self.kinds.kind(found)) if self.hints else None
        return hint is not None and dropped(hint, text, start, start)


def features(text, lang, vocabulary):
    return frozenset(g for g in grams(text, lang) if g in vocabulary)


def train(pos, neg, l2, seed=1):
    """(bias, weights) of a logistic model over feature sets; the classes weigh the same."""
    data = [(f, 1) for f in pos] + [(f, 0) for f in neg]
    weight_pos = len(neg) / max(1, len(pos))
    w, b = {}, 0.0
    rnd = random.Random(seed)
    for _ in range(EPOCHS):
        rnd.shuffle(data)
        for f, y in data:
            z = b + sum(w.get(g, 0.0) for g in f)
            p = 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))
            step = RATE * (p - y) * (weight_pos if y else 1.0)
            b -= step
            keep = 1 - RATE * l2
            for g in f:
                w[g] = w.get(g, 0.0) * keep - step
    return b, w


def score(model, feature_sets):
    b, w = model
    return max((b + sum(w.get(g, 0.0) for g in f) for f in feature_sets), default=-math.inf)


def threshold_for(agent_scores, ok_scores):
    """The lowest threshold that keeps held-out agent turns and held-out look-alike lines
    (the ok sets) over it at AGENT_RATE each."""
    def quantile(scores, rate):
        allowed = int(rate * len(scores))
        ranked = sorted(scores, reverse=True)
        return ranked[allowed] if len(ranked) > allowed else -math.inf
    return max(quantile(agent_scores, AGENT_RATE), quantile(ok_scores, OK_RATE))


def cross_validate(lang, pos, negs, l2):
    """Held-out recall of the taboo lines, at the threshold chosen on held-out negatives."""
    rnd = random.Random(7)
    fold_of = lambda items: [rnd.randrange(FOLDS) for _ in items]
    pos_fold = fold_of(pos)
    neg_items = [(source, i, fs) for source, lines in negs.items() for i, fs in enumerate(lines)]
    neg_fold = fold_of(neg_items)
    pos_scores, agent_scores, ok_scores, rec_scores = [], [], [], []
    for k in range(FOLDS):
        train_pos = [w for (w, _), f in zip(pos, pos_fold) if f != k]
        train_neg = [piece for (source, _, fs), f in zip(neg_items, neg_fold) if f != k for piece in fs * REPEAT.get(source, 1)]
        model = train(train_pos, train_neg, l2)
        pos_scores += [score(model, us) for (_, us), f in zip(pos, pos_fold) if f == k]
        for (source, _, fs), f in zip(neg_items, neg_fold):
            if f == k and source == "agent":
                agent_scores.append(score(model, fs))
            elif f == k and source == "ok":
                ok_scores.append(score(model, fs))
            elif f == k and source == "recommended":
                rec_scores.append(score(model, fs))
    th = threshold_for(agent_scores, ok_scores)
    recall = sum(s > th for s in pos_scores) / len(pos_scores)
    rec_over = sum(s > th for s in rec_scores) / max(1, len(rec_scores))
    return recall, th, rec_over


def kinds(rows, lang, vocabulary):
    """For each n-gram, the kinds of taboo (the development sets' ``principle``) it speaks for:
    ``{gram: [kind index, log-likelihood ratio, …]}`` (a Bernoulli naive Bayes, one kind
    against the others, ratios under KIND_MIN left out, the KIND_TOP highest kept), and the
    kinds' ids and log priors."""
    labelled = [(features(text, lang, vocabulary), label) for text, label in rows]
    ids = sorted({label for _, label in labelled})
    size = Counter(label for _, label in labelled)
    seen = Counter((g, label) for f, label in labelled for g in f)
    total = Counter(g for f, _ in labelled for g in f)
    n = len(labelled)
    table = {}
    for g in sorted(total):
        speaks = []
        for k, label in enumerate(ids):
            inside, outside = seen[(g, label)], total[g] - seen[(g, label)]
            ratio = math.log((inside + 0.5) / (size[label] + 1)) - math.log((outside + 0.5) / (n - size[label] + 1))
            if ratio >= KIND_MIN:
                speaks.append((round(ratio, 2), k))
        if speaks:  # the KIND_TOP kinds it speaks for most, flat: [kind, ratio, kind, ratio …]
            table[g] = [x for ratio, k in sorted(speaks, key=lambda p: (-p[0], p[1]))[:KIND_TOP] for x in (k, ratio)]
    priors = [round(math.log(size[label] / n), 2) for label in ids]
    return table, ids, priors


def fit(lang, book, engine, hints, hold_out=None, log=print):
    """``hints``: {kind id: checker.similar.Hint} of the kinds with an ``unless`` (see Excused)."""
    lines = Lines(lang, book, engine, hold_out)
    unknown = sorted({label for _, label in lines.labelled} - {p["id"] for p in book.principles})
    if unknown:
        raise SystemExit(f"similar: the development sets' principles {', '.join(unknown)} have no entry in data/similar/principles.yml")
    vocabulary = {g for g, n in Counter(g for t in lines.pos for g in grams(t, lang)).items() if n >= MIN_COUNT}
    table, ids, priors = kinds(lines.labelled, lang, vocabulary)
    excused = Excused(lang, hints, table, ids, priors)
    whole = [features(t, lang, vocabulary) for t in lines.pos]  # a taboo line is trained on whole,
    pos = [(w, unit_features((t, ()), lang, vocabulary, excused)) for w, t in zip(whole, lines.pos)]  # scored as the checker does
    negs = {source: [unit_features(t, lang, vocabulary, excused) for t in texts] for source, texts in lines.neg.items()}
    log(f"{lang}: {len(pos)} taboo lines, " + ", ".join(f"{len(v)} {k}" for k, v in negs.items()) + f" acceptable; {len(vocabulary)} n-grams")
    tried = []
    for l2 in L2_GRID:
        recall, th, rec_over = cross_validate(lang, pos, negs, l2)
        log(f"  l2 {l2:g}: held out, at threshold {th:.2f} (held-out agent turns over it <= {100 * AGENT_RATE:.0f} %, ok lines <= {100 * OK_RATE:.0f} %): "
            f"taboo lines {100 * recall:.1f} % caught, recommended replies {100 * rec_over:.1f} % flagged")
        tried.append((recall, l2, th))
    # The most regularised model whose held-out recall is within TIE of the best: a
    # sharper one that is not clearly better only fits the lines it was trained on.
    top = max(r for r, _, _ in tried)
    recall, l2, th = max((t for t in tried if t[0] >= top - TIE), key=lambda t: t[1])
    bias, weights = train([w for w, _ in pos], [p for source, fs in negs.items() for t in fs for p in t * REPEAT.get(source, 1)], l2)
    weights = {g: round(w, 2) for g, w in sorted(weights.items()) if abs(w) >= 0.02}
    model = {"bias": round(bias, 3), "threshold": round(th, 3), "weights": weights, "kinds": ids, "priors": priors, "kind_grams": table}
    return model, {"l2": l2, "cv_recall": round(100 * recall, 1), "taboo_lines": len(pos),
                   "acceptable": {k: len(v) for k, v in negs.items()}, "features": len(weights)}


def settle(models, book, engine, hints, log=print):
    """Raise each threshold until no recommended reply gets a hint from the checker itself."""
    replies = [text for _, _, _, text in recommended(book)]
    fold = default_folder().fold
    for lang, model in models.items():
        tier = Similar({lang: model}, book.principles, unless={k: h.unless for k, h in hints.items()})
        over = []
        for text in replies:
            folded = fold(text).text
            taken = [(s, e) for _, s, e in engine.scan(folded)]
            for _, s, e in tier.hints_for(folded, (lang,), taken):
                over.append(tier.models[lang].score(grams(folded[s:e], lang)))
                log(f"  {lang}: a recommended reply reads as a taboo at {over[-1]:.2f}: 「{text[:60]}」")
        if over:
            model["threshold"] = round(max(over) + 0.001, 3)
            log(f"  {lang}: threshold raised to {model['threshold']} so that none of {len(replies)} recommended replies gets a hint")


def _compact(data):
    """The model as JSON with one top-level key, and one n-gram of a table, a line."""
    dump = lambda v: json.dumps(v, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    parts = []
    for key in sorted(data):
        value = data[key]
        if isinstance(value, dict) and key in ("weights", "kind_grams"):
            body = ",\n".join(f"{dump(g)}:{dump(v)}" for g, v in sorted(value.items()))
            parts.append(f"{dump(key)}:{{\n{body}\n}}")
        else:
            parts.append(f"{dump(key)}:{dump(value)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def main(data_dir=ROOT / "data", hold_out=None, out_dir=None, log=print):
    """Train both languages' models and write them to ``out_dir`` (default data/similar/).
    ``hold_out``: a later round's number (5 = dev5/ and ok5/) left out of the training."""
    from .data import read

    book = read(Path(data_dir))
    # One load: the rules alone judge which lines are flagged, and the tier's kinds give their
    # compiled conditions (the built bundle's: `make rules` first).
    engine = checker.load()
    hints = {k: h for k, h in engine.similar.hints.items() if h.unless} if engine.similar is not None else {}
    engine.similar = None
    models, notes = {}, {}
    for lang in textsets.LANGS:
        models[lang], notes[lang] = fit(lang, book, engine, hints, hold_out, log)
        if hold_out:
            notes[lang]["held_out"] = f"dev{hold_out}, ok{hold_out}"
    settle(models, book, engine, hints, log)
    for lang, model in models.items():
        path = model_path(data_dir, lang) if out_dir is None else Path(out_dir) / f"{lang}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {"trained": notes[lang], **model}
        path.write_text(_compact(data), encoding="utf-8")
        log(f"{path}: {notes[lang]['features']} weights, threshold {model['threshold']}, {len(model['kinds'])} kinds of taboo over {len(model['kind_grams'])} n-grams")
    return 0


if __name__ == "__main__":
    sys.exit(main())
