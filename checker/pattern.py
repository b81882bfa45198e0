"""The small pattern language of rules: literals, (a|b) groups, (x)?, .{m,n} gaps and <class> word classes.

A pattern expands into a list of *sequences*. A sequence is a tuple
``(part, (min, max), part, ...)``: parts separated by gaps. A part is a
literal (a string) or a ``Choice``, the folded members of one word class: a
class stays one part however many members it has, so ``<a>.{0,4}<b>`` is one
sequence, not one per pair of members. Two parts with nothing between them
are separated by the gap ``(0, 0)``. Each literal is folded the same way as
the checked text, so authors write natural text and the matcher compares
folded with folded.
"""

import difflib
import re
from dataclasses import dataclass

from .errors import CheckerError

MAX_GAP = 20
MAX_EXPANSIONS = 512
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")  # {company}, {reply_by}: the one placeholder syntax
GAP = re.compile(r"\.\{(\d+),(\d+)\}")
CLASS = re.compile(r"<([a-z][a-z0-9-]*)>")
CJK_CHAR = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")


@dataclass(frozen=True)
class ClassRef:
    """``<name>`` in a pattern, before the class is looked up."""

    name: str


@dataclass(frozen=True)
class Inline:
    """``(a|b|c)`` of plain words in a pattern, before folding: it compiles to a Choice."""

    alternatives: tuple


def _plain_word(tokens):
    """A group alternative that can be a Choice member: plain characters, no space at its edges."""
    text = "".join(t for t in tokens if isinstance(t, str))
    return bool(tokens) and all(isinstance(t, str) for t in tokens) and text == text.strip()


@dataclass(frozen=True)
class Choice:
    """One word class in a compiled sequence: any of its folded members, longest first."""

    name: str
    members: tuple

    def __post_init__(self):
        by_first = {}
        for member in self.members:
            by_first.setdefault(member[0], []).append(member)
        # The members that can start at a character: matching tries only these.
        object.__setattr__(self, "by_first", {c: tuple(ms) for c, ms in by_first.items()})

    @property
    def inline(self):
        """Written in the pattern as ``(a|b|c)`` (its name is that text), not a word class."""
        return self.name.startswith("(")

    @property
    def shortest(self):
        return min(map(len, self.members))

    @property
    def longest(self):
        return max(map(len, self.members))

    def heads(self):
        """Where a member may begin: a regular expression of the members' first characters,
        first character -> the members' lengths, and the members as a set. Made the first
        time the matcher asks, then kept on the Choice."""
        known = self.__dict__.get("_heads")
        if known is None:
            lengths = {c: tuple(sorted({len(m) for m in ms})) for c, ms in self.by_first.items()}
            first = re.compile("[" + "".join(map(re.escape, sorted(lengths))) + "]")
            known = (first, lengths, frozenset(self.members))
            object.__setattr__(self, "_heads", known)
        return known


def span(parts):
    """(fewest, most) characters a run of sequence parts (literals, gaps, Choices) can take."""
    low = high = 0
    for part in parts:
        if isinstance(part, tuple):
            low, high = low + part[0], high + part[1]
        elif isinstance(part, str):
            low, high = low + len(part), high + len(part)
        else:
            low, high = low + part.shortest, high + part.longest
    return low, high


def prefixes(part, size=2):
    """The first ``size`` characters (fewer for a shorter text) a part (literal or Choice) can start with."""
    found = {part[:size]} if isinstance(part, str) else {m[:size] for m in part.members}
    return {p for p in found if len(p) == 1 or p[0] not in found}  # 找 covers 找找


class _Parser:
    def __init__(self, source, placeholders, member=False, inline=False):
        self.source, self.pos, self.placeholders = source, 0, placeholders
        self.member = member  # a word-class member: literals, groups and '?' only
        self.inline = inline  # groups of plain words become one Choice part each

    def fail(self, message):
        what = "word-class member" if self.member else "pattern"
        raise CheckerError(f"{what} {self.source!r}, at character {self.pos + 1}: {message}")

    def parse(self):
        options = self.alternatives()
        if self.pos != len(self.source):
            self.fail("unbalanced ')'")
        return options

    def alternatives(self):
        """Expansions of ``seq ('|' seq)*``, each a list of tokens."""
        options = self.sequence()
        while self.peek() == "|":
            self.pos += 1
            options = options + self.sequence()
        return options

    def sequence(self):
        options = [[]]
        while self.pos < len(self.source) and self.peek() not in "|)":
            self.whole = None
            piece = self.atom()
            whole = self.whole
            optional = self.peek() == "?"
            if optional:
                self.pos += 1
                piece = piece + [[]]
            if whole is not None and len(options) * len(piece) > INLINE_OVER:
                # Alternatives of plain words stay one part, as a word class does, once
                # expanding them would make too many sequences.
                piece = [[whole], []] if optional else [[whole]]
            options = [a + b for a in options for b in piece]
            if len(options) > MAX_EXPANSIONS:
                self.fail(f"expands to more than {MAX_EXPANSIONS} variants")
        return options

    def peek(self):
        return self.source[self.pos] if self.pos < len(self.source) else ""

    def atom(self):
        """The expansions of one atom: a list of token lists."""
        char = self.peek()
        if char == "(":
            self.pos += 1
            options = self.alternatives()
            if self.peek() != ")":
                self.fail("missing ')'")
            self.pos += 1
            self.whole = None  # not a group inside this one
            if self.inline and len(options) > 1 and all(_plain_word(o) for o in options):
                self.whole = Inline(tuple("".join(o) for o in options))  # see sequence()
            return options
        if char == "\\":
            if self.pos + 1 >= len(self.source):
                self.fail("'\\' at the end")
            self.pos += 2
            return [[self.source[self.pos - 1]]]
        if char == ".":
            if self.member:
                self.fail("a word-class member cannot hold a gap (write '\\.' for a full stop)")
            m = GAP.match(self.source, self.pos)
            if not m:
                self.fail("a '.' must be a gap '.{m,n}' (write '\\.' for a full stop)")
            low, high = int(m.group(1)), int(m.group(2))
            if low > high or high > MAX_GAP:
                self.fail(f"gap must be .{{m,n}} with m <= n <= {MAX_GAP}")
            self.pos = m.end()
            return [[(low, high)]]
        if char == "{":
            if self.member:
                self.fail("a word-class member cannot hold a placeholder (write '\\{' for a brace)")
            m = PLACEHOLDER.match(self.source, self.pos)
            if not m:
                self.fail("'{' starts a placeholder such as {company} (write '\\{' for a brace)")
            name = m.group(1)
            if name not in self.placeholders:
                self.fail(f"unknown placeholder {{{name}}}")
            self.pos = m.end()
            return [[value] for value in self.placeholders[name]]
        if char == "<":
            if self.member:
                self.fail("a word-class member cannot name another class (write '\\<' for '<')")
            m = CLASS.match(self.source, self.pos)
            if not m:
                self.fail("'<' starts a word class such as <elsewhere> (write '\\<' for '<')")
            self.pos = m.end()
            return [[ClassRef(m.group(1))]]
        if char in "?}":
            self.fail(f"unexpected '{char}'")
        self.pos += 1
        return [[char]]


INLINE_OVER = 16  # a pattern that expands to more sequences keeps its word groups as Choices


def _tokens(source, placeholders):
    """The pattern's expansions; a pattern with many keeps its groups of plain words whole.

    Expanding keeps each sequence's literals long (good automaton keys), but
    ``(a|b|c) (d|e|f) (g|h)`` makes 18 sequences and a few such groups hundreds,
    each with its own key: past ``INLINE_OVER`` the groups stay one part each.
    """
    try:
        expanded = _Parser(source, placeholders).parse()
        if len(expanded) <= INLINE_OVER:
            return expanded
    except CheckerError:
        pass  # too many variants: the groups may still fit as Choices
    return _Parser(source, placeholders, inline=True).parse()


def expand(source, placeholders=None):
    """The raw (unfolded) sequences a pattern stands for; a word class stays a ``ClassRef``."""
    sequences = []
    for tokens in _tokens(source, placeholders or {}):
        seq, text = [], ""
        for token in tokens:
            if isinstance(token, str):
                text += token
                continue
            if text:
                seq.append(text)
                text = ""
            if isinstance(token, tuple) and seq and isinstance(seq[-1], tuple):
                seq[-1] = (seq[-1][0] + token[0], seq[-1][1] + token[1])
            else:
                seq.append(token)
        if text:
            seq.append(text)
        sequences.append(tuple(seq))
    return sequences


def expand_member(source):
    """The plain strings a word-class member stands for (literals, groups, '?')."""
    return ["".join(tokens) for tokens in _Parser(source, {}, member=True).parse()]


def compile_pattern(source, fold, placeholders=None, classes=None, lang=None):
    """Folded, de-duplicated sequences; every one starts and ends with a part, not a gap.

    ``classes`` looks word classes up (``classes.choice(name, lang)``, see
    checker.wordclass); ``lang`` picks the members of that language, None all of them.
    """
    result = []
    for raw in expand(source, placeholders):
        folded = _fold_sequence(source, raw, fold, classes, lang)
        if not folded or isinstance(folded[0], tuple) or isinstance(folded[-1], tuple):
            raise CheckerError(f"pattern {source!r}: must start and end with text, not a gap")
        if folded not in result:
            result.append(folded)
    return result


def _fold_sequence(source, raw, fold, classes, lang):
    parts = []
    for i, token in enumerate(raw):
        if isinstance(token, tuple):
            part = token
        elif isinstance(token, ClassRef):
            part = _lookup(source, token.name, classes, lang)
        elif isinstance(token, Inline):
            part = _inline(source, token, fold)
        else:
            part = _fold_literal(source, token, fold, raw, i)
        if part is None:
            continue  # spaces beside a class, not needed where the neighbour is Chinese
        if parts and not isinstance(part, tuple) and not isinstance(parts[-1], tuple):
            parts.append((0, 0))  # a class directly beside another part
        parts.append(part)
    return tuple(parts)


def _fold_literal(source, text, fold, raw, i):
    """A literal folded; beside a class, a space the author wrote stays (one) where the
    literal's edge is not Chinese, as "go <elsewhere-en>" needs it and "请<you>" does not."""
    folded = fold(text).text.strip()
    before = i > 0 and isinstance(raw[i - 1], (ClassRef, Inline))
    after = i + 1 < len(raw) and isinstance(raw[i + 1], (ClassRef, Inline))
    if not folded:
        if text.strip() == "" and before and after and text:
            return " "
        if (before or after) and text.strip() == "":
            return None
        raise CheckerError(f"pattern {source!r}: a part is empty after normalisation, so it can never match")
    if before and text[:1].isspace() and not CJK_CHAR.match(folded[0]):
        folded = " " + folded
    if after and text[-1:].isspace() and not CJK_CHAR.match(folded[-1]):
        folded = folded + " "
    return folded


def _inline(source, token, fold):
    members = {fold(text).text.strip() for text in token.alternatives}
    if "" in members:
        raise CheckerError(f"pattern {source!r}: an alternative is empty after normalisation, so it can never match")
    if len(members) == 1:
        return members.pop()
    return Choice("(" + "|".join(token.alternatives) + ")", tuple(sorted(members, key=lambda m: (-len(m), m))))


def _lookup(source, name, classes, lang):
    known = classes.names() if classes is not None else []
    if name not in known:
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"; did you mean <{close[0]}>?" if close else ""
        raise CheckerError(f"pattern {source!r}: unknown word class <{name}>{hint}")
    choice = classes.choice(name, lang)
    if choice is None:
        raise CheckerError(f"pattern {source!r}: word class <{name}> has no {lang} members")
    return choice
