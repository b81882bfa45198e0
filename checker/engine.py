"""The matcher: one automaton over every rule's anchor keys, then gaps, word classes and exceptions.

``Checker.from_records`` is the one way to build a Checker from rule records.
``Checker.scan`` works on folded text and is pure: the same text gives the
same findings in the same order, whatever order the rules came in.
``Checker.check`` checks one reply; transcripts are transcript.py's job.
"""

import bisect
import re
import unicodedata

from . import automaton
from .errors import CheckerError
from .finding import Finding, severity_rank
from .normalize import CJK, default_folder, pauses
from .pattern import span
from .rules import compile_rule, word_classes

STOPS = "。！？!?；;\n"  # a gap never runs across the end of a sentence
_STOP = re.compile(f"[{re.escape(STOPS)}]")
WORD = re.compile(r"[a-z0-9]")
HAS_CJK = re.compile(f"[{CJK}]")
OPEN_QUOTES, CLOSE_QUOTES = "「『“‘", "」』”’"
_OPENING = re.compile(f'["{OPEN_QUOTES}]')  # what a quote around a match must open with


def _word_char(text, i):
    return 0 <= i < len(text) and WORD.match(text[i]) is not None


def _edges_ok(text, start, end, literal):
    """English words match whole: no letter or digit may touch a Latin edge."""
    if WORD.match(literal[0]) and _word_char(text, start - 1):
        return False
    if WORD.match(literal[-1]) and _word_char(text, end):
        return False
    return True


def _ends(text, part, start, limit):
    """Where ``part`` (a literal or a word class's Choice) ends when matched at ``start``, in no set order."""
    if isinstance(part, str):
        end = start + len(part)
        if end <= limit and text.startswith(part, start) and _edges_ok(text, start, end, part):
            return (end,)
        return ()
    _, lengths, members = part.heads()
    ends = []
    for length in lengths.get(text[start:start + 1], ()):  # one look in a set per member length
        end = start + length
        if end <= limit and text[start:end] in members and _edges_ok(text, start, end, text[start:end]):
            ends.append(end)
    return ends


_START = re.Match.start


def member_starts(text, choice, low, high):
    """Starts in [low, high] where a member of ``choice`` begins, in order."""
    heads, lengths, members = choice.heads()
    starts = []
    for s in map(_START, heads.finditer(text, max(low, 0), high + 1)):
        for length in lengths[text[s]]:
            if text[s:s + length] in members:
                starts.append(s)
                break
    return starts


def _occurs(text, part, low, high):
    """Whether ``part`` (a literal or a Choice) begins somewhere in [low, high]."""
    if isinstance(part, str):
        return text.find(part, max(low, 0), high + len(part)) >= 0
    heads, lengths, members = part.heads()
    for s in map(_START, heads.finditer(text, max(low, 0), high + 1)):
        for length in lengths[text[s]]:
            if text[s:s + length] in members:
                return True
    return False


def match_at(text, seq, pos, limit=None):
    """End of ``seq`` matched at ``pos``, or -1; with ``limit``, the match must end at or before it.

    Gaps take the shortest stretch that lets the rest match; a word class the
    member that makes the match longest.
    """
    limit = len(text) if limit is None else limit
    best = -1
    for end in _ends(text, seq[0], pos, limit):
        best = max(best, _rest(text, seq, 1, end, limit))
    return best


def _last_start(text, pos, high, limit):
    """The last start a part after a gap may take: the gap ends by ``high`` and never runs across a stop."""
    last = min(pos + high, limit)
    stop = _STOP.search(text, pos, last)
    return stop.start() if stop else last


def _rest(text, seq, i, pos, limit):
    if i == len(seq):
        return pos
    (low, high), part = seq[i], seq[i + 1]
    last = _last_start(text, pos, high, limit)
    if isinstance(part, str):
        # The shortest gap that lets the rest match: the literal's next occurrences, in order.
        start = text.find(part, pos + low, last + len(part))
        while start >= 0:
            for end in _ends(text, part, start, limit):
                end = _rest(text, seq, i + 2, end, limit)
                if end >= 0:
                    return end
            start = text.find(part, start + 1, last + len(part))
        return -1
    if not part.inline:
        # The shortest gap that lets the rest match; for a word class, the member
        # there that makes the match longest.
        by_first = part.by_first
        for start in range(pos + low, last + 1):
            if text[start:start + 1] not in by_first:
                continue
            best = -1
            for end in _ends(text, part, start, limit):
                best = max(best, _rest(text, seq, i + 2, end, limit))
            if best >= 0:
                return best
        return -1
    # A (a|b) group after a gap: each member takes its own shortest gap, as if the
    # pattern had been written out once per member, and the longest match wins.
    best, done = -1, set()
    for start in range(pos + low, last + 1):
        for member in part.by_first.get(text[start:start + 1], ()):
            end = start + len(member)
            if member in done or end > limit or not text.startswith(member, start) or not _edges_ok(text, start, end, member):
                continue
            end = _rest(text, seq, i + 2, end, limit)
            if end >= 0:
                done.add(member)
                best = max(best, end)
    return best


def _find(text, part, low, high):
    """Starts in [low, high] where ``part`` occurs, in order."""
    if isinstance(part, str):
        pos = text.find(part, max(low, 0), high + len(part))
        while pos >= 0:
            yield pos
            pos = text.find(part, pos + 1, high + len(part))
        return
    yield from member_starts(text, part, low, high)


def search(text, seq, low, high, limit=None):
    """First (start, end) of ``seq`` starting in [low, high] and ending by ``limit``, or None."""
    for pos in _find(text, seq[0], low, high):
        end = match_at(text, seq, pos, limit)
        if end >= 0:
            return pos, end
    return None


# How far exceptions look around a match. Bounded, so a 10 MB single line
# still costs the same per match as a short reply (linear time overall).
CONTEXT = 200


def _quoted(text, start, end):
    low = text.rfind("\n", max(0, start - CONTEXT), start) + 1 or max(0, start - CONTEXT)
    high = text.find("\n", end, end + CONTEXT)
    high = high if high >= 0 else min(len(text), end + CONTEXT)
    if _OPENING.search(text, max(low, start - CONTEXT), start) is None:
        return False  # no quote opens before the match
    before, after = text[max(low, start - CONTEXT):start], text[end:high]
    if before.count('"') % 2 == 1 and '"' in after:
        return True
    for opening, closing in zip(OPEN_QUOTES, CLOSE_QUOTES):
        if before.count(opening) > before.count(closing) and closing in after:
            return True
    return False


def _mark(char):
    """Punctuation, a symbol (emoji) or a space. A letter or digit never is (str.isalnum
    answers that without the Unicode database, and most text is letters)."""
    return char.isspace() or unicodedata.category(char)[0] in "PS"


def _alone(text, start, end):
    """Nothing but punctuation, symbols (emoji) and spaces stands beside the match in its line."""
    low = text.rfind("\n", max(0, start - CONTEXT), start) + 1 or max(0, start - CONTEXT)
    high = text.find("\n", end, end + CONTEXT)
    high = high if high >= 0 else min(len(text), end + CONTEXT)
    if (low > 0 and text[low - 1] != "\n") or (high < len(text) and text[high] != "\n"):
        return False  # the line runs on past what exceptions look at: not a bare reply
    return all(map(_mark, text[low:start])) and all(map(_mark, text[end:high]))


def _indexed(cond, text, p):
    """The sequences of ``cond`` that may start at ``p``: by the next two characters, or one;
    a sequence whose first part is a literal only when the text there starts with it."""
    index = cond.by_first
    return [
        seq
        for seq in index.get(text[p:p + 2], ()) + index.get(text[p:p + 1], ())
        if not isinstance(seq[0], str) or text.startswith(seq[0], p)
    ]


# A web address counts as one character in a condition's reach: a reply that links an
# article ("… https://…/a-long-path … let us know") has its way forward as near as one
# that does not. The stretch is bounded (LINK_STRETCH), so a long line stays linear.
_LINK = re.compile(r"(?:https?://|www\.)\S+")
LINK_STRETCH = 3 * CONTEXT


def _has_link(text, low, high):
    return text.find("://", low, high) >= 0 or text.find("www.", low, high) >= 0


def _within_after(text, end, within):
    """``within`` after ``end``, stretched by each link (_LINK) that starts in it but one character."""
    if not _has_link(text, end, end + within + LINK_STRETCH):
        return within
    high, most = end + within, end + within + LINK_STRETCH
    for link in _LINK.finditer(text, end, most):
        if link.start() >= high:
            break
        high = min(most, high + link.end() - link.start() - 1)
    return high - end


def _within_before(text, start, within):
    """``within`` before ``start``, stretched as _within_after does, reading back."""
    first = max(0, start - within - LINK_STRETCH)
    if not _has_link(text, first, start):
        return within
    nearest = start - within
    for link in reversed(list(_LINK.finditer(text, first, start))):
        if link.end() <= nearest:
            break
        nearest = max(first, nearest - (link.end() - link.start() - 1))
    return start - nearest


def holds(cond, text, start, end):
    """Whether one ``unless``/``when`` condition holds around the match [start, end).

    Conditions look only within the same line (a transcript turn).
    """
    if cond.kind == "quoted":
        return _quoted(text, start, end)
    if cond.kind == "alone":
        return _alone(text, start, end)
    if cond.kind == "after":
        within = _within_after(text, end, cond.within)
        reach = end + within + CONTEXT
        line_end = text.find("\n", end, reach)
        limit = line_end if line_end >= 0 else min(len(text), reach)
        if cond.by_first is not None:
            return any(
                match_at(text, seq, p, limit) >= 0
                for p in map(_START, cond.heads.finditer(text, end, end + within + 1))
                for seq in _indexed(cond, text, p)
            )
        return any(search(text, seq, end, end + within, limit) for seq in cond.sequences)
    within = _within_before(text, start, cond.within)
    floor = max(0, start - within - CONTEXT)
    low = text.rfind("\n", floor, start) + 1 or floor
    # A match that starts further back than its longest reach ends too far before the hit.
    low, nearest = max(low, start - within - cond.reach), max(0, start - within)
    if cond.by_first is not None:
        for p in map(_START, cond.heads.finditer(text, low, start + 1)):
            for seq in _indexed(cond, text, p):
                if match_at(text, seq, p, start) >= nearest:
                    return True
        return False
    return any(match_at(text, seq, p, start) >= nearest for seq in cond.sequences for p in _find(text, seq[0], low, start))


def dropped(rule, text, start, end):
    """A match is dropped when an ``unless`` condition holds or a ``when`` condition does not."""
    if any(holds(c, text, start, end) for c in rule.unless):
        return True
    return not all(holds(c, text, start, end) for c in rule.when)


# An anchor joins parts that follow one another with no gap (您 and <(快|赶紧)> give
# the keys 您快, 您赶紧) while that makes no more than ANCHOR_KEYS keys, and counts
# every key of RARE characters or more as rare enough: among those, fewer keys win.
ANCHOR_KEYS = 24
RARE = 3


def anchor(seq):
    """The automaton's keys for ``seq`` and how far before them the match may start.

    The keys are those of the run of gapless parts (literals and word classes)
    whose shortest key is longest, up to RARE characters, then with the fewest
    keys, then the longest: ``你<elsewhere>`` is found through 你隔壁, 你前台…
    rather than every 你, ``您<(快|赶紧)>`` through 您快 and 您赶紧 rather than
    every 您 (one of the commonest words in a polite reply).
    """
    return _anchored(seq, *_anchor_run(seq))[:3]


def _shortest(part):
    return len(part.strip()) if isinstance(part, str) else part.shortest


def _anchor_run(seq):
    """The first and last index in ``seq`` of the parts anchor() joins."""
    best = None
    for i in range(0, len(seq), 2):
        count = shortest = 0
        for j in range(i, len(seq), 2):
            if j > i and seq[j - 1] != (0, 0):
                break
            count = (count or 1) * (1 if isinstance(seq[j], str) else len(seq[j].members))
            if j > i and count > ANCHOR_KEYS:
                break
            shortest += _shortest(seq[j])
            score = (min(shortest, RARE), -count, shortest, -i, -j)
            if best is None or score > best[0]:
                best = (score, i, j)
    return best[1], best[2]


def _anchored(seq, first, last):
    """anchor()'s keys, low and high for ``seq`` anchored on parts ``first``..``last``, and those two."""
    keys = ("",)
    for part in seq[first:last + 1:2]:
        keys = tuple(dict.fromkeys(key + member for key in keys for member in ((part,) if isinstance(part, str) else part.members)))
    low, high = span(seq[:first])
    return keys, low, high, first, last


def _neighbours(seq, i, j, shared):
    """The characters that may stand right after part ``j`` and right before part ``i`` of ``seq``.

    Where the next (or previous) part follows with no gap, a match needs one of
    its first (last) characters there: one look at the text rejects most hits
    of a common anchor (您, 这个) before any matching. None: no such part.
    ``shared`` keeps one set for each part and side (the started checker's heap
    is what the browser's snapshot holds).
    """
    after = before = None
    if j + 2 < len(seq) and seq[j + 1] == (0, 0):
        part = seq[j + 2]
        chars = frozenset(part[:1]) if isinstance(part, str) else frozenset(part.by_first)
        after = shared.setdefault(chars, chars)
    if i >= 2 and seq[i - 1] == (0, 0):
        part = seq[i - 2]
        chars = frozenset(part[-1:]) if isinstance(part, str) else frozenset(m[-1] for m in part.members)
        before = shared.setdefault(chars, chars)
    return after, before


def _prior(seq, i, shared):
    """(part, furthest, nearest, heads) for the part before a gap in front of part ``i``:
    it must start between ``furthest`` and ``nearest`` characters before the anchor, or
    the hit is not matched. ``heads`` see _heads(). None: no such part."""
    if i < 2 or seq[i - 1] == (0, 0):
        return None
    part, (fewest, most) = seq[i - 2], seq[i - 1]
    if isinstance(part, str):
        found = (part, most + len(part), fewest + len(part), None)
    else:
        found = (part, most + part.longest, fewest + part.shortest, _heads(part, shared))
    return _one(found, shared)


def _onward(seq, j, shared):
    """(part, fewest, most, heads) for the part after a gap behind part ``j``: it must
    start between ``fewest`` and ``most`` characters after the anchor's end, or the hit
    is not matched. ``heads`` see _heads(). None: no such part."""
    if j + 2 >= len(seq) or seq[j + 1] == (0, 0):
        return None
    (fewest, most), part = seq[j + 1], seq[j + 2]
    return _one((part, fewest, most, None if isinstance(part, str) else _heads(part, shared)), shared)


def _one(condition, shared):
    """One tuple for equal (part, low, high, heads) conditions: the scan tests a run of
    entries holding the same one once (a Choice is told by its identity)."""
    part = condition[0]
    key = ("condition", part if isinstance(part, str) else id(part), *condition[1:3])
    return shared.setdefault(key, condition)


def _heads(choice, shared):
    """The ``search`` of a regular expression of the first characters of ``choice``'s
    members, one for each Choice: where none of them stands in the window, no member
    does, and one call in C says so (most hits that fail, fail there)."""
    found = shared.get(("heads", id(choice)))
    if found is None:
        found = shared[("heads", id(choice))] = re.compile("[" + "".join(map(re.escape, sorted(choice.by_first))) + "]").search
    return found


def _near(text, prior, pos):
    """Whether ``prior``'s part (see _prior()) may stand before an anchor at ``pos``."""
    part, furthest, nearest, heads = prior
    if heads is not None and heads(text, pos - furthest, pos - nearest + 1) is None:
        return False  # (a window before the text's start is empty: no match either)
    return _occurs(text, part, pos - furthest, pos - nearest)


def _anchor_all(by_key, rules):
    """Add every sequence of ``rules`` to ``by_key``: anchor literal -> [entry, ...].

    An entry, one for each sequence whatever its number of keys, is (rule, lang,
    seq, low, high, after, before, lone, prior, onward): ``after``/``before`` see
    _neighbours(), ``lone`` is true when the rule wants its match alone in its
    line, ``prior`` see _prior(), ``onward`` see _onward().
    """
    shared = {}
    for rule in rules:
        if rule.kind == "require":
            continue
        lone = _lone(rule)
        for lang, sequences in rule.sequences.items():
            for seq in sequences:
                keys, low, high, i, j = _anchored(seq, *_anchor_run(seq))
                entry = (rule, lang, seq, low, high, *_neighbours(seq, i, j, shared), lone, _prior(seq, i, shared), _onward(seq, j, shared))
                for key in keys:
                    by_key.setdefault(key, []).append(entry)


def _lone(rule):
    """Whether ``rule`` wants its match alone in its line."""
    return any(c.kind == "alone" for c in rule.when)


def _renewed(entry, rule, renewed):
    """``entry`` (see _anchor_all) for ``rule``, which shares its sequences."""
    found = renewed.get(id(entry))
    if found is None:
        found = renewed[id(entry)] = (rule, *entry[1:7], _lone(rule), *entry[8:])
    return found


def _table(by_key):
    """Automaton key -> ((anchor literal, exact, after, before, lone, its entries), ...)
    for the literals it begins, or that one gate alone (no tuple around it) when it begins
    one; ``by_key``'s lists become tuples, shared with the table.

    ``exact``: the literal is the key itself (no second look at the text);
    ``after``: None, or the characters one of the entries needs right after the
    literal when every entry names some, or, for a literal with DISPATCH entries
    or more, a dict from the character after it to the entries that may match
    there (``entries`` then holds those that need no character there);
    ``before``: the characters one of the entries needs right before the
    literal, when every entry names some (else None); ``lone``: every entry
    wants its match alone with nothing before it. A hit these reject costs no
    look at its entries.
    """
    table, shared = {}, {}
    for literal, entries in by_key.items():
        # The literals of one pattern's many keys mostly hold the same entries: one
        # tuple (and one dispatch) serves them all.
        same = ("entries", *map(id, entries))
        if same not in shared:
            grouped = _grouped(entries)
            shared[same] = (grouped, _dispatch(grouped, shared) if len(grouped) >= DISPATCH else None)
        entries, dispatch = shared[same]
        by_key[literal] = entries
        key = literal[:PREFIX]
        after = _union(entries, 5, shared)
        lone = all(e[7] and e[4] == 0 for e in entries)
        if dispatch is not None:
            after, entries = dispatch
        table.setdefault(key, []).append((literal, key == literal, after, _union(by_key[literal], 6, shared), lone, entries))
    # Most keys begin one literal: its gate stands alone, not in a tuple of one.
    return {key: gates[0] if len(gates) == 1 else tuple(gates) for key, gates in table.items()}


def _grouped(entries):
    """``entries`` as a tuple, those with the same onward condition together and, among
    them, those with the same prior one, each group where its first entry stood."""
    onward, prior = {}, {}
    for e in entries:
        onward.setdefault(id(e[9]), len(onward))
        prior.setdefault(id(e[8]), len(prior))
    return tuple(sorted(entries, key=lambda e: (onward[id(e[9])], prior[id(e[8])])))


# A literal with this many entries or more sorts them by the character after it.
DISPATCH = 4


def _dispatch(entries, shared):
    """(character after the literal -> the entries that may match there, the entries
    that need no such character); equal tuples are one object."""
    def one(found):  # entries hold rules, which do not hash: their ids name the tuple
        return shared.setdefault(tuple(map(id, found)), found)

    chars = sorted({c for e in entries if e[5] is not None for c in e[5]})
    nexts = {char: one(tuple(e for e in entries if e[5] is None or char in e[5])) for char in chars}
    return nexts, one(tuple(e for e in entries if e[5] is None))


def _union(entries, field, shared):
    """The union of the entries' character sets at ``field`` (see _neighbours), or None
    when one of them has none; one set object for equal unions."""
    sets = [e[field] for e in entries]
    if any(chars is None for chars in sets):
        return None
    chars = frozenset().union(*sets)
    return shared.setdefault(chars, chars)


def _shares_words(folded, start, reach):
    """Whether folded[start:reach] (a match's start up to where a kept one ends) holds a
    letter, digit or Chinese character, not only punctuation and spaces."""
    return start < reach and any(c.isalnum() for c in folded[start:reach])


def _reach_to(reach, rank, end):
    """A kept match of severity ``rank`` ends at ``end``: ``reach`` (the farthest end of a
    kept match that severe or more, by rank) grows to it at that rank and every milder one."""
    for r in range(rank + 1):
        if reach[r] < end:
            reach[r] = end


# The automaton holds the first PREFIX characters of each anchor literal; the
# whole literal is then looked up in a dict. Patterns with many alternatives give
# tens of thousands of long literals, and a smaller automaton builds many times
# faster (the pure-Python one, in the browser, above all) at the cost of a few
# more hits.
PREFIX = 6


class Checker:
    """Compiled rules plus the automaton over them.

    Each sequence is anchored on its rarest run of parts (see anchor()), not
    its first part: a pattern such as ``i.{0,3}only a developer`` is then found
    through "only a developer" instead of every letter i, and verified from there.
    """

    def __init__(self, rules, folder, backend="auto", categories=None):
        self.rules = sorted(rules, key=lambda r: r.id)
        self.folder = folder
        self.categories = dict(categories or {})  # category id -> {zh, en} name, when the bundle gives them
        self.by_key = {}
        _anchor_all(self.by_key, self.rules)
        self.table = _table(self.by_key)
        self.automaton = automaton.build(self.table, backend)
        self.backend = self.automaton.name
        self.similar = None  # the similarity tier (checker.similar.Similar), set by checker.load()

    @property
    def keys(self):
        """The automaton's keys: the first PREFIX characters of each anchor literal."""
        return self.table.keys()

    def derived(self, rules):
        """A Checker for ``rules`` that reuses this one's anchors and automaton.

        A rule that shares its compiled sequences with one of this Checker's (the
        same id and the same sequences object: re-levelled, or its texts filled in
        anew) keeps its anchors; the others are anchored afresh, and the automaton
        keys this one lacks get a second, small automaton. Same findings as a
        Checker built from scratch over ``rules``.
        """
        new = object.__new__(Checker)
        new.rules = sorted(rules, key=lambda r: r.id)
        new.folder, new.categories = self.folder, self.categories
        mine = {rule.id: rule for rule in self.rules}
        kept = {r.id: r for r in new.rules if r.id in mine and r.sequences is mine[r.id].sequences}
        new.by_key, renewed = {}, {}  # one new entry for each kept one, however many keys share it
        for literal, entries in self.by_key.items():
            entries = [_renewed(e, kept[e[0].id], renewed) for e in entries if e[0].id in kept]
            if entries:
                new.by_key[literal] = entries
        _anchor_all(new.by_key, [r for r in new.rules if r.id not in kept])
        new.table = _table(new.by_key)
        extra = [key for key in new.table if key not in self.table]
        new.automaton = automaton.Merged(self.automaton, automaton.build(extra, self.backend)) if extra else self.automaton
        new.backend = self.backend
        new.similar = self.similar
        return new

    @classmethod
    def from_records(cls, records, folder=None, placeholders=None, backend="auto", categories=None, use_compiled=False, on_error=None, classes=None):
        """A Checker over rule records (dicts as in data/rules or the bundle).

        ``placeholders``: {name: {zh, en}} filled into patterns and texts;
        ``classes``: the word classes patterns may name (records or a WordClasses);
        ``use_compiled``: take the bundle's precompiled sequences where a record
        has them (valid only for the placeholders they were made with); true,
        false, or a function of the record;
        ``on_error(record, exc)``: called for a record that does not compile,
        which is then left out (default: the CheckerError is raised).
        """
        folder = folder or default_folder()
        classes = word_classes(classes, folder.fold)  # folded once for every record
        rules = []
        for record in records:
            try:
                use = use_compiled(record) if callable(use_compiled) else use_compiled
                rules.append(compile_rule(record, folder.fold, placeholders, use, classes))
            except CheckerError as exc:
                if on_error is None:
                    raise
                on_error(record, exc)
        return cls(rules, folder, backend, categories)

    def _starts(self, folded, seq, pos, low, high):
        """Where a match of ``seq`` whose anchor sits at ``pos`` may start."""
        if high == 0:
            return (pos,)
        first = seq[0]
        if isinstance(first, str):
            starts, end = [], pos - low + len(first)
            s = folded.find(first, max(0, pos - high), end)
            while s >= 0:
                starts.append(s)
                s = folded.find(first, s + 1, end)
            return starts
        return member_starts(folded, first, pos - high, pos - low)

    def scan(self, folded, langs=("zh", "en"), resolve=True):
        """(rule, start, end) in folded coordinates, overlaps resolved unless ``resolve`` is false."""
        best = {}  # (rule id, start) -> the longest match of that rule there
        table, starts_of = self.table, self._starts
        for last, key in self.automaton.ends(folded):
            gates = table.get(key)
            if gates is None:
                continue  # a Checker made by derived() may not use every key
            if gates[0].__class__ is str:
                gates = (gates,)  # a key that begins one literal holds its gate alone (see _table)
            for literal, exact, after_any, before_any, lone_all, entries in gates:
                pos = last + 1 - len(key)
                if not exact and not folded.startswith(literal, pos):
                    continue
                stop = pos + len(literal)
                next_char, last_char = folded[stop:stop + 1], folded[pos - 1:pos]  # "" at either end
                if after_any is not None:
                    if after_any.__class__ is dict:
                        entries = after_any.get(next_char, entries)
                        if not entries:
                            continue
                    elif next_char not in after_any:
                        continue  # no entry's neighbours
                if before_any is not None and last_char not in before_any:
                    continue  # no entry's neighbours
                if lone_all and last_char and last_char != "\n" and (last_char.isalnum() or not _mark(last_char)):
                    continue  # not alone in its line
                # Entries that share a condition on the part before or after a gap hold
                # one tuple for it and stand together (see _table): it is tested once.
                tested_onward = tested_prior = None
                for rule, lang, seq, low, high, after, before, lone, prior, onward in entries:
                    if after is not None and next_char not in after or before is not None and last_char not in before or lang not in langs:
                        continue
                    if onward is not None:
                        if onward is not tested_onward:
                            tested_onward, part, fewest, most, heads = onward, *onward
                            if heads is None:
                                onward_ok = folded.find(part, stop + fewest, stop + most + len(part)) >= 0
                            else:
                                onward_ok = heads(folded, stop + fewest, stop + most + 1) is not None and _occurs(folded, part, stop + fewest, stop + most)
                        if not onward_ok:
                            continue
                    if high == 0:
                        if lone and last_char and last_char != "\n" and (last_char.isalnum() or not _mark(last_char)):
                            continue  # not alone in its line
                        starts = (pos,)
                    else:
                        if prior is not None:
                            if prior is not tested_prior:
                                tested_prior, prior_ok = prior, _near(folded, prior, pos)
                            if not prior_ok:
                                continue
                        starts = starts_of(folded, seq, pos, low, high)
                    for start in starts:
                        end = match_at(folded, seq, start)
                        if end < 0:
                            continue
                        known = best.get((rule.id, start))
                        if known and known[2] >= end:
                            continue
                        if (rule.unless or rule.when) and dropped(rule, folded, start, end):
                            continue
                        best[(rule.id, start)] = (rule, start, end)
        candidates = list(best.values())
        if not resolve:
            return sorted(candidates, key=lambda c: (c[1], c[2], c[0].id))
        # Longest first at each start, then the more severe; a match inside a kept one
        # as severe or more says nothing new and is dropped, so rule order never matters.
        # A more severe one inside a milder one (an error inside a long wording note) is
        # kept: the milder one must not hide it. A forbid match that runs on from a kept
        # forbid match of the same category, as severe or more, sharing words with it, is
        # dropped too (明天再来吧 after 要下班了，明天再来): both name one taboo and both would
        # rewrite the same sentence, so one finding says it. Two that share only a
        # punctuation mark ("not my job," and ", ask someone else") are two taboos.
        candidates.sort(key=lambda c: (c[1], -(c[2] - c[1]), -severity_rank(c[0].severity), c[0].id))
        kept, last = [], {}
        ranks = severity_rank("error") + 1
        reach = [-1] * ranks  # by severity rank: the farthest end of a kept match that severe or more
        same, none = {}, [-1] * ranks  # the same, per category, of the kept forbid matches
        for rule, start, end in candidates:
            rank = severity_rank(rule.severity)
            if end <= reach[rank]:
                continue
            if last.get(rule.id, -1) > start:
                continue  # the same rule overlapping itself
            forbid = rule.kind == "forbid"
            if forbid and _shares_words(folded, start, same.get(rule.category, none)[rank]):
                continue
            kept.append((rule, start, end))
            _reach_to(reach, rank, end)
            if forbid:
                _reach_to(same.setdefault(rule.category, [-1] * ranks), rank, end)
            last[rule.id] = end
        return kept

    def matches(self, text, lang=None, resolve=True):
        """(rule, start, end) in ``text``'s own offsets; ``lang`` limits the patterns to one language."""
        langs = (lang,) if lang else ("zh", "en")
        folded = self.folder.fold(text)
        found = self.scan(folded.text, langs, resolve)
        if resolve and self.similar is not None:
            hints = self.similar.hints_for(folded.text, langs, [(s, e) for _, s, e in found], pauses(folded, text))
            if hints:
                found = sorted(found + hints, key=lambda c: c[1])
        return [(rule, folded.start(s), folded.end(e)) for rule, s, e in found]

    def check(self, text, lang=None, resolve=True):
        """Findings for one reply, in the language of ``lang`` or else of the text.

        With ``resolve`` false, every match of every rule is kept, even inside
        another finding (the self-tests use this to test each rule on its own).
        """
        out_lang = lang or text_lang(text)
        starts = line_starts_of(text)
        return [make_finding(rule, text, s, e, out_lang, 0, starts) for rule, s, e in self.matches(text, lang, resolve)]


def text_lang(text):
    """The language messages are given in when none is asked for: Chinese if the text has any."""
    return "zh" if HAS_CJK.search(text) else "en"


def line_starts_of(text):
    starts = [0]
    starts.extend(m.end() for m in re.finditer("\n", text))
    return starts


def make_finding(rule, text, start, end, out_lang, offset, line_starts, role=None, message=None):
    absolute = start + offset
    line = bisect.bisect_right(line_starts, absolute)
    match = text[start:end]
    # A drop-in goes into the text in the language of the words it replaces.
    fix_lang = ("zh" if HAS_CJK.search(match) else "en") if rule.kind == "replace" else out_lang
    return Finding(
        rule=rule.id,
        category=rule.category,
        severity=rule.severity,
        start=absolute,
        end=end + offset,
        match=match,
        message=message or rule.message.get(out_lang) or rule.message.get("zh", ""),
        suggestions=tuple(s.get(fix_lang) or s.get("zh", "") for s in rule.suggest),
        line=line,
        col=absolute - line_starts[line - 1] + 1,
        role=role,
        kind=rule.kind,
    )
