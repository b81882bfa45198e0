"""The small pattern language of rules: literals, (a|b) groups, (x)? and .{m,n} gaps.

A pattern expands into a list of *sequences*. A sequence is a tuple
``(literal, (min, max), literal, ...)``: literals separated by gaps. Each
literal is folded the same way as the checked text, so authors write natural
text and the matcher compares folded with folded.
"""

import re

from .errors import CheckerError

MAX_GAP = 20
MAX_EXPANSIONS = 512
PLACEHOLDER = re.compile(r"\{([a-z]+)\}")
GAP = re.compile(r"\.\{(\d+),(\d+)\}")


class _Parser:
    def __init__(self, source, placeholders):
        self.source, self.pos, self.placeholders = source, 0, placeholders

    def fail(self, message):
        raise CheckerError(f"pattern {self.source!r}, at character {self.pos + 1}: {message}")

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
            piece = self.atom()
            if self.peek() == "?":
                self.pos += 1
                piece = piece + [[]]
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
            return options
        if char == "\\":
            if self.pos + 1 >= len(self.source):
                self.fail("'\\' at the end")
            self.pos += 2
            return [[self.source[self.pos - 1]]]
        if char == ".":
            m = GAP.match(self.source, self.pos)
            if not m:
                self.fail("a '.' must be a gap '.{m,n}' (write '\\.' for a full stop)")
            low, high = int(m.group(1)), int(m.group(2))
            if low > high or high > MAX_GAP:
                self.fail(f"gap must be .{{m,n}} with m <= n <= {MAX_GAP}")
            self.pos = m.end()
            return [[(low, high)]]
        if char == "{":
            m = PLACEHOLDER.match(self.source, self.pos)
            if not m:
                self.fail("'{' starts a placeholder such as {company} (write '\\{' for a brace)")
            name = m.group(1)
            if name not in self.placeholders:
                self.fail(f"unknown placeholder {{{name}}}")
            self.pos = m.end()
            return [[value] for value in self.placeholders[name]]
        if char in "?}":
            self.fail(f"unexpected '{char}'")
        self.pos += 1
        return [[char]]


def expand(source, placeholders=None):
    """The raw (unfolded) sequences a pattern stands for."""
    sequences = []
    for tokens in _Parser(source, placeholders or {}).parse():
        seq, text = [], ""
        for token in tokens:
            if isinstance(token, tuple):
                if text:
                    seq.append(text)
                    text = ""
                if seq and isinstance(seq[-1], tuple):
                    seq[-1] = (seq[-1][0] + token[0], seq[-1][1] + token[1])
                else:
                    seq.append(token)
            else:
                text += token
        if text:
            seq.append(text)
        sequences.append(tuple(seq))
    return sequences


def compile_pattern(source, fold, placeholders=None):
    """Folded, de-duplicated sequences; every one starts and ends with a literal."""
    result = []
    for seq in expand(source, placeholders):
        folded = tuple(fold(t).text.strip() if isinstance(t, str) else t for t in seq)
        if not folded or isinstance(folded[0], tuple) or isinstance(folded[-1], tuple):
            raise CheckerError(f"pattern {source!r}: must start and end with text, not a gap")
        if any(t == "" for t in folded):
            raise CheckerError(f"pattern {source!r}: a part is empty after normalisation, so it can never match")
        if folded not in result:
            result.append(folded)
    return result
