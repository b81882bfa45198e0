"""Two Aho-Corasick backends behind one interface.

``native`` is pyahocorasick (a C extension); ``pure`` is ahocorapy (pure
Python) for the browser, where no wasm build of pyahocorasick exists. Both
report every occurrence of every key, overlapping ones included, as
``(start, key)`` in order of start, then key; a parity test keeps them equal.
"""


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
        if self._empty:
            return []
        hits = [(end - len(key) + 1, key) for end, key in self._automaton.iter(text)]
        hits.sort()
        return hits


class PureAutomaton:
    name = "pure"

    def __init__(self, keys):
        from ahocorapy.keywordtree import KeywordTree

        self._tree = KeywordTree()
        for key in keys:
            self._tree.add(key)
        self._tree.finalize()

    def find(self, text):
        hits = [(start, key) for key, start in self._tree.search_all(text)]
        hits.sort()
        return hits


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
