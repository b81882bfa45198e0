"""Two Aho-Corasick backends behind one interface.

``native`` is pyahocorasick (a C extension); ``pure`` is a compact
pure-Python automaton for the browser, where no wasm build of pyahocorasick
exists. Both report every occurrence of every key, overlapping ones
included: ``find`` as ``(start, key)`` in order of start, then key (a parity
test keeps them equal), ``ends`` as ``(index of the key's last character,
key)`` in no set order, which the matcher needs and the native one gives
without building a list.

The pure automaton keeps its heap small, because the browser starts from a
memory snapshot of the started checker and a smaller heap restores faster:
states are ints, the trie's edges are one dict per character (state -> next
state), failure links and outputs are lists indexed by state (outputs as chains
along the failure links, not a tuple of keys per state). A scan jumps
with one regular expression to the next character that can start a key, and
walks the edges from there.
"""

import itertools
import re


class NativeAutomaton:
    name = "native"

    def __init__(self, keys):
        import ahocorasick

        self._automaton = ahocorasick.Automaton()
        for key in keys:
            self._automaton.add_word(key, key)
        self._empty = not keys
        if not self._empty:
            self._automaton.make_automaton()

    def find(self, text):
        hits = [(end - len(key) + 1, key) for end, key in self.ends(text)]
        hits.sort()
        return hits

    def ends(self, text):
        return () if self._empty else self._automaton.iter(text)


class PureAutomaton:
    name = "pure"

    def __init__(self, keys):
        edges = {}  # character -> {state: next state}
        children = [[]]  # state -> [(character, child)], to walk the trie breadth first
        ends = {}  # state -> the key that ends there
        for key in keys:
            state = 0
            for char in key:
                table = edges.setdefault(char, {})
                child = table.get(state)
                if child is None:
                    child = table[state] = len(children)
                    children.append([])
                    children[state].append((char, child))
                state = child
            ends[state] = key
        # Outputs as chains, not one tuple per state: first[state] is the state itself when a
        # key ends there, else the nearest state on its failure path where one does (0: none);
        # further[state] goes on to the next such state. Longest key first, as the path goes.
        fail = [0] * len(children)
        word = [None] * len(children)  # state -> the key that ends there
        first = [0] * len(children)
        further = [0] * len(children)
        for state, key in ends.items():
            word[state] = key
        queue = [child for _, child in children[0]]
        for child in queue:
            if word[child] is not None:
                first[child] = child
        for state in queue:  # grows while it is walked: breadth first
            for char, child in children[state]:
                table, f = edges[char], fail[state]
                while True:
                    target = table.get(f)
                    if target is not None:
                        fail[child] = target
                        break
                    if f == 0:
                        break
                    f = fail[f]
                inherited = first[fail[child]]
                if word[child] is not None:
                    first[child], further[child] = child, inherited
                else:
                    first[child] = inherited
                queue.append(child)
        self._edges, self._fail, self._word, self._first, self._further = edges, fail, word, first, further
        starts = "".join(re.escape(char) for char, _ in sorted(children[0]))
        self._skip = re.compile(f"[{starts}]") if starts else None

    def find(self, text):
        hits = [(end - len(key) + 1, key) for end, key in self._walk(text)]
        hits.sort()
        return hits

    def ends(self, text):
        return self._walk(text)

    def _walk(self, text):
        hits = []
        if self._skip is None:
            return hits
        edges, fail, word, first, further = self._edges.get, self._fail, self._word, self._first, self._further
        add, search, n = hits.append, self._skip.search, len(text)
        found = search(text)
        while found is not None:
            i, state = found.start(), 0
            while i < n:
                table = edges(text[i])
                i += 1
                if table is None:
                    break  # no key has this character: back to the root, skip ahead
                nxt = table.get(state)
                while nxt is None and state:
                    state = fail[state]
                    nxt = table.get(state)
                if nxt is None:
                    break
                state = nxt
                out = first[state]
                while out:
                    add((i - 1, word[out]))
                    out = further[out]
            found = search(text, i) if i < n else None
        return hits


class Merged:
    """Two automata over disjoint keys as one: a base and the keys a team's rules add."""

    def __init__(self, base, extra):
        self.name = base.name
        self._parts = (base, extra)

    def find(self, text):
        hits = self._parts[0].find(text) + self._parts[1].find(text)
        hits.sort()
        return hits

    def ends(self, text):
        return itertools.chain(self._parts[0].ends(text), self._parts[1].ends(text))


BACKENDS = {"native": NativeAutomaton, "pure": PureAutomaton}


def available(name):
    try:
        BACKENDS[name]([])
        return True
    except ImportError:
        return False


def build(keys, backend="auto"):
    """An automaton over ``keys``; ``auto`` prefers the native backend."""
    keys = sorted(set(keys))
    if backend == "auto":
        backend = "native" if available("native") else "pure"
    return BACKENDS[backend](keys)
