"""The similarity tier: a clause no rule matches, but that reads like the taboos the rules
are written for, gets an ``info`` finding "this sounds like <a kind of taboo>" with advice for that kind.

The rules catch the words they name; a taboo said in words nobody wrote a rule for is
missed. This tier scores each clause (and each short sentence) of the folded text with a
linear model over its n-grams: Chinese characters 1–3 at a time, English words 1–3 at a
time, each counted once, digits read as 0. The model (per language: a bias, a weight per
n-gram, a threshold, and the kinds-of-taboo table) is trained by ``python -m generator similar`` (generator/similar.py) and
shipped in the rule bundle under ``similar``; without it there is no tier.

A unit whose score is over the threshold and that overlaps no rule's finding becomes a
hint. It names the kind of taboo it reads like (the development sets' principles: shirking,
gossip, deceiving …, whose n-grams it shares most, by a naive Bayes table trained with the
model) and that kind's advice from data/similar/principles.yml; its category is the kind.
A hint has kind ``similar``, rule id ``similar``, severity ``info`` and no one-click fix:
a rule's rewrites fit that rule's words, not these.
"""

import bisect
import re

from .finding import SEVERITIES

RULE_ID = "similar"
KIND = "similar"
SEVERITY = SEVERITIES[0]  # info

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAS_CJK = re.compile(f"[{_CJK}]")
# Runs of word characters a Chinese n-gram stays inside (punctuation and spaces end one).
_ZH_RUN = re.compile(f"[{_CJK}0-9a-z]+")
_EN_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# Digits read as 0; 你 as 您: the blunt-address rule (s002-addr-ni) judges 你 on its own,
# so the tier must find a taboo in what is said, not in the form of address.
_FOLD = str.maketrans("0123456789你", "0000000000您")
# A clause ends at these (folded: full-width marks are ASCII by then); a sentence at _ENDS.
_CLAUSE_END = re.compile(r"[,;:!?\n…。！？，；：]+|\.(?=\s|$)")
_ENDS = re.compile(r"[!?\n。！？]+|\.(?=\s|$)")
_SENTENCE_MAX = 80  # longer sentences are scored clause by clause only
# A clause longer than this many characters (words, in English) is not scored (see _scored).
LONGEST = {"zh": 32, "en": 24}
_EDGE = " \t\"'()[]<>,.;:!?…—-~、。，；：！？「」『』【】《》"


def grams(text, lang):
    """The features of a folded text: its distinct n-grams (a set)."""
    text = text.translate(_FOLD)
    out = set()
    if lang == "zh":
        for run in _ZH_RUN.findall(text):
            n = len(run)
            out.update(run)
            out.update(run[i:i + 2] for i in range(n - 1))
            out.update(run[i:i + 3] for i in range(n - 2))
        return out
    words = _EN_WORD.findall(text)
    out.update(words)
    out.update(f"{a} {b}" for a, b in zip(words, words[1:]))
    out.update(f"{a} {b} {c}" for a, b, c in zip(words, words[1:], words[2:]))
    return out


def unit_lang(text):
    return "zh" if _HAS_CJK.search(text) else "en"


def units(text):
    """(start, end) of the clauses of a folded text (but long ones), then of its
    sentences that hold more than one clause and are short enough to read as one thought."""
    clauses = _pieces(text, _CLAUSE_END)
    sentences = [s for s in _pieces(text, _ENDS) if s[1] - s[0] <= _SENTENCE_MAX]
    starts = [c[0] for c in clauses]  # in order: a sentence holds the clauses starting inside it
    many = [s for s in sentences if bisect.bisect_left(starts, s[1]) - bisect.bisect_left(starts, s[0]) > 1]
    return [w for start, end in clauses for w in _scored(text, start, end)] + many


def _scored(text, start, end):
    """The clause [start, end), or nothing when it is longer than LONGEST: a run-on turn
    (speech recognised without punctuation) adds up weight with its length, and the rules
    still read it."""
    lang = unit_lang(text[start:end])
    if lang == "zh":
        return [(start, end)] if end - start <= LONGEST["zh"] else []
    return [(start, end)] if len(text[start:end].split()) <= LONGEST["en"] else []


def _pieces(text, ends):
    out, pos = [], 0
    for m in ends.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return [_trim(text, s, e) for s, e in out if text[s:e].strip(_EDGE)]


def _trim(text, start, end):
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return start, end


class Model:
    """One language's model, as the bundle holds it: ``{"bias", "threshold", "weights":
    {gram: w}, "kinds": [kind id…], "priors": [log prior…], "kind_grams": {gram: [[kind, w]…]}}``."""

    __slots__ = ("lang", "bias", "threshold", "weights", "kinds", "priors", "kind_grams")

    def __init__(self, lang, data):
        self.lang = lang
        self.bias = float(data["bias"])
        self.threshold = float(data["threshold"])
        self.weights = data["weights"]
        self.kinds = data["kinds"]
        self.priors = data["priors"]
        self.kind_grams = data["kind_grams"]

    def score(self, features):
        get = self.weights.get
        return self.bias + sum([get(g, 0.0) for g in features])

    def kind(self, features):
        """The kind of taboo (a development-set principle) the features speak for most."""
        totals = list(self.priors)
        table = self.kind_grams
        for g in features:
            for k, w in table.get(g, ()):
                totals[k] += w
        return self.kinds[max(range(len(totals)), key=totals.__getitem__)]


class Hint:
    """What ``make_finding`` needs of a rule, for a hint of one kind of taboo."""

    __slots__ = ("id", "category", "severity", "message", "suggest", "kind")

    def __init__(self, principle):
        name, advice = principle["name"], principle["advice"]
        self.id, self.category, self.severity, self.kind = RULE_ID, principle["id"], SEVERITY, KIND
        self.message = {
            "zh": f"这句话听起来像{name['zh']}（相似提示：没有规则逐字命中这些词）。{advice['zh']}",
            "en": f"This sounds like {name['en']} (a similarity hint: no rule matched these words). {advice['en']}",
        }
        self.suggest = ()


class Similar:
    """The tier over both languages' models; the engine calls ``hints_for``.

    ``principles``: ``[{id, name: {zh, en}, advice: {zh, en}}]``, the kinds of taboo a
    hint can name (data/similar/principles.yml); ``off``: kinds a team's settings disable."""

    def __init__(self, models, principles, off=()):
        self.models = {lang: Model(lang, data) for lang, data in (models or {}).items()}
        self.principles = list(principles)
        self.hints = {p["id"]: Hint(p) for p in self.principles if p["id"] not in off}

    def names(self):
        """{kind id: {zh, en}}: the kinds' names, as the bundle's categories give a rule's."""
        return {p["id"]: p["name"] for p in self.principles}

    def without(self, off):
        """This tier with the kinds ``off`` silenced (a team's ``disable``)."""
        new = object.__new__(Similar)
        new.models, new.principles = self.models, self.principles
        new.hints = {k: h for k, h in self.hints.items() if k not in off}
        return new

    def hints_for(self, folded, langs, taken):
        """(Hint, start, end) in folded coordinates for the units over the threshold that
        overlap none of the spans ``taken`` (the rules' findings) nor each other."""
        found = []
        for start, end in units(folded):
            piece = folded[start:end]
            lang = unit_lang(piece)
            model = self.models.get(lang)
            if model is None or lang not in langs:
                continue
            features = grams(piece, lang)
            score = model.score(features)
            if score > model.threshold:
                found.append((score, start, end, features, model))
        if not found:
            return []
        out = []
        spans = list(taken)
        # Clauses before sentences, then the higher score: the smallest unit that reads as a taboo.
        for score, start, end, features, model in sorted(found, key=lambda c: (c[2] - c[1], -c[0])):
            if any(s < end and start < e for s, e in spans):
                continue
            hint = self.hints.get(model.kind(features))
            if hint is None:
                continue  # a kind the settings turned off
            spans.append((start, end))
            out.append((hint, start, end))
        return sorted(out, key=lambda h: h[1])
