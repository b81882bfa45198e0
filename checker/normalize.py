"""Fold text so disguised wording still matches, and map offsets back.

Folding is two passes. The first maps single characters with a table built
from OpenCC and Unicode data at build time (traditional -> simplified, NFKC of
single characters, lower case, curly -> straight quotes): it keeps every
character in place, so offsets need no map. A short text is one
``str.translate``. A long one is searched with one regular expression for the
characters the table changes; where they are few (simplified Chinese, with a
full-width comma here and there) only those are mapped and the text is joined
around them, several times faster than translating every character; where they
are many (traditional Chinese) it is translated through a list over the Basic
Multilingual Plane, which never misses as a dict does on every character it
leaves alone. The second pass handles what
changes length - zero-width characters, spaces and filler marks between
Chinese characters, runs of spaces, characters whose NFKC form is several
characters, English contractions - with one regular expression; clean
Chinese text has nothing for it to do, which keeps the common case fast.
Regional words (莫得 -> 没有, 唔知 -> 不知道, from data/dialect.yml) are found
by one more expression and replaced in the same pass.
"""

import bisect
import json
import re


CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
ZERO_WIDTH = "\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
SPACE = "\t\r\f\v \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
FILLER = "·•*_~\\-/|.・"
# Punctuation as folded (full-width marks become ASCII); a space between it and
# a Chinese character is never meaningful.
PUNCT = set("!\"#$%&'()*+,./:;<=>?@[]^`{}~、。「」『』【】《》〈〉…—")

CONTRACTIONS = {"can": "cannot", "won": "will not", "shan": "shall not", "ain": "is not"}
SUFFIXES = {"m": " am", "re": " are", "ve": " have", "ll": " will", "d": " would"}


class Folded:
    """Folded text plus the map from its offsets back to the original text."""

    __slots__ = ("text", "_out", "_src", "_copy")

    def __init__(self, text, pieces=None):
        self.text = text
        # pieces: (out_start, src_start, src_end, copied) in order; None = identity.
        if pieces:
            self._out = [p[0] for p in pieces]
            self._src = [(p[1], p[2]) for p in pieces]
            self._copy = [p[3] for p in pieces]
        else:
            self._out = None

    def start(self, pos):
        """Original offset where folded character ``pos`` begins."""
        if self._out is None:
            return pos
        i = bisect.bisect_right(self._out, pos) - 1
        src_start, _ = self._src[i]
        return src_start + (pos - self._out[i]) if self._copy[i] else src_start

    def end(self, pos):
        """Original offset just after folded character ``pos - 1``."""
        if self._out is None:
            return pos
        i = bisect.bisect_right(self._out, pos - 1) - 1
        src_start, src_end = self._src[i]
        return src_start + (pos - self._out[i]) if self._copy[i] else src_end


    def dropped(self, original, chars):
        """Folded offsets where folding dropped a stretch of ``original`` (the text this was
        folded from) that holds one of ``chars``: the speech recogniser's pause mark ``_``
        between two Chinese characters, say."""
        if self._out is None:
            return []
        out, reach = [], 0
        for at, (src_start, src_end) in zip(self._out, self._src):
            if src_start > reach and any(c in chars for c in original[reach:src_start]):
                out.append(at)
            reach = src_end
        return out


# The speech recogniser's pause mark: folding drops it between Chinese characters (so the
# rules read 不_归我管 as 不归我管), but for the similarity tier a clause ends there.
PAUSE = "_"


def pauses(folded, original):
    """Offsets in ``folded`` (the Folded of ``original``) where a pause mark was dropped."""
    return folded.dropped(original, PAUSE) if PAUSE in original else []


def _word_pattern(word):
    """The regular expression for one regional word of the fold table, with its context.

    What may come before is tested after the first character (``a(?<![x]a)`` for
    ``(?<![x])a``), so every branch starts with a literal and Python's engine skips at
    once the characters that start none of them.
    """
    first, rest = re.escape(word["from"][0]), re.escape(word["from"][1:])
    behind = ""
    if word.get("prev") == "han":
        behind += f"(?<=[{CJK}]{first})"
    elif word.get("prev") == "not-han":
        behind += f"(?<![{CJK}]{first})"
    if "after" in word:
        behind += f"(?<=[{re.escape(word['after'])}]{first})"
    if "not_after" in word:
        behind += f"(?<![{re.escape(word['not_after'])}]{first})"
    out = first + behind + rest
    if "before" in word:
        out += f"(?=[{re.escape(word['before'])}])"
    if "not_before" in word:
        out += f"(?![{re.escape(word['not_before'])}])"
    if word.get("next") == "han":
        out += f"(?=[{CJK}])"
    elif word.get("next") == "not-han":
        out += f"(?![{CJK}])"
    return out


def _is_cjk(char):
    return bool(char) and _CJK_CHAR.match(char) is not None


def _is_word_char(char):
    return bool(char) and char.isascii() and char.isalpha()


_CONTRACTION = re.compile(r"([a-z]+)'(t|m|re|ve|ll|d)")


def expand_contraction(token):
    """``can't`` -> ``cannot``, ``don't`` -> ``do not``, ``i'm`` -> ``i am``; anything else unchanged."""
    m = _CONTRACTION.fullmatch(token)
    if not m:
        return token
    stem, suffix = m.groups()
    if suffix != "t":
        return stem + SUFFIXES[suffix]
    if stem in CONTRACTIONS:
        return CONTRACTIONS[stem]
    if stem.endswith("n") and len(stem) > 1:
        return stem[:-1] + " not"
    return token


_CJK_CHAR = re.compile(f"[{CJK}]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
LONG = 10_000  # from this many characters on, fold() maps only what changes, or translates through the list (see Folder.translate)
SPARSE = 24  # one changed character in this many or fewer: only those are mapped
SAMPLE = 4096  # characters at the start of a long text that tell at once whether it is dense


def _class(codes):
    """A regular expression matching any one of the code points ``codes``, written in ranges
    (a class over many single characters is slow to compile); it never matches for none."""
    runs = []
    for code in sorted(codes):
        if runs and code == runs[-1][1] + 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    if not runs:
        return "(?!)"
    return "[" + "".join(re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "") for a, b in runs) + "]"


_ZW_CHARS = re.compile(f"[{ZERO_WIDTH}]")
_FILLER_CHARS = re.compile(f"[{FILLER}]")


class Folder:
    """Builds the fold from the character table; ``fold`` is the hot path."""

    def __init__(self, table):
        self.one = {ord(k): v for k, v in table["one"].items()}
        self._bmp = None  # code point -> folded code point below U+10000, made by translate()
        self._changing = None  # what the table changes below U+10000, made by translate()
        self.many = table["many"]
        many_class = "".join(re.escape(c) for c in self.many)
        # Python's regex engine scans fast only for a pattern that starts with
        # one character class (or branches that each start with a literal).
        # So: one class for every character that may start a change, and one
        # pattern for spaces; a lone space between two Latin words (the common
        # case in English) never reaches Python code.
        self.trigger = re.compile(f"[{ZERO_WIDTH}{FILLER}{SPACE.replace(' ', '')}'{many_class}]")
        punct = "".join(re.escape(c) for c in sorted(PUNCT))
        self.spaces = re.compile(rf"  | (?=[{CJK}{ZERO_WIDTH}{FILLER}{punct}])| (?=not\b)")
        self.run = re.compile(f"[{SPACE}{FILLER}{ZERO_WIDTH}]*")
        # Regional words (莫得 -> 没有): one pattern, longest first, each with its context.
        words = sorted(table.get("words") or (), key=lambda w: -len(w["from"]))
        # Each branch is a group, so the group that matched names the entry (儿 has several).
        self.words = [w["to"] for w in words]
        self.word = re.compile("|".join(f"({_word_pattern(w)})" for w in words)) if words else None

    def _changes(self, t, words):
        """Start positions of possible changes, in order, from the patterns and ``words``
        (start -> end of each regional word found)."""
        a = [m.start() for m in self.trigger.finditer(t)]
        if words:
            a = sorted(set(a).union(words))
        if " " not in t:
            return a
        b = [m.start() for m in self.spaces.finditer(t)]
        return sorted(set(a).union(b)) if a else b

    def _word(self, t, s, done):
        """(start, end, replacement) for the English word around ``s``: zero-width characters
        dropped and a contraction expanded ("can't" -> "cannot", "we're" -> "we are")."""
        a = s
        while a > done and (_is_word_char(t[a - 1]) or _ZW_CHARS.match(t[a - 1])):
            a -= 1
        b = s
        while b < len(t) and (_is_word_char(t[b]) or t[b] == "'" or _ZW_CHARS.match(t[b])):
            b += 1
        return a, b, expand_contraction(_ZW_CHARS.sub("", t[a:b]))

    def _run(self, t, s, e, done):
        """(start, end, replacement) for a run of spaces, filler marks and zero-width characters."""
        before, after = (t[s - 1] if s else ""), (t[e] if e < len(t) else "")
        if (_is_cjk(before) or _is_cjk(after)) and (_is_cjk(before) or before in PUNCT) and (_is_cjk(after) or after in PUNCT):
            return s, e, ""  # inside a Chinese phrase, or between it and its punctuation: drop it all
        text = _ZW_CHARS.sub("", t[s:e])
        if not text and _is_word_char(before) and (_is_word_char(after) or after == "'"):
            return self._word(t, s, done)  # hidden inside a word: "do\u200bn't"
        if not text or _FILLER_CHARS.search(text):
            return s, e, text  # zero-width only, or marks outside Chinese: keep the marks
        if t.endswith("can", 0, s) and t.startswith("not", e) and not t[s - 4:s - 3].isalpha() and not t[e + 3:e + 4].isalpha():
            return s - 3, e + 3, "cannot"
        return s, e, " "

    def translate(self, text):
        """``text.translate(self.one)``; for a long text, by one of two faster ways.

        A long text is searched for the characters the table changes below
        U+10000. If they are few (one in SPARSE or fewer), only they are mapped
        and the pieces between them joined back. Otherwise the text is translated
        through a list over the Basic Multilingual Plane (2.6 MB in CPython, made
        only when such a text comes, not for replies nor in the browser's start-up
        snapshot). Either way a character past the plane (an emoji, a rare
        ideograph) is mapped with the dict afterwards.
        """
        if len(text) < LONG:
            return text.translate(self.one)
        if self._changing is None:
            self._changing = re.compile(_class([code for code in self.one if code < 0x10000]))
        changing = self._changing
        found = None
        if len(changing.findall(text, 0, SAMPLE)) * SPARSE <= SAMPLE:
            found = changing.findall(text)
            if len(found) * SPARSE > len(text):
                found = None  # dense further on
        t = self._sparse(text, found) if found is not None else self._dense(text)
        if _ASTRAL.search(t) is None:
            return t
        one = self.one
        return _ASTRAL.sub(lambda m: one.get(ord(m.group()), m.group()), t)

    def _sparse(self, text, found):
        """``text`` with the characters ``found`` (in order) mapped, the rest copied in pieces."""
        if not found:
            return text
        pieces = [""] * (2 * len(found) + 1)
        pieces[0::2] = self._changing.split(text)
        pieces[1::2] = "".join(found).translate(self.one)
        return "".join(pieces)

    def _dense(self, text):
        """``text`` translated below U+10000 through the list over the plane."""
        if self._bmp is None:
            bmp = list(range(0x10000))
            for code, folded in self.one.items():
                if code < 0x10000:
                    bmp[code] = ord(folded)
            self._bmp = bmp
        return text.translate(self._bmp)

    def fold(self, text):
        t = self.translate(text)
        words = None
        first = self.word.search(t) if self.word else None
        if first is not None:  # most texts hold no regional word: one search says so
            to = self.words
            words = {first.start(): (first.end(), to[first.lastindex - 1])}
            words.update((m.start(), (m.end(), to[m.lastindex - 1])) for m in self.word.finditer(t, first.end()))
        pieces, out, done, length = [], [], 0, 0
        for s in self._changes(t, words):
            if s < done:
                continue  # inside a run or word already handled
            char = t[s]
            if words and s in words:
                e, new = words[s]
            elif char in self.many:
                e, new = s + 1, self.many[char]
            elif char == "'":
                s, e, new = self._word(t, s, done)
                if new == t[s:e]:
                    continue
            else:
                s, e, new = self._run(t, s, self.run.match(t, s).end(), done)
                if s < done or new == t[s:e]:
                    continue
            if s > done:
                pieces.append((length, done, s, True))
                out.append(t[done:s])
                length += s - done
            if new:
                pieces.append((length, s, e, False))
                out.append(new)
                length += len(new)
            done = e
        if not pieces and done == 0:
            return Folded(t)
        pieces.append((length, done, len(t), True))
        out.append(t[done:])
        return Folded("".join(out), pieces)


_default = None


def default_folder():
    global _default
    if _default is None:
        from . import generated

        try:
            table = json.loads(generated.path("t2s.json").read_text(encoding="utf-8"))
        except FileNotFoundError:
            from .errors import CheckerError

            raise CheckerError(f"t2s.json {generated.MISSING}") from None
        _default = Folder(table)
    return _default


def fold(text):
    return default_folder().fold(text)
