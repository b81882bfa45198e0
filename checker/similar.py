"""The similarity tier: a clause no rule matches, but that reads like the taboos the rules
are written for, gets an ``info`` finding "this sounds like <a kind of taboo>" with advice for that kind.

The rules catch the words they name; a taboo said in words nobody wrote a rule for is
missed. This tier scores each clause (and each short sentence) of the folded text with a
linear model over its n-grams: Chinese characters 1–3 at a time, English words 1–3 at a
time, each counted once, digits read as 0. The model (per language: a bias, a weight per
n-gram, a threshold, and the kinds-of-taboo table) is trained by ``python -m generator similar`` (generator/similar.py) and
shipped in the rule bundle under ``similar``; without it there is no tier.

A unit whose score is over the threshold and that overlaps no rule's finding becomes a
hint. Most units are far below it: an upper bound of every unit's score, read in one pass
over the whole text (_Bound), passes them over before their n-grams are put together. It
names the kind of taboo it reads like (the development sets' principles: shirking,
gossip, deceiving …, whose n-grams it shares most, by a naive Bayes table trained with the
model) and that kind's advice from data/similar/principles.yml; its category is the kind.
A hint has kind ``similar``, rule id ``similar``, severity ``info`` and no one-click fix:
a rule's rewrites fit that rule's words, not these.
"""

import bisect
import re
import struct
from math import fsum
from itertools import accumulate, chain, repeat
from operator import add

from .engine import dropped
from .finding import SEVERITIES

RULE_ID = "similar"
KIND = "similar"
SEVERITY = SEVERITIES[0]  # info

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAS_CJK = re.compile(f"[{_CJK}]")
# Runs of word characters a Chinese n-gram stays inside (punctuation and spaces end one).
_ZH_RUN = re.compile(f"[{_CJK}0-9a-z]+")
_EN_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_SUFFIX = re.compile(r"(?<=[a-z]{3})(?:'s|s'|ing|ed|es|ly|s)$")
# Digits read as 0; 你 as 您: the blunt-address rule (s002-addr-ni) judges 你 on its own,
# so the tier must find a taboo in what is said, not in the form of address.
_FOLD = {**{d: "0" for d in "123456789"}, "你": "您"}


def _translate(text):
    """``text`` with _FOLD's replacements (str.replace, one per character, is many times
    faster than str.translate on Chinese text)."""
    for old, new in _FOLD.items():
        text = text.replace(old, new)
    return text


# A clause ends at these (folded: full-width marks are ASCII by then), a sentence at the
# second set; a "." ends one only before a space or at the end of the text.
_CLAUSE_ENDS = ",;:!?\n…。！？，；："
_SENTENCE_ENDS = "!?\n。！？"
_SENTENCE_MAX = 80  # longer sentences are scored clause by clause only
# A clause longer than this many characters (words, in English) is not scored (see scored_units).
LONGEST = {"zh": 32, "en": 24}
_EDGE = " \t\"'()[]<>,.;:!?…—-~、。，；：！？「」『』【】《》"


def _piece_pattern(ends):
    """A piece between two ends, without the edge characters (_EDGE) around it: it starts and
    ends with a character that is neither an edge nor an end, and holds no end."""
    edge, ends = re.escape(_EDGE), re.escape(ends)
    inner = f"[^{edge}{ends}]"
    any_but_end = f"(?:[^{ends}.]|\\.(?!\\s|$))"
    return re.compile(f"{inner}(?:{any_but_end}*{inner})?")


_CLAUSE = _piece_pattern(_CLAUSE_ENDS)
_SENTENCE = _piece_pattern(_SENTENCE_ENDS)


def grams(text, lang):
    """The features of a folded text: its distinct n-grams (a set)."""
    text = _translate(text)
    if lang == "zh":
        return set(_zh_grams(text))
    return set(_word_grams(_words(text)))


def _zh_grams(text):
    """A translated text's Chinese n-grams, run by run (a list, repeats kept)."""
    return [g for run in _ZH_RUN.findall(text) for g in _run_grams(run)]


def _run_grams(run):
    """A run of Chinese text's n-grams, 1 to 3 characters (a list; built by C-level maps)."""
    two = list(map(add, run, run[1:]))
    return [*run, *two, *map(add, two, run[2:])]


def _stem(word):
    """An English word cut to a rough stem (asked/asking/asks -> ask)."""
    return _SUFFIX.sub("", word)


def _words(text):
    """A text's English words, as stems."""
    return list(map(_stem, _EN_WORD.findall(text)))


def _word_grams(words):
    two = list(map(_PAIR, words, words[1:]))
    return [*words, *two, *map(_PAIR, two, words[2:])]


_PAIR = "{} {}".format


def unit_lang(text):
    return "zh" if _HAS_CJK.search(text) else "en"


def units(text, breaks=()):
    """(start, end) of the clauses of a folded text (but long ones), then of its
    sentences that hold more than one clause and are short enough to read as one thought.
    ``breaks``: offsets where a clause ends too (see normalize.pauses)."""
    return [(start, end) for start, end, _, _ in _Units(text, breaks).spans]


def scored_units(text, breaks=()):
    """(start, end, lang, features) for each unit of ``units``, the features being
    ``grams(text[start:end], lang)``.

    A sentence's features are its clauses' put together: a Chinese n-gram never crosses a
    clause's end (punctuation ends a run), and an English sentence's words are its clauses'
    words in order, so each clause is read once however many units hold it."""
    read = _Units(text, breaks)
    return [(start, end, lang, read.features(clauses, lang)) for start, end, lang, clauses in read.spans]


class _Units:
    """A folded text cut into units: ``spans`` is [(start, end, lang, clause indices)], the
    clauses first, then the sentences; ``features`` reads a unit's n-grams from its clauses,
    each clause once."""

    def __init__(self, text, breaks=()):
        clauses = _pieces(text, _CLAUSE)
        if breaks:
            clauses = _split(clauses, breaks)
        self.clauses = clauses
        self.folded = _translate(text)
        self.memo = {}
        langs = ["zh" if _HAS_CJK.search(text, s, e) else "en" for s, e in clauses]
        spans = []
        for i, (start, end) in enumerate(clauses):
            lang = langs[i]
            if (end - start if lang == "zh" else len(text[start:end].split())) > LONGEST[lang]:
                continue  # a run-on clause (see LONGEST) is not scored
            spans.append((start, end, lang, (i,)))
        starts = [c[0] for c in clauses]  # in order: a sentence holds the clauses starting inside it
        for start, end in _pieces(text, _SENTENCE):
            if end - start > _SENTENCE_MAX:
                continue
            first, last = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
            if last - first < 2:
                continue
            inside = range(first, last)
            spans.append((start, end, "zh" if any(langs[i] == "zh" for i in inside) else "en", inside))
        self.spans = spans

    def _part(self, i, lang):
        """Clause i's grams (zh) or words (en), read once."""
        key = (i, lang)
        if key not in self.memo:
            start, end = self.clauses[i]
            piece = self.folded[start:end]
            self.memo[key] = _zh_grams(piece) if lang == "zh" else _words(piece)
        return self.memo[key]

    def features(self, clauses, lang):
        if lang == "zh":
            if len(clauses) == 1:
                return set(self._part(clauses[0], "zh"))
            features = set()
            for i in clauses:
                features.update(self._part(i, "zh"))
            return features
        return set(_word_grams([w for i in clauses for w in self._part(i, "en")]))


class _Bound:
    """An upper bound of a model's score on any span of one folded text, read in one pass:
    the bias plus, for each character (Chinese) or word (English) starting inside the span,
    the positive weights of the n-grams that start there. Every n-gram of a unit starts inside
    it and repeats only add, and negative weights only take away, so a unit whose bound is not
    over the threshold cannot be a hint and its n-grams are never put together.

    An English word that runs across a span's edge is read differently inside the span (a
    part of it), so there the bound says nothing and the unit is scored in full."""

    MARGIN = 1e-6  # the prefix sums' rounding, far below any weight

    def __init__(self, model, translated):
        self.model, self.text = model, translated  # the folded text through _translate
        self.prefix = None

    def _build(self):
        one, two, three = self.model.tables
        if self.model.lang == "zh":
            tokens, pair = self.text, add
            self.starts = None
        else:
            found = list(_EN_WORD.finditer(self.text))
            tokens, pair = [_stem(m.group()) for m in found], _PAIR
            self.starts, self.ends = [m.start() for m in found], [m.end() for m in found]
        # Each position's bound: its 3-gram's if that has one, else its 2-gram's, else its own.
        each = list(map(one.get, tokens, repeat(0.0)))
        pairs = list(map(pair, tokens, tokens[1:]))
        each[:-1] = map(two.get, pairs, each)
        each[:-2] = map(three.get, map(pair, pairs, tokens[2:]), each)
        self.prefix = list(accumulate(each, initial=0.0))

    def over(self, start, end):
        """False when the model cannot score the span over its threshold; else True."""
        if self.prefix is None:
            self._build()
        if self.starts is None:
            first, last = start, end
        else:
            first, last = bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, end)
            if (first and self.ends[first - 1] > start) or (last and self.ends[last - 1] > end):
                return True  # a word across the edge: score it in full
        bound = self.model.bias + self.prefix[last] - self.prefix[first]
        return bound > self.model.threshold - self.MARGIN


def _head(gram, lang, n):
    """The first ``n`` tokens of an n-gram (characters, or words joined by a space)."""
    return gram[:n] if lang == "zh" else " ".join(gram.split(" ")[:n])


def _split(clauses, breaks):
    """The clauses cut at each offset of ``breaks`` inside one."""
    out, cuts = [], sorted(breaks)
    for start, end in clauses:
        i = bisect.bisect_right(cuts, start)
        while i < len(cuts) and cuts[i] < end:
            out.append((start, cuts[i]))
            start, i = cuts[i], i + 1
        out.append((start, end))
    return out


def _pieces(text, pattern):
    """(start, end) of each piece of ``text`` between ends (_CLAUSE or _SENTENCE), trimmed."""
    return [m.span() for m in pattern.finditer(text)]


class Model:
    """One language's model, as the bundle holds it: ``{"bias", "threshold", "weights":
    {gram: w}, "kinds": [kind id…], "priors": [log prior…], "kind_grams": {gram: [kind, w, kind, w…]}}``."""

    __slots__ = ("lang", "bias", "threshold", "weights", "tables", "kinds", "priors", "kind_grams")

    def __init__(self, lang, data):
        self.lang = lang
        self.bias = float(data["bias"])
        self.threshold = float(data["threshold"])
        self.weights = data["weights"]
        self.tables = self._bound_tables()  # for _Bound: made here, so a start-up snapshot holds them
        self.kinds = data["kinds"]
        self.priors = data["priors"]
        # Each n-gram's (kind, weight) pairs packed in one bytes object: a list of ints and
        # floats per n-gram was a fifth of the objects in the start-up snapshot's heap.
        self.kind_grams = {g: _pack(pairs) for g, pairs in data["kind_grams"].items()}

    def _bound_tables(self):
        """({1-gram: b}, {2-gram: b}, {3-gram: b}): b is the sum of the positive weights of
        the n-gram and of its first one and two tokens (_Bound); an n-gram without a positive
        weight of its own is left out, its shorter start speaks for it."""
        one, two, three = {}, {}, {}
        for g, w in self.weights.items():
            if w > 0:
                size = len(g) if self.lang == "zh" else g.count(" ") + 1
                (one, two, three)[size - 1][g] = w
        two = {g: w + one.get(_head(g, self.lang, 1), 0.0) for g, w in two.items()}
        three = {g: w + two.get(_head(g, self.lang, 2), one.get(_head(g, self.lang, 1), 0.0)) for g, w in three.items()}
        return one, two, three

    def score(self, features):
        """The bias plus the weights of the features, summed exactly (so in any order; a
        feature the model lacks adds 0)."""
        return self.bias + fsum(map(self.weights.get, features, repeat(0.0)))

    def kind(self, features):
        """The kind of taboo (a development-set principle) the features speak for most."""
        totals = list(self.priors)
        table = self.kind_grams
        for g in features:
            packed = table.get(g)
            if packed:
                for kind, weight in _PAIR_BYTES.iter_unpack(packed):
                    totals[kind] += weight
        return self.kinds[max(range(len(totals)), key=totals.__getitem__)]


# A (kind, weight) pair of Model.kind_grams: the kind's index in one byte, the weight as
# the float it was (8 bytes), so the totals are those of the unpacked lists.
_PAIR_BYTES = struct.Struct("<Bd")


def _pack(pairs):
    """[kind, weight, kind, weight …] as bytes (_PAIR_BYTES each)."""
    return b"".join(_PAIR_BYTES.pack(pairs[i], pairs[i + 1]) for i in range(0, len(pairs), 2))


class Hint:
    """What ``make_finding`` needs of a rule, for a hint of one kind of taboo."""

    __slots__ = ("id", "category", "severity", "message", "suggest", "kind", "unless", "when")

    def __init__(self, principle, unless=()):
        name, advice = principle["name"], principle["advice"]
        self.id, self.category, self.severity, self.kind = RULE_ID, principle["id"], SEVERITY, KIND
        self.unless, self.when = tuple(unless), ()  # the kind's conditions, as a rule's (engine.dropped)
        self.message = {
            "zh": f"这句话听起来像{name['zh']}（相似提示：没有规则逐字命中这些词）。{advice['zh']}",
            "en": f"This sounds like {name['en']} (a similarity hint: no rule matched these words). {advice['en']}",
        }
        self.suggest = ()


class Similar:
    """The tier over both languages' models; the engine calls ``hints_for``.

    ``principles``: ``[{id, name: {zh, en}, advice: {zh, en}}]``, the kinds of taboo a
    hint can name (data/similar/principles.yml); ``off``: kinds a team's settings disable;
    ``unless``: {kind id: compiled conditions (checker.rules.conditions)}: a hint of that
    kind is not given where one holds, as a rule's match is not (a refusal followed by a
    way forward is no brush-off)."""

    def __init__(self, models, principles, off=(), unless=None):
        self.models = {lang: Model(lang, data) for lang, data in (models or {}).items()}
        self.principles = list(principles)
        unless = unless or {}
        self.hints = {p["id"]: Hint(p, unless.get(p["id"], ())) for p in self.principles if p["id"] not in off}

    def names(self):
        """{kind id: {zh, en}}: the kinds' names, as the bundle's categories give a rule's."""
        return {p["id"]: p["name"] for p in self.principles}

    def without(self, off):
        """This tier with the kinds ``off`` silenced (a team's ``disable``)."""
        new = object.__new__(Similar)
        new.models, new.principles = self.models, self.principles
        new.hints = {k: h for k, h in self.hints.items() if k not in off}
        return new

    def hints_for(self, folded, langs, taken, breaks=()):
        """(Hint, start, end) in folded coordinates for the units over the threshold that
        overlap none of the spans ``taken`` (the rules' findings) nor each other;
        ``breaks``: offsets where a clause ends too (see normalize.pauses)."""
        found = []
        covered = _Covered(taken)
        read = _Units(folded, breaks)
        bounds = {lang: _Bound(model, read.folded) for lang, model in self.models.items() if lang in langs}
        for start, end, lang, clauses in read.spans:
            bound = bounds.get(lang)
            if bound is None or covered(start, end) or not bound.over(start, end):
                continue
            features = read.features(clauses, lang)
            score = bound.model.score(features)
            if score > bound.model.threshold:
                found.append((score, start, end, features, bound.model))
        if not found:
            return []
        out = []
        spans = []
        # Clauses before sentences, then the higher score: the smallest unit that reads as a taboo.
        for score, start, end, features, model in sorted(found, key=lambda c: (c[2] - c[1], -c[0])):
            if any(s < end and start < e for s, e in spans):
                continue
            hint = self.hints.get(model.kind(features))
            if hint is None:
                continue  # a kind the settings turned off
            if hint.unless and dropped(hint, folded, start, start):
                continue  # e.g. a way forward in the unit or after it, in the same turn
            spans.append((start, end))
            out.append((hint, start, end))
        return sorted(out, key=lambda h: h[1])


class _Covered:
    """Whether a span overlaps any of ``spans`` (the rules' findings), by bisection."""

    def __init__(self, spans):
        spans = sorted(spans)
        self.starts = [s for s, _ in spans]
        self.reach, most = [], -1  # reach[i]: the furthest end among spans[:i + 1]
        for _, e in spans:
            most = max(most, e)
            self.reach.append(most)

    def __call__(self, start, end):
        i = bisect.bisect_left(self.starts, end)  # spans[:i] start before ``end``
        return i > 0 and self.reach[i - 1] > start
